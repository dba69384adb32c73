#!/bin/sh
# class: a Launcher gives its Guest memory past 2 GiB and asks LHREQ_GETDMA for a buffer there: INITIALIZE refuses it, so no GETDMA result is negative; just below 2 GiB the address comes back whole (F19)
. "$(dirname "$0")/lib.sh"
"$d/lgattack" getdma-high "$d/dmax-high.elf" "$d/dmax-low.elf"
