#!/bin/sh
# class: a Host hardware breakpoint (perf, every task on CPU 0) on a kernel address the Guest writes in its own address space: the Guest gets no #DB and completes, the breakpoint stays the Host's
. "$(dirname "$0")/lib.sh"
# Everything on CPU 0, where the breakpoint is.
taskset -p -c 0 $$ >/dev/null || { echo "taskset failed"; exit 1; }
# touch.elf writes the first word of each page of its first MiB.
addr=0xC0080000
"$d/hwbp" $addr >/tmp/hwbp.$$ 2>&1 &
bp=$!
n=0
until grep -q "set" /tmp/hwbp.$$; do
	n=$((n + 1))
	if [ $n -gt 50 ] || ! kill -0 $bp 2>/dev/null; then
		echo "no breakpoint:"; cat /tmp/hwbp.$$; kill $bp 2>/dev/null
		rm -f /tmp/hwbp.$$; exit 1
	fi
	sleep 0.1
done
rc=0
expect_clean touch.elf "touch: 12 MiB touched" || rc=1
kill -TERM $bp
wait $bp
sed 's/^/  /' /tmp/hwbp.$$
rm -f /tmp/hwbp.$$
exit $rc
