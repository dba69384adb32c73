#!/bin/bash
# The real Launcher (/bin/lguest) on the Host: the tiny test guest
# hello.elf runs to a clean power-off (exit 0), and a hostile guest's death
# is reported with its reason (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/host-launcher.log
vm_test host-launcher "$log" --timeout 300
echo "RESULT: Launcher: $(grep -c 'host-launcher: PASS' "$log") checks passed"
