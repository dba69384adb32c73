# Runs inside the Host VM: a Host NMI (sysrq-l's backtrace IPI) reaches a
# CPU while a Guest spins on it; the Host's NMI handler must run there (its
# NMI count goes up, it prints that CPU's backtrace) and the Guest go on.
# Not a hostile class: the backtraces put "Call Trace:" lines in the Host
# log, which the hostile suite rightly counts as trouble.  Exit 0 = pass.
d=${LGTEST_DIR:-/lguest/tests}
# This shell on CPU 0, the Guest (hostile-19: "jmp .") on CPU 1.
taskset -p -c 0 $$ >/dev/null || { echo "taskset failed"; exit 1; }
nmis() { sed -n 's/^ *NMI: *[0-9]* *\([0-9]*\) .*/\1/p' /proc/interrupts; }
taskset -c 1 "$d/lgrun" -t 60 "$d/hostile-19.elf" >/tmp/nmi.$$ 2>&1 &
lg=$!
sleep 2
before=$(nmis)
# The backtraces (with their "Call Trace:") go to the log, not to the
# console: printed from an NMI, they reach the console only at the next
# printk, which our own line to /dev/kmsg is, while the level is low.
lvl=$(cut -f1 /proc/sys/kernel/printk)
echo 1 >/proc/sys/kernel/printk
echo l >/proc/sysrq-trigger
sleep 1
echo "<7>hostile nmi: backtraces taken" >/dev/kmsg
echo "$lvl" >/proc/sys/kernel/printk
after=$(nmis)
rc=0
echo "CPU 1 NMIs: $before before, $after after"
if [ -z "$after" ] || [ "$after" -le "$before" ]; then
	echo "the NMI never reached the Host on CPU 1"
	rc=1
fi
if dmesg | grep -q "NMI backtrace for cpu 1"; then
	echo "the Host printed CPU 1's backtrace"
else
	echo "no backtrace from CPU 1"
	rc=1
fi
if kill -0 $lg 2>/dev/null; then
	echo "the Guest is still running"
	kill -TERM $lg
else
	echo "the Guest died:"; sed 's/^/  /' /tmp/nmi.$$
	rc=1
fi
wait $lg 2>/dev/null
rm -f /tmp/nmi.$$
[ $rc -eq 0 ] && echo "host-nmi: ok"
exit $rc
