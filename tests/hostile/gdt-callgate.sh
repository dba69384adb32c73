#!/bin/sh
# class: a Guest plants a DPL 3 call gate to ring 0 in its GDT (LOAD_GDT) or TLS slots (LOAD_TLS): killed
. "$(dirname "$0")/lib.sh"
rc=0
expect_killed hostile-5.elf 'bad GDT entry 20' || rc=1
expect_killed hostile-23.elf 'bad GDT entry 7' || rc=1
exit $rc
