#!/bin/bash
# The hostile suite (tests/hostile/, run by tests/vm/hostile.sh inside the
# QEMU Host): every attack class beside a bystander Linux Guest, once on
# QEMU's default CPU and once with -cpu max.  Each class must have exactly
# its expected outcome, the bystander must keep running with its state
# intact, and the Host's kernel log must stay clean.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
for cpu in "" max; do
	log=build/logs/hostile${cpu:+-$cpu}.log
	vm_test hostile "$log" --timeout 1500 ${cpu:+--cpu $cpu} || {
		grep -a 'hostile: ' "$log" | tr -d '\r' | grep -v ': PASS'
		exit 1
	}
	grep -a 'hostile: FAIL' "$log" && exit 1
	line=$(grep -a 'hostile: [0-9]* classes, [0-9]* passed' "$log" | tr -d '\r' | tail -n 1)
	[ -n "$line" ] || { echo "no summary line in $log"; exit 1; }
	echo "RESULT: $line${cpu:+ (-cpu $cpu)}"
done
