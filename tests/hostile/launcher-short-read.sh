#!/bin/sh
# class: a Launcher read()s /dev/lguest into a buffer smaller than the 8 bytes a DMA result takes (0 to 7 bytes): refused with EINVAL, not a byte written past it (F12)
. "$(dirname "$0")/lib.sh"
"$d/lgattack" short-read "$d/hello.elf"
