#!/bin/bash
# Two Linux Guests run at the same time on the -smp 2 Host and both finish
# their work and power off cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/guest-two.log
vm_test guest-two "$log" --timeout 600
echo "RESULT: $(grep -a 'guest-two: both' "$log" | tr -d '\r')"
