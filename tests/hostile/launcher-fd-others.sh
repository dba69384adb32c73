#!/bin/sh
# class: the /dev/lguest fd in other hands (a forked child, the program it exec()s, an unrelated process given it over a Unix socket, anyone after the owner exited): none may run the Guest or ask for IRQ/GETDMA (EPERM) or create another (EBUSY); BREAK 0 works; the owner keeps its Guest
. "$(dirname "$0")/lib.sh"
"$d/lgattack" others "$d/hostile-19.elf" "$d/lgattack"
