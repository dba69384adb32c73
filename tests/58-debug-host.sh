#!/bin/bash
# The Host as the module lg.ko (tests/vm/debug-host.sh): lg.ko loads when
# /dev/lguest is opened, rmmod is refused while a Guest runs and is clean
# after, the module loads and runs a Guest again, and a Guest's disk and
# network work with their drivers as modules loaded from the bus's
# modalias.  make check runs it on the modular variant (out/modular/,
# config/modular.config); make check-debug runs it on the debug variant
# (LG_VARIANT=debug, out/debug/), where kmemleak must also find no leak of
# ours and lockdep, KFENCE, DEBUG_PAGEALLOC and panic_on_warn see nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
variant=${LG_VARIANT:-modular}
for f in out/$variant/bzImage build/$variant/host-initramfs.cpio; do
	[ -f "$f" ] || { echo "no $f: make $variant builds the $variant variant"; exit 77; }
done
cmdline=panic_on_warn=1
[ "$variant" != debug ] || cmdline=$(tools/debug-cmdline.sh)
log=build/logs/$variant-host.log
start=$(date +%s)
vm_test debug-host "$log" --timeout 900 --kernel out/$variant/bzImage \
	--initrd build/$variant/host-initramfs.cpio -- $cmdline
grep -a 'debug-host: ' "$log" | tr -d '\r' | grep -v RESULT | sed 's/^/  /'
if [ "$variant" = debug ] && ! grep -aq "debug-host: PASS kmemleak" "$log"; then
	echo "the debug Host gave no kmemleak verdict"
	exit 1
fi
echo "RESULT: $variant Host: $(grep -ac 'debug-host: PASS' "$log") checks passed in $(( $(date +%s) - start ))s"
