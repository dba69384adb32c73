#!/bin/sh
# class: a Guest writes the Host's copy of its LDT, where the GDT's LDT descriptor points: killed, the copy is read-only Switcher memory
. "$(dirname "$0")/lib.sh"
expect_killed ldt-writehost.elf 'attempt to access switcher pages'
