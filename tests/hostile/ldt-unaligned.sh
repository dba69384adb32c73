#!/bin/sh
# class: a Guest sends an LDT that does not start a page: killed
. "$(dirname "$0")/lib.sh"
expect_killed ldt-unaligned.elf 'does not start a page'
