#!/bin/sh
# class: a Guest loads a GDT of 33 entries, one more than it may have: killed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-4.elf 'too many GDT entries 33'
