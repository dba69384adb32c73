#!/bin/sh
# class: two Guests on one CPU, one keeping a pattern in its vector registers (ymm on AVX, else xmm), the other looking for it after each of 300 sleeps: the reader never sees it, the writer's stay intact
. "$(dirname "$0")/lib.sh"
# Everything here (this shell and both Guests) on CPU 0.
taskset -p -c 0 $$ >/dev/null || { echo "taskset failed"; exit 1; }
"$d/lgrun" -t 60 "$d/ymm-write.elf" >/tmp/ymmw.$$ 2>&1 &
w=$!
rc=0
expect_clean ymm-read.elf "ymm: no foreign state" || rc=1
wait $w
wrc=$?
if [ $wrc -eq 0 ] && grep -q "ymm: own registers intact" /tmp/ymmw.$$; then
	grep "ymm: own" /tmp/ymmw.$$
else
	echo "the writer Guest: exit $wrc"
	sed 's/^/  /' /tmp/ymmw.$$
	rc=1
fi
rm -f /tmp/ymmw.$$
exit $rc
