#!/bin/bash
# The native boot runs the native paravirt code: the KUnit suite
# lguest_pv_native passed every case (pv_ops point at native functions,
# call sites patched to native instructions or direct calls, the iret hook
# is a NOP).  Reuses the boot log of 32-kunit when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
log=build/logs/kunit.log
[ -f "$log" ] || tools/qemu-run.sh --test boot --timeout 180 --log "$log"
tests/native/pv-native.sh "$log"
