#!/bin/bash
# The kernel boots natively in QEMU (TCG, -smp 2) to userspace, and dmesg has
# no WARN/BUG/Oops.  Prints the Host's boot time.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/boot-native.log
vm_test boot "$log" --timeout 120
grep -q 'Run /init as init process' "$log" || { echo "no init in log"; exit 1; }
# Boot time: the printk timestamp of the line that starts init.
t=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' "$log" | sed -n 1p)
echo "RESULT: native Host reached init ${t}s after kernel start"
