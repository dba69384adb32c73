#!/bin/sh
# class: four Waker processes issue LHREQ_BREAK 1 two hundred times each, all at once, while the owner runs its Guest and answers each EAGAIN with BREAK 0: no Waker stays blocked, no hang, and the Guest still runs afterwards
. "$(dirname "$0")/lib.sh"
"$d/lgattack" break-race "$d/hostile-19.elf"
