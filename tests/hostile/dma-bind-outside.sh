#!/bin/sh
# class: a Guest binds a DMA array beyond its memory: killed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-25.elf 'BIND_DMA outside memory'
