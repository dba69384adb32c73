#!/bin/sh
# class: a Launcher gives LHREQ_INITIALIZE extreme arguments (no or few words, pfnlimit 0 or huge, pgdir outside or unaligned, page_offset in the Switcher, start anywhere, arguments off mapped memory, 4 KiB of them): each refused with the right error, or the Guest dies or runs and close() frees it
. "$(dirname "$0")/lib.sh"
"$d/lgattack" initialize "$d/hello.elf"
