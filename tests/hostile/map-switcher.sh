#!/bin/sh
# class: a Guest maps its own page over the Switcher's address (SET_PTE) or uses a 4 MiB PSE directory entry: killed
. "$(dirname "$0")/lib.sh"
rc=0
expect_killed hostile-9.elf 'attempt to map switcher address' || rc=1
expect_killed hostile-11.elf 'bad page directory entry' || rc=1
exit $rc
