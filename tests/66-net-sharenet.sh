#!/bin/bash
# Network over --sharenet: two Guests on one file ping each other and move
# 8 MiB from one to the other with matching checksums, the Host copying
# frames between them.  Prints the throughput and round-trip times beside
# the Host's own loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/net-sharenet.log
vm_test net-share "$log" --timeout 500
grep -a 'net-share: RESULT' "$log" | tr -d '\r' | sed 's/^net-share: RESULT/RESULT:/'
