#!/bin/sh
# class: a Guest points LOAD_LDT at the Switcher's 4 MiB (0xffc00000): killed
. "$(dirname "$0")/lib.sh"
expect_killed ldt-switcher.elf 'LDT at 0xffc00000 runs into the Switcher'
