#!/bin/sh
# class: a Launcher without CAP_IPC_LOCK and RLIMIT_MEMLOCK 1 MiB runs a Guest that touches 12 MiB (F8): the pins are charged to it and the Guest is killed at the limit; with 64 MiB it runs
. "$(dirname "$0")/lib.sh"

# lgrun -L drops CAP_IPC_LOCK; the subshell's ulimit is the RLIMIT_MEMLOCK
# the Host must hold it to (in KiB).
out=$( (ulimit -l 1024 && exec "$d/lgrun" -L -t 100 "$d/touch.elf") 2>&1); rc=$?
fail=0
reason=$(echo "$out" | sed -n 's/^lgrun: guest died: //p')
if [ $rc -eq 1 ] && echo "$reason" | grep -q 'RLIMIT_MEMLOCK'; then
	echo "memlock 1 MiB: killed as expected: $reason"
else
	echo "memlock 1 MiB: wanted a kill at RLIMIT_MEMLOCK; got exit $rc, reason '$reason'"
	echo "$out" | tail -n 5 | sed 's/^/  /'
	fail=1
fi
out=$( (ulimit -l 65536 && exec "$d/lgrun" -L -t 100 "$d/touch.elf") 2>&1); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q '12 MiB touched'; then
	echo "memlock 64 MiB: the Guest ran to the end"
else
	echo "memlock 64 MiB: wanted a clean run; got exit $rc"
	echo "$out" | tail -n 5 | sed 's/^/  /'
	fail=1
fi
exit $fail
