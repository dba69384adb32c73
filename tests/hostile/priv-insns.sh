#!/bin/sh
# class: a Guest runs cli, hlt, mov to %cr3, lgdt in ring 1: each faults to its own handler (in/out are emulated), then sti without a handler kills it
. "$(dirname "$0")/lib.sh"
expect_killed hostile-18.elf 'unhandled trap 13'
