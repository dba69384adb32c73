#!/bin/sh
# class: a Guest sends an LDT holding a DPL 0 code segment: killed
. "$(dirname "$0")/lib.sh"
expect_killed ldt-dpl0code.elf 'bad LDT entry 0 .*code of DPL 0'
