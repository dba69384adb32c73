#!/bin/bash
# The Host's exit statistics: /proc/lguest/<pid>-<id>/stats
# while a Guest runs, their sums consistent, tools/lgstat reading them, and
# the directory gone after the Guest (tests/vm/guest-stats.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/guest-stats.log
vm_test guest-stats "$log" --timeout 400
grep -a 'guest-stats: ' "$log" | tr -d '\r'
echo "RESULT: $(grep -ac 'guest-stats: PASS' "$log") exit-statistics checks passed"
