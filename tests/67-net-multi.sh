#!/bin/bash
# Several devices of each kind on one Guest (inside the QEMU Host): two
# disks (--block twice), each written and read back byte-exact from the
# Guest and checked in its own image on the Host, two taps (--tunnet
# twice) and two --sharenet networks to a second Guest, each carrying
# pings both ways.  Host dmesg clean.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/net-multi.log
vm_test net-multi "$log" --timeout 500
grep -a 'net-multi: ' "$log" | tr -d '\r'
