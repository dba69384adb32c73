#!/bin/sh
# class: a Guest sets its clock event to 0, 1 ns, 99 ns, 0xFFFFFFFF and "negative" deltas 4000 times, re-arms it at 1 ns and HALTs for each of 1000 ticks, then HALTs on a 0x80000000 ns timer: a Host task on its CPU never waits 150 ms, the HALT sleeps (the Launcher uses almost no CPU) and ends after ~2.1 s, not at once, and the Guest powers off cleanly
. "$(dirname "$0")/lib.sh"

# It was out of the suite for a while: on -cpu max phase B sometimes
# never ended.  Not the Host's doing: the Host CPU stayed responsive
# (maxgap 40 ms), the Launcher slept in HALT with no clock event pending
# and no interrupt owed, because the Guest had armed its 1 ns timer with
# interrupts on, taken the tick before reaching HALT and then HALTed for
# a tick that had already come (a "check, then sleep" race that would
# hang a real CPU as well).  clockabuse.S now arms with interrupts off
# and lets HALT enable them, as "cli ... sti; hlt" does.

# This shell on CPU 1; the Guest and a latency probe share CPU 0.
taskset -p -c 1 $$ >/dev/null || { echo "taskset failed"; exit 1; }
out=/tmp/clock.out
gap=/tmp/clock.gap
: >$out
taskset -c 0 "$d/maxgap" 100 >$gap &
gp=$!
sleep 0.5
taskset -c 0 "$d/lgrun" -t 100 "$d/clockabuse.elf" >$out 2>&1 &
lp=$!
now() { cut -d' ' -f1 /proc/uptime; }
cputicks() { set -- $(cat /proc/$1/stat 2>/dev/null); echo $((${14:-0} + ${15:-0})); }
# wait_for TEXT: poll the Guest's output (10 ms steps, at most 100 s).
wait_for() {
	local n=0
	while ! grep -q "$1" $out && kill -0 $lp 2>/dev/null && [ $n -lt 10000 ]; do
		sleep 0.01
		n=$((n + 1))
	done
	grep -q "$1" $out
}
fail=0
if wait_for 'C: halting'; then
	t0=$(now)
	sleep 0.3
	c0=$(cputicks $lp)
	sleep 1
	c1=$(cputicks $lp)
	wait_for 'woke'
	t1=$(now)
	halt=$(awk -v a=$t0 -v b=$t1 'BEGIN { printf "%.2f", b - a }')
	echo "the HALT on a 0x80000000 ns timer lasted $halt s; the Launcher used $((c1 - c0)) ticks of CPU in 1 s of it"
	if [ $((c1 - c0)) -gt 10 ] ||
	   ! awk -v h=$halt 'BEGIN { exit !(h >= 1.9 && h < 10) }'; then
		echo "wanted a sleeping HALT of about 2.1 s"
		fail=1
	fi
fi
wait $lp
rc=$?
kill -TERM $gp
wait $gp
grep -a 'clockabuse' $out
cat $gap
if [ $rc -ne 0 ] || ! grep -q 'woke from the halt' $out; then
	echo "wanted a clean power off after all three phases; lgrun exit $rc:"
	tail -n 5 $out | sed 's/^/  /'
	fail=1
fi
ms=$(sed -n 's/^maxgap: \([0-9]*\) ms.*/\1/p' $gap)
if [ -z "$ms" ] || [ "$ms" -ge 150 ]; then
	echo "a task on the Guest's CPU waited ${ms:-?} ms"
	fail=1
fi
rm -f $out $gap
exit $fail
