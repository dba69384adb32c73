#!/bin/bash
# Conformance (issue 12): the same static i386 program (tests/conform/)
# runs natively on the Host and inside an lguest Guest; its lines, one per
# check (user faults at NULL, kernel and Switcher addresses, int3 and int
# $N, single-step, TLS after set_thread_area, modify_ldt, vDSO time,
# rdtsc, FPU/SSE across signals and switches, odd flags, sigreturn,
# ptrace segment and debug registers with a watchpoint, sysenter, mmap
# and mprotect edges) must be identical, on QEMU's default CPU and on
# -cpu max.  Prints the count.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
rc=0
for cpu in "" max; do
	log=build/logs/conform${cpu:+-$cpu}.log
	vm_test conform "$log" --timeout 600 ${cpu:+--cpu $cpu} || rc=1
	grep -a 'conform: \|^  [-+ =]\|^  |\|^  native\|^  guest' "$log" | tr -d '\r'
	n=$(tr -d '\r' <"$log" | sed -n 's/^conform: \([0-9]*\) of \([0-9]*\) checks identical.*/\1/p')
	echo "RESULT: ${cpu:-default} CPU: conformance: ${n:-0} checks identical natively and in the Guest"
	[ "${n:-0}" -ge 40 ] || rc=1
done
exit $rc
