#!/bin/sh
# class: a Guest with ~800,000 shadow PTEs is killed (F7): releasing them gives the CPU back, a task sharing the CPU never waits 150 ms
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pinflood.lib"

# maxgap sleeps 1 ms at a time on CPU 0 and reports its longest wait; the
# Launcher runs on CPU 0 too.  Killing it closes /dev/lguest, which drops
# every shadow table and pin at once, as FLUSH_TLB(1) would.  Releasing
# 786,432 shadow PTEs without a break holds the CPU ~250 ms under TCG; with
# cond_resched() between page tables the longest wait is ~20 ms.
taskset 1 "$d/maxgap" 300 >/tmp/maxgap.out &
gap_pid=$!
sleep 1
if ! start_pinflood taskset 1; then
	kill $gap_pid
	wait $gap_pid
	exit 1
fi
stop_pinflood
sleep 1
kill -TERM $gap_pid
wait $gap_pid
gap=$(sed -n 's/^maxgap: \([0-9]*\) ms.*/\1/p' /tmp/maxgap.out)
cat /tmp/maxgap.out
rm -f /tmp/maxgap.out
if [ -z "$gap" ] || [ "$gap" -ge 150 ]; then
	echo "a task on the Launcher's CPU waited ${gap:-?} ms"
	exit 1
fi
echo "longest wait on the Launcher's CPU: $gap ms"
