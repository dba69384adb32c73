#!/bin/bash
# Two Linux Guests run at the same time on the -smp 2 Host and both finish
# their work and power off cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
log=build/logs/guest-two.log
tools/qemu-run.sh --test guest-two --timeout 600 --log "$log"
if grep -aE '^\[ *[0-9.]+\] .*(WARNING:|BUG:|Oops|Call Trace|Kernel panic)' "$log"; then
	echo "Host kernel log shows trouble"; exit 1
fi
echo "RESULT: $(grep -a 'guest-two: both' "$log" | tr -d '\r')"
