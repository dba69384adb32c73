#!/bin/bash
# A sleeping Guest costs its Host (almost) nothing: the Launcher's CPU time
# over 4 s of Guest sleep stays under 5% of a CPU (no busy waiting).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/guest-idle.log
vm_test guest-idle "$log" --timeout 300
line=$(grep -a 'guest-idle: over' "$log" | tr -d '\r')
echo "$line"
echo "RESULT: ${line#guest-idle: }"
