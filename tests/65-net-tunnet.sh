#!/bin/bash
# Network over --tunnet: a Guest pings the Host through the Launcher's tap
# device, and 8 MiB goes each way intact.  Prints the throughput and
# round-trip times beside the Host's own loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/net-tunnet.log
vm_test net-tunnet "$log" --timeout 400
grep -a 'net-tunnet: RESULT' "$log" | tr -d '\r' | sed 's/^net-tunnet: RESULT/RESULT:/'
