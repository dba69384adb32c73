#!/bin/sh
# class: a Guest sends an LDT that starts below the Switcher's 4 MiB and runs into it: killed
. "$(dirname "$0")/lib.sh"
expect_killed ldt-intoswitcher.elf 'LDT at 0xffbff000 runs into the Switcher'
