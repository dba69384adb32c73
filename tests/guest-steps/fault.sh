# Runs inside a Guest (tools/mkinitramfs.sh puts it in the Guest's
# initramfs as /steps/fault.sh): the Guest's half of the fault tests.
#   write    mount /dev/lgba (ext4) and write files f1, f2, ... for ever,
#            each with fsync; "ACK N MD5" once f N's fsync has returned
#   verify   mount /dev/lgba (the kernel replays the journal) and print
#            "HAVE N MD5" for every file, then unmount
#   oom      eat all memory (busybox tail keeps a line without end);
#            the OOM killer must stop it and the Guest live on
#   hold     print UP, wait for a line on the console, print GOT it
#   soak-block  (make soak) on its disk: write 16 files with fsync,
#            unmount, mount again, check them, delete them
#   soak-cpu    (make soak) fork/exec 200 programs, then checksum
#            a computed stream (the Host computes the same)
case "$1" in
write)
	mount -t ext4 /dev/lgba /mnt || { echo "WRITE-NO-MOUNT"; exit 1; }
	echo WRITE-START
	i=0
	while :; do
		i=$((i + 1))
		dd if=/dev/urandom of=/mnt/f$i bs=4k count=${2:-8} conv=fsync \
			2>/dev/null || { echo "WRITE-FAILED $i"; exit 1; }
		echo "ACK $i $(md5sum </mnt/f$i | cut -c1-32)"
	done
	;;
verify)
	mount -t ext4 /dev/lgba /mnt || { echo "VERIFY-NO-MOUNT"; exit 1; }
	cd /mnt
	for f in f*; do
		[ -f "$f" ] && echo "HAVE ${f#f} $(md5sum <"$f" | cut -c1-32)"
	done
	cd /
	umount /mnt && echo VERIFY-UMOUNT-OK
	;;
oom)
	echo OOM-START
	tail /dev/zero >/dev/null
	echo "OOM-EATER-STATUS $?"
	dmesg | grep -q 'Out of memory: Killed process [0-9]* (tail)' &&
		echo OOM-KILLER-ACTED
	# The Guest still works: a fork, a file, a pipe.
	echo alive >/tmp/alive && [ "$(cat /tmp/alive | tr a-z A-Z)" = ALIVE ] &&
		echo OOM-GUEST-ALIVE
	;;
hold)
	echo UP
	read -r line
	echo "GOT $line"
	;;
soak-block)
	mount /dev/lgba /mnt || { echo "SOAK-BLOCK-NO-MOUNT"; exit 1; }
	for n in $(seq 1 16); do
		dd if=/dev/urandom of=/mnt/s$n bs=4k count=$((n * 4)) conv=fsync 2>/dev/null
		md5sum </mnt/s$n >/tmp/s$n.md5
	done
	umount /mnt && mount /dev/lgba /mnt || { echo "SOAK-BLOCK-NO-REMOUNT"; exit 1; }
	ok=0 bad=0
	for n in $(seq 1 16); do
		if [ "$(md5sum </mnt/s$n)" = "$(cat /tmp/s$n.md5)" ]; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
		fi
		rm -f /mnt/s$n
	done
	umount /mnt
	echo "SOAK-BLOCK ok=$ok bad=$bad"
	;;
soak-cpu)
	n=0
	while [ $n -lt 200 ]; do
		/bin/true && n=$((n + 1))
	done
	echo "SOAK-CPU execs=$n sum=$(seq 1 30000 | md5sum | cut -c1-32)"
	;;
*)
	echo "fault-guest: unknown mode $1"; exit 2 ;;
esac
