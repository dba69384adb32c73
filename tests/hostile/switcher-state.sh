#!/bin/sh
# class: the Guest kernel reads its CPU's Switcher state page (the header and the TSS before its GDT and IDT): it finds no Host kernel address (no Host stack pointer, GDT or IDT address)
. "$(dirname "$0")/lib.sh"
expect_clean switcher-read-state.elf "switcher: state page has no Host kernel address"
