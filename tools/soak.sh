#!/bin/bash
# soak.sh: `make soak`.  Boots the Host in QEMU and runs tests/vm/soak.sh
# for SOAK_MINUTES (default 30): rounds of four Guests doing block, net
# and fork/exec work, each round checked (data read back after a remount,
# 1 MiB over the network by checksum, pings, a computed checksum), the
# Host's slab and the Launchers' peak RSS followed from round to round,
# the Host's log checked at the end.  Prints the rounds and a RESULT line;
# exits non-zero on any error.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tests/lib.sh
minutes=${SOAK_MINUTES:-30}
log=build/logs/soak.log
rc=0
# The limit only catches a hang: on a loaded machine the VM's clock, by
# which the rounds are timed, can run at half speed or less.
vm_test soak "$log" --timeout $((minutes * 180 + 900)) -- "soak_minutes=$minutes" || rc=1
tr -d '\r' <"$log" | grep -a '^SOAK-\|^  ' || true
summary=$(tr -d '\r' <"$log" | sed -n 's/^SOAK-SUMMARY //p')
echo "RESULT: soak: ${summary:-no summary}"
exit $rc
