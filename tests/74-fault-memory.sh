#!/bin/bash
# Faults survived (issue 12 item 5), memory and numbers, each in a Host VM
# of its own:
#   fault-oom       a Guest program eats all the Guest's memory: the
#                   Guest's OOM killer acts, the Guest lives, the Host
#                   is untouched
#   fault-pressure  four Guests filling their memory on a Host with less
#                   than they want together: each Launcher finishes or
#                   fails clearly, the Host never warns or oopses
#   fault-many      16 Guests (the limit) at once boot to init and power
#                   off cleanly; a 17th is refused
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
rc=0
oom=survived
vm_test fault-oom build/logs/fault-oom.log --timeout 400 || { rc=1; oom=FAILED; }
grep -a '^fault-oom: ' build/logs/fault-oom.log | tr -d '\r'

# The pressure run's log has OOM reports, whose stacks vm_test would call
# trouble; the script inside judges the log itself.
log=build/logs/fault-pressure.log
tools/qemu-run.sh --test fault-pressure --log "$log" --timeout 500 --mem 192 || rc=1
grep -a '^fault-pressure: \|^FAULT-PRESSURE\|^  Guest' "$log" | tr -d '\r'
grep -aE '^\[ *[0-9.]+\] .*(WARNING:|BUG:|Oops|Kernel panic)' "$log" && { echo "Host kernel log shows trouble"; rc=1; }

vm_test fault-many build/logs/fault-many.log --timeout 900 --mem 880 || rc=1
grep -a '^fault-many: \|^FAULT-MANY\|17th' build/logs/fault-many.log | tr -d '\r'
many=$(tr -d '\r' <build/logs/fault-many.log | sed -n 's/^FAULT-MANY //p' | tr '\n' ' ')
press=$(tr -d '\r' <"$log" | sed -n 's/^FAULT-PRESSURE //p')
echo "RESULT: faults: Guest OOM $oom;" \
	"4 Guests on a 192 MiB Host: ${press:-?}; 16 Guests: ${many:-?}"
exit $rc
