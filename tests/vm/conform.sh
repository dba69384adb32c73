# Runs inside the Host VM: a conformance program, the same static i386
# binary, natively on the Host and then inside an lguest Guest.  Every
# check prints one "CONFORM name result" line; the two runs must print the
# same lines.  Prints the number of identical checks.
#
# Which program: /conform/conform (tests/conform/conform.c: faults, traps,
# segments, TLS, FPU, ptrace, sysenter...; tests/71), or with conform=distro
# on the kernel command line (tests/72) /conform/distro (distro.c: what a
# distribution's kernel offers, config/guest.config: SysV IPC, POSIX
# mqueues, AIO, io_uring, PI futexes, ioperm, namespaces, cgroup2,
# overlayfs, inotify, file handles, ext4 on loop).
NAME=conform
for arg in $(cat /proc/cmdline); do
	case "$arg" in conform=distro) NAME=conform-distro ;; esac
done
. /tests/guest.lib
need_lguest

if [ $NAME = conform ]; then
	run="/conform/conform"
	done_line='CONFORM done'
	notes='^sysenter: '
	# Identical is the whole test.
	want=
else
	run="/conform/distro /conform/ext4.img"
	done_line='CONFORM distro-done'
	notes=
	# Identical is not enough: on a kernel without the features both
	# runs would say ENOSYS alike.  These must work.
	want='sysv-get 0 0|shm-seen 12345 678|semop-wait 0|msgrcv 16 5 queued|'
	want=$want'mq-first high prio=9|io-setup 0|io-read-back 1 res=4096 same=1|'
	want=$want'io-uring-setup 0 entries=4|io-uring-nop 1 ready=1 data=4242 res=0|'
	want=$want'futex-lock-pi 0 owner-is-me=1|ioperm-iopl-nobody 11|ioperm-root 0|'
	want=$want'uts-ns 0|pid-ns-init 0|net-ns-ipv6-loopback 0|cgroup2-pids-limit 0|'
	want=$want'ext4-mount 0|ext4-read hello from ext4|ext4-read-back written in the mount|'
	want=$want'overlay-mount 0|overlay-whiteout 1|inotify-event 1 create=1 born|'
	want=$want'open-by-handle by handle'
fi

timeout 120 $run >/tmp/native.raw 2>&1
echo "$NAME: native exit $?"
grep -a '^CONFORM ' /tmp/native.raw >/tmp/native.txt

dmesg -c >/dev/null
guest 300 "$run" </dev/null >/tmp/guest.raw 2>&1
echo "$NAME: launcher exit $?"
tr -d '\r' </tmp/guest.raw | grep -a '^CONFORM ' >/tmp/guest.txt

n=$(wc -l </tmp/native.txt)
same=$(grep -cxFf /tmp/native.txt /tmp/guest.txt)
if diff -u /tmp/native.txt /tmp/guest.txt >/tmp/conform.diff; then
	echo "$NAME: PASS native and Guest identical:"
	sed 's/^/  = /' /tmp/guest.txt
	if [ -n "$notes" ]; then
		grep -a "$notes" /tmp/native.raw | sed 's/^/  native /'
		tr -d '\r' </tmp/guest.raw | grep -a "$notes" | sed 's/^/  guest /'
	fi
else
	echo "$NAME: FAIL native (-) and Guest (+) differ:"
	sed 's/^/  /' /tmp/conform.diff
	echo "  Guest's console, last lines:"
	tr -d '\r' </tmp/guest.raw | grep -av '^CONFORM ' | tail -n 15 | sed 's/^/  | /'
	fail=1
fi
grep -q "$done_line" /tmp/native.txt || { echo "$NAME: FAIL native run incomplete"; fail=1; }
IFS='|'
for w in $want; do
	grep -qE "^CONFORM ${w%% *} +${w#* }\$" /tmp/native.txt ||
		{ echo "$NAME: FAIL native ${w%% *} is not '${w#* }'"; fail=1; }
done
unset IFS
echo "$NAME: $same of $n checks identical"
dmesg | grep -E 'lguest|WARNING|BUG' | head -5
host_log_clean -g
exit $fail
