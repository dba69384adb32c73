#!/bin/bash
# The debug variant (out/debug/, config/debug-variant.config) as the Host:
# lg.ko loads when /dev/lguest is opened, rmmod is refused while a Guest
# runs and is clean after, the module loads and runs a Guest again, a
# Guest's disk and network work with their drivers as modules loaded from
# the bus's modalias, kmemleak finds no leak of ours, and lockdep, KFENCE,
# DEBUG_PAGEALLOC and panic_on_warn see nothing wrong (tests/vm/debug-host.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
# Skipped until the variant is built (make debug; make check-debug runs it).
for f in out/debug/bzImage build/debug/host-initramfs.cpio; do
	[ -f "$f" ] || { echo "no $f: make debug builds the debug variant"; exit 77; }
done
log=build/logs/debug-host.log
start=$(date +%s)
vm_test debug-host "$log" --timeout 900 --kernel out/debug/bzImage \
	--initrd build/debug/host-initramfs.cpio -- $(tools/debug-cmdline.sh)
grep -a 'debug-host: ' "$log" | tr -d '\r' | grep -v RESULT | sed 's/^/  /'
echo "RESULT: debug Host: $(grep -ac 'debug-host: PASS' "$log") checks passed in $(( $(date +%s) - start ))s"
