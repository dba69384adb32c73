# Step "boot-work" (in the Guest, for tests/vm/guest-boot.sh): busybox
# work that exercises the Guest kernel: /proc/cpuinfo must show the
# "lguest" cpu flag, then a pipeline, a loop of fork+exec, and a
# page-fault-heavy loop (dd through a pipe and many short-lived processes
# touching fresh memory).  The Host script looks for each marker line.
grep -m1 -oE "^flags.*" /proc/cpuinfo | grep -owE "lguest|hypervisor" |
	sed s/^/CPUINFO-/
dmesg | grep -m1 "paravirtualized kernel on lguest"
echo hello-pipe | tr a-z A-Z | sed s/-/_/
n=0
while [ $n -lt 50 ]; do
	n=$((n + 1))
	/bin/true
done
echo "FORK-EXEC-$n"
dd if=/dev/zero bs=4096 count=2048 2>/dev/null | md5sum | cut -c1-8
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	seq 1 3000 | sort -n | tail -n1 >/tmp/s
done
echo "PAGEFAULT-$(cat /tmp/s)"
