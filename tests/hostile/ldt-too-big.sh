#!/bin/sh
# class: a Guest sends LOAD_LDT with 8193 entries (one more than LDT_ENTRIES): killed before anything is copied
. "$(dirname "$0")/lib.sh"
expect_killed ldt-toobig.elf 'LDT of 8193 entries'
