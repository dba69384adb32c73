#!/bin/sh
# class: a Guest loads an LDT, uses it, then turns its own copy into a call gate: the CPU still sees the Host's sanitised copy (lar), readable in ring 1; LOAD_LDT 0 drops it
. "$(dirname "$0")/lib.sh"
expect_clean ldt-use.elf 'ldt: loaded, used, unchanged by our copy, dropped'
