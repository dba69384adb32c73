#!/bin/bash
# The final .config (out/config) has every option the fragments ask for, and
# the one kernel is both Host and Guest: i386, non-PAE, LGUEST and
# LGUEST_GUEST, with the 32-bit time syscalls busybox needs.
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=out/config
[ -f "$cfg" ] || { echo "$cfg missing; run make"; exit 1; }
tools/check-config.sh "$cfg" config/base.config config/debug.config config/lguest.config
for want in CONFIG_X86_32=y CONFIG_LGUEST=y CONFIG_LGUEST_GUEST=y \
	    CONFIG_COMPAT_32BIT_TIME=y CONFIG_KUNIT=y; do
	grep -qx "$want" "$cfg" || { echo "$want missing"; exit 1; }
done
if grep -q '^CONFIG_X86_PAE=y' "$cfg"; then echo "PAE is on"; exit 1; fi
echo "RESULT: config: $(grep -c '^CONFIG_.*=' "$cfg") options set, fragments honoured"
