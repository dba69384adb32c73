#!/bin/sh
# class: while the owner runs its Guest, a second thread of the Launcher tries IRQ, GETDMA and read() (EPERM each), BREAKs the owner 300 times, then closes the fd under its read(): no hang, the owner's next read() gets EBADF
. "$(dirname "$0")/lib.sh"
"$d/lgattack" threads "$d/hostile-19.elf"
