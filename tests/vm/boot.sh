# Runs inside the Host VM: we reached userspace; the kernel log is clean.
echo "uname: $(uname -a)"
echo "cpus online: $(cat /sys/devices/system/cpu/online)"
dmesg >/tmp/dmesg
bad=$(grep -E 'WARNING:|BUG:|Oops|Call Trace|Kernel panic|general protection' /tmp/dmesg)
if [ -n "$bad" ]; then
	echo "dmesg shows trouble:"
	echo "$bad"
	exit 1
fi
echo "dmesg: $(wc -l </tmp/dmesg) lines, clean"
