#!/bin/sh
# class: a Guest spins with virtual interrupts on, its noirq window over everything and its timer pending: a Host process on the same CPU still runs, and the Launcher dies at once on a signal
. "$(dirname "$0")/lib.sh"
elf=noirq-spin.elf
out=/tmp/noirq.$$

# This shell on CPU 1; the Guest and the bystander share CPU 0.
taskset -p -c 1 $$ >/dev/null || { echo "taskset failed"; exit 1; }
: >"$out"
taskset -c 0 "$d/lgrun" -t 100 "$d/$elf" >"$out" 2>&1 &
lg=$!
n=0
until grep -q "noirq: window" "$out"; do
	n=$((n + 1))
	if [ $n -gt 100 ] || ! kill -0 $lg 2>/dev/null; then
		echo "the Guest never got going:"; sed 's/^/  /' "$out"
		kill -9 $lg 2>/dev/null; rm -f "$out"; exit 1
	fi
	sleep 0.1
done
# Its timer (100 us) has long fired: an interrupt it can never take.
sleep 1

# A bystander on CPU 0: a little work that takes well under a second.
taskset -c 0 sh -c 'i=0; while [ $i -lt 3000 ]; do i=$((i + 1)); done' &
by=$!
n=0
while kill -0 $by 2>/dev/null && [ $n -lt 150 ]; do
	sleep 0.1
	n=$((n + 1))
done
rc=0
if kill -0 $by 2>/dev/null; then
	echo "a Host process on the Guest's CPU got nowhere in 15 s"
	rc=1
else
	echo "a Host process on the Guest's CPU finished in about $((n / 10)).$((n % 10)) s"
fi

# The Launcher must go as soon as it is told to.
kill -TERM $lg
n=0
while kill -0 $lg 2>/dev/null && [ $n -lt 30 ]; do
	sleep 0.1
	n=$((n + 1))
done
if kill -0 $lg 2>/dev/null; then
	echo "the Launcher survived SIGTERM for 3 s"
	kill -9 $lg $by 2>/dev/null
	rc=1
else
	echo "the Launcher died $((n / 10)).$((n % 10)) s after SIGTERM"
fi
wait $lg 2>/dev/null
wait $by 2>/dev/null
if grep -q "guest died" "$out"; then
	echo "the Guest was not supposed to end by itself:"; sed 's/^/  /' "$out"
	rc=1
fi
rm -f "$out"
exit $rc
