#!/bin/sh
# class: a Guest page directory entry covers the Switcher's 4 MiB and the Guest reads 0xFFFFF000: killed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-10.elf 'attempt to access switcher pages'
