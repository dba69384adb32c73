# Runs inside the Host VM: /conform/distro (tests/conform/distro.c), the
# same static i386 binary, natively on the Host and then inside an lguest
# Guest: SysV IPC, POSIX mqueues, AIO, io_uring, PI futexes, ioperm,
# namespaces, cgroup2, overlayfs, inotify, file handles, ext4 on loop.
# The two runs must print the same "CONFORM" lines.
k=${LGUEST_KERNEL:-/lguest/bzImage}
i=${LGUEST_INITRD:-/lguest/guest-initramfs.cpio}
fail=0
[ -c /dev/lguest ] || { echo "conform-distro: no /dev/lguest"; exit 1; }

timeout 120 /conform/distro /conform/ext4.img >/tmp/native.raw 2>&1
echo "conform-distro: native exit $?"
grep -a '^CONFORM ' /tmp/native.raw >/tmp/native.txt

dmesg -c >/dev/null
timeout 300 /bin/lguest --initrd="$i" 64 "$k" "lgrun=/conform/distro,/conform/ext4.img" \
	</dev/null >/tmp/guest.raw 2>&1
echo "conform-distro: launcher exit $?"
tr -d '\r' </tmp/guest.raw | grep -a '^CONFORM ' >/tmp/guest.txt

n=$(wc -l </tmp/native.txt)
same=$(grep -cxFf /tmp/native.txt /tmp/guest.txt)
if diff -u /tmp/native.txt /tmp/guest.txt >/tmp/conform.diff; then
	echo "conform-distro: PASS native and Guest identical:"
	sed 's/^/  = /' /tmp/guest.txt
	grep -a '^ioport-granted: ' /tmp/native.raw | sed 's/^/  native /'
	tr -d '\r' </tmp/guest.raw | grep -a '^ioport-granted: ' | sed 's/^/  guest /'
else
	echo "conform-distro: FAIL native (-) and Guest (+) differ:"
	sed 's/^/  /' /tmp/conform.diff
	echo "  Guest's console, last lines:"
	tr -d '\r' </tmp/guest.raw | grep -av '^CONFORM ' | tail -n 15 | sed 's/^/  | /'
	fail=1
fi
grep -q 'CONFORM distro-done' /tmp/native.txt || { echo "conform-distro: FAIL native run incomplete"; fail=1; }
# Identical is not enough: on a kernel without the features both runs
# would say ENOSYS alike.  These must work.
for want in 'sysv-get 0 0' 'shm-seen 12345 678' 'semop-wait 0' 'msgrcv 16 5 queued' \
	    'mq-first high prio=9' 'io-setup 0' 'io-read-back 1 res=4096 same=1' \
	    'io-uring-setup 0 entries=4' 'io-uring-nop 1 ready=1 data=4242 res=0' \
	    'futex-lock-pi 0 owner-is-me=1' 'ioperm-iopl-nobody 11' 'ioperm-root 0' \
	    'uts-ns 0' 'pid-ns-init 0' 'net-ns-ipv6-loopback 0' 'cgroup2-pids-limit 0' \
	    'ext4-mount 0' 'ext4-read hello from ext4' 'ext4-read-back written in the mount' \
	    'overlay-mount 0' 'overlay-whiteout 1' 'inotify-event 1 create=1 born' \
	    'open-by-handle by handle'; do
	name=${want%% *} val=${want#* }
	grep -qE "^CONFORM $name +$val\$" /tmp/native.txt ||
		{ echo "conform-distro: FAIL native $name is not '$val'"; fail=1; }
done
echo "conform-distro: $same of $n checks identical"
dmesg | grep -E 'lguest|WARNING|BUG' | head -5
exit $fail
