#!/bin/sh
# class: a Guest binds DMA buffers until the Host refuses: LGUEST_MAX_DMA (32) bindings, the 33rd answered 0, bad irq or count refused
. "$(dirname "$0")/lib.sh"
expect_clean dma-limits.elf '33rd refused'
