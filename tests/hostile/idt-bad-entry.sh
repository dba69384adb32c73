#!/bin/sh
# class: a Guest sets an IDT entry of a bad type (call gate) or for vector 300: killed
. "$(dirname "$0")/lib.sh"
rc=0
expect_killed hostile-7.elf 'bad IDT type' || rc=1
expect_killed hostile-21.elf 'bad IDT vector 300' || rc=1
exit $rc
