#!/bin/bash
# Host NMIs are not lost while a Guest runs: sysrq-l sends every other CPU
# an NMI; the CPU running a spinning Guest must take it in the Host's NMI
# handler (F9 of issue 13).  On QEMU's default CPU and on -cpu max.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
for cpu in "" max; do
	log=build/logs/host-nmi${cpu:+-$cpu}.log
	vm_test host-nmi "$log" --timeout 300 ${cpu:+--cpu $cpu}
	grep -aq 'host-nmi: ok' "$log"
	echo "RESULT: $(grep -a 'CPU 1 NMIs' "$log" | tr -d '\r')${cpu:+ (-cpu $cpu)}"
done
