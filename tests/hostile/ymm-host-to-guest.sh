#!/bin/sh
# class: a Guest reads its vector registers (ymm upper halves on AVX, else xmm) after sleeping while a Host process with a known pattern in them ran on its CPU: it never sees the pattern
. "$(dirname "$0")/lib.sh"
# Everything here (this shell, the Host process, the Guests) on CPU 0.
taskset -p -c 0 $$ >/dev/null || { echo "taskset failed"; exit 1; }
taskset -c 0 "$d/ymmhog" 100 >/tmp/ymmhog.$$ 2>&1 &
hog=$!
sleep 0.5
rc=0
expect_clean ymm-read.elf "ymm: no foreign state" || rc=1
kill -TERM $hog
wait $hog
sed 's/^/  /' /tmp/ymmhog.$$
rm -f /tmp/ymmhog.$$
exit $rc
