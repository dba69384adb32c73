#!/bin/sh
# class: the Guest kernel reads the Switcher's code page and calls a Switcher stub from ring 1, and runs code it put in the regs page: the stub ends in a #GP (its DPL-0 segment load), the regs page code runs in ring 1 only, the Guest is not killed
. "$(dirname "$0")/lib.sh"
expect_clean switcher-exec.elf "switcher: its code ends in #GP in ring 1"
