#!/bin/sh
# class: a Guest fills its vector registers (all of ymm0-7 on AVX, else xmm) with a pattern and sleeps 300 times beside a Host process on its CPU: the Host process's registers and the Guest's own stay intact
. "$(dirname "$0")/lib.sh"
# Everything here (this shell, the Host process, the Guests) on CPU 0.
taskset -p -c 0 $$ >/dev/null || { echo "taskset failed"; exit 1; }
taskset -c 0 "$d/ymmhog" 100 >/tmp/ymmhog.$$ 2>&1 &
hog=$!
sleep 0.5
rc=0
expect_clean ymm-write.elf "ymm: own registers intact" || rc=1
kill -TERM $hog
wait $hog || rc=1
sed 's/^/  /' /tmp/ymmhog.$$
grep -q "intact" /tmp/ymmhog.$$ || rc=1
rm -f /tmp/ymmhog.$$
exit $rc
