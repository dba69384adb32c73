#!/bin/bash
# The native boot runs the native paravirt code: the KUnit suite
# lguest_pv_native passed every case (pv_ops point at native functions,
# call sites patched to native instructions or direct calls, the iret hook
# is a NOP).  Reuses the boot log of 32-kunit when it is from this kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/kunit.log
# A log older than the kernel is from another build: boot again.
if [ ! -f "$log" ] || [ "$log" -ot out/bzImage ]; then
	vm_test boot "$log" --timeout 180
fi
tests/native/pv-native.sh "$log"
