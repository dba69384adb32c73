#!/bin/bash
# The lguest Host against the tiny test guests (tests/guests/), in QEMU with
# -smp 2, once on QEMU's default CPU and once with -cpu max (a Host with
# PGE, SMEP, SMAP and UMIP on).  Also checks the Host's KUnit suite passed.
# Needs the Host initramfs to hold lgrun and the guests in /lguest/tests
# (tests/guests/build.sh DIR builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
for cpu in "" max; do
	log=build/logs/host-guests${cpu:+-$cpu}.log
	vm_test host-guests "$log" --timeout 600 ${cpu:+--cpu $cpu}
	grep -q 'host-guests: ok' "$log"
	if grep -q 'lguest_host' "$log"; then
		grep -qE '^(\[ *[0-9.]*\] )? *ok [0-9]+ lguest_host' "$log" ||
			{ echo "KUnit lguest_host failed"; exit 1; }
	fi
	n=$(grep -c 'host-guests: PASS' "$log")
	echo "RESULT: Host passed $n guest checks${cpu:+ with -cpu $cpu}"
done
