#!/bin/sh
# class: a Guest sends an LDT whose entry 1 is a call gate to the Switcher's ring-0 code: killed, naming the entry
. "$(dirname "$0")/lib.sh"
expect_killed ldt-callgate.elf 'bad LDT entry 1 (0000ec00 00500000): system descriptor'
