#!/bin/sh
# class: a Guest loads a DPL 0 code segment, jumps through it and lrets to RPL 0: it stays in ring 1 and the #GP kills it
. "$(dirname "$0")/lib.sh"
expect_killed hostile-6.elf 'unhandled trap 13'
