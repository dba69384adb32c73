#!/bin/sh
# class: a Guest divides by zero with no IDT entry for #DE: killed (trap 0), not reflected into nowhere
. "$(dirname "$0")/lib.sh"
expect_killed hostile-22.elf 'unhandled trap 0'
