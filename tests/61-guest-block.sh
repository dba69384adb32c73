#!/bin/bash
# The Guest's disk (lguest --block=FILE), inside the QEMU Host: a Host-made
# image reads back byte-exact in the Guest, sysfs shows the bus handshake,
# a read past the end (the Host shrinks the image under the Guest) fails
# with an I/O error in the Guest and nothing worse, and the Guest's dd
# throughput is printed beside the same dd on the Host.  Host dmesg clean.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/guest-block.log
vm_test guest-block "$log" --timeout 600
grep -a 'guest-block: ' "$log" | tr -d '\r'
grep -a 'guest-block: SPEED' "$log" | tr -d '\r' | sed 's/^guest-block: SPEED /RESULT: /'
