#!/bin/sh
# class: rdpmc from the Guest's ring 1 and ring 3, even with the Host allowing rdpmc to every process: #GP each time, no counter read
. "$(dirname "$0")/lib.sh"
# Where the Host has a PMU, allow rdpmc everywhere (CR4.PCE for every
# process, the Launcher included): the Guest still must not have it.
f=/sys/bus/event_source/devices/cpu/rdpmc
old=
if [ -w $f ]; then
	old=$(cat $f)
	echo 2 >$f && echo "Host: rdpmc allowed to every process"
else
	echo "Host: no PMU (no $f), CR4.PCE stays clear"
fi
expect_clean rdpmc.elf "rdpmc: #GP in ring 1 and ring 3"
rc=$?
[ -n "$old" ] && echo "$old" >$f
exit $rc
