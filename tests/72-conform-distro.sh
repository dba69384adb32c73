#!/bin/bash
# A distro's kernel (issue 12 item 4, config/guest.config): the static
# i386 program tests/conform/distro.c runs natively on the Host and in an
# lguest Guest and must print the same lines: SysV shm/sem/msg, POSIX
# message queues, AIO and io_uring, PI futexes, ioperm/iopl refusals,
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
echo "RESULT: distro conformance: ${n:-0} checks identical natively and in the Guest"
[ "${n:-0}" -ge 60 ] || rc=1
exit $rc
