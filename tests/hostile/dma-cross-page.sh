#!/bin/sh
# class: a Guest sends a DMA buffer whose section crosses a page end: killed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-24.elf 'bad DMA buffer at'
