#!/bin/bash
# The real Launcher (/bin/lguest) on the Host: the tiny test guest
# hello.elf runs to a clean power-off (exit 0), and a hostile guest's death
# is reported with its reason (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
log=build/logs/host-launcher.log
tools/qemu-run.sh --test host-launcher --timeout 300 --log "$log"
if grep -aE '^\[ *[0-9.]+\] .*(WARNING:|BUG:|Oops|Call Trace|Kernel panic)' "$log"; then
	echo "kernel log shows trouble"; exit 1
fi
echo "RESULT: Launcher: $(grep -c 'host-launcher: PASS' "$log") checks passed"
