#!/bin/bash
# A distro's kernel (issue 12 item 4, config/guest.config): the static
# i386 program tests/conform/distro.c runs natively on the Host and in an
# lguest Guest and must print the same lines: SysV shm/sem/msg, POSIX
# message queues, AIO and io_uring, PI futexes, ioperm/iopl (refused to a
# user; for root, in/out on granted ports as on a machine with nothing
# there, in every form, and SIGSEGV on the others),
# UTS/PID/net namespaces with IPv6, cgroup2 with a pids limit, overlayfs,
# inotify, file handles and ext4 on a loop device.  Prints the count.
# (tests/vm/conform.sh runs both this and tests/71's program.)
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/conform-distro.log
rc=0
vm_test conform "$log" --timeout 400 -- conform=distro || rc=1
grep -a 'conform-distro: \|^  [-+ =]\|^  |\|^  native\|^  guest' "$log" | tr -d '\r'
n=$(tr -d '\r' <"$log" | sed -n 's/^conform-distro: \([0-9]*\) of \([0-9]*\) checks identical.*/\1/p')
all=$(tr -d '\r' <"$log" | sed -n 's/^conform-distro: \([0-9]*\) of \([0-9]*\) checks identical.*/\2/p')
echo "RESULT: distro conformance: ${n:-0} of ${all:-0} checks identical natively and in the Guest"
[ "${n:-0}" -ge 60 ] && [ "${n:-0}" = "${all:-}" ] || rc=1
# Identical is not enough for the ports either: a kernel that refused
# ioperm() would fault alike on both sides.  Natively (the "-" or "="
# lines), QEMU's empty ports answer and the ungranted one faults.
for want in 'io-inb-dx 0x123456ff' 'io-inw-dx 0x1234ffff' 'io-inl-dx 0xffffffff' \
	    'io-rep-insb ptr\+4 ecx=0 buf=1111ffffffff1111' 'io-outb-dx 0x12345678' \
	    'io-inb-ungranted SIGSEGV code=128' 'io-fork-inherits 1' \
	    'iopl3-inl-0x2e8 0xffffffff' 'iopl0-inb SIGSEGV code=128'; do
	# grep -c, not -q: it reads to the end, so tr never dies of SIGPIPE
	# (under pipefail, a match would then count as a miss).
	tr -d '\r' <"$log" | grep -cE "^  [-=] ?CONFORM ${want%% *} +${want#* }\$" >/dev/null ||
		{ echo "native ${want%% *} is not '${want#* }'"; rc=1; }
done
exit $rc
