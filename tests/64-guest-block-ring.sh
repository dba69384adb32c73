#!/bin/bash
# The disk's request ring (inside the QEMU Host): four dd's copying at once,
# direct and buffered, then reading back at once, byte-exact in the Guest
# and in the image on the Host; fsync'd bytes in the image while the Guest
# still runs; the Launcher saw more than one request in flight.  The same
# job again over the seed protocol (lguest_blk.ring=0).  Host dmesg clean.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/guest-block-ring.log
vm_test guest-block-ring "$log" --timeout 900
grep -a 'guest-block-ring: ' "$log" | tr -d '\r'
! grep -aq 'guest-block-ring: FAIL' "$log" &&
	grep -aq 'guest-block-ring: PASS host dmesg clean' "$log"
