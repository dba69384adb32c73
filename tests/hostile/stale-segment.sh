#!/bin/sh
# class: a Guest loads %gs, then removes its GDT entry and lets the Host reload it: killed on entry, Host unharmed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-12.elf 'while loading guest state'
