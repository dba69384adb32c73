#!/bin/sh
# class: a Launcher with an LDT (modify_ldt) runs a Guest that finds that LDT's Host address (lar, page fault), maps a page of its own there with a call gate to the Switcher's ring-0 code and far-calls through it: the Guest runs with no LDT, the lcall faults in ring 1
. "$(dirname "$0")/lib.sh"
expect_clean ldtr.elf "ldtr: no LDT in the Guest, the call gate faulted" --ldt
