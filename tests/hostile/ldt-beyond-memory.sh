#!/bin/sh
# class: a Guest's LDT page is mapped beyond its memory (127 MiB of 16): killed
. "$(dirname "$0")/lib.sh"
expect_killed ldt-beyondmem.elf 'LDT page at 0xc0400000 is not mapped to Guest memory'
