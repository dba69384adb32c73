#!/bin/bash
# What README tells a user to type into `make run`'s Guest works as written:
# tests/vm/readme-steps.sh types README's guest-steps block into the Guest
# that /bin/run-guest starts, and checks each step's result.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/readme-steps.log
vm_test readme-steps "$log" --timeout 300
grep -q 'readme-steps: ok' "$log"
echo "RESULT: $(grep -o 'readme-steps: ok.*' "$log")"
