#!/bin/bash
# check-debug.sh: what `make check-debug` does, the long run on the debug
# Host (out/debug/bzImage: lg.ko, lockdep, KFENCE, DEBUG_PAGEALLOC,
# kmemleak, panic_on_warn): the whole hostile suite (tests/vm/hostile.sh)
# on QEMU's default CPU and on -cpu max, then the /dev/lguest fuzzer
# (tests/vm/fuzz.sh, seeds FUZZ_SEEDS, default 1-20, FUZZ_CALLS calls each,
# default 10000).  Each run's log is in build/logs/debug-*.log; any WARN,
# lockdep, KFENCE or kmemleak report fails it.  Prints a summary line per
# run and exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
seeds=${FUZZ_SEEDS:-1-20}
calls=${FUZZ_CALLS:-10000}
debug=(--kernel out/debug/bzImage --initrd build/debug/host-initramfs.cpio)
cmdline=$(tools/debug-cmdline.sh)
rc=0
for cpu in "" max; do
	log=build/logs/debug-hostile${cpu:+-$cpu}.log
	start=$(date +%s)
	vm_test hostile "$log" --timeout 3000 ${cpu:+--cpu $cpu} "${debug[@]}" \
		-- $cmdline || rc=1
	tr -d '\r' <"$log" | grep -a 'hostile: FAIL' | sed -n 1,20p
	echo "debug Host${cpu:+ (-cpu $cpu)}:" \
		"$(tr -d '\r' <"$log" | grep -a 'hostile: [0-9]* classes' | tail -n 1 || echo 'no summary')" \
		"in $(( $(date +%s) - start ))s"
done
log=build/logs/debug-fuzz.log
start=$(date +%s)
vm_test fuzz "$log" --timeout 5000 "${debug[@]}" -- $cmdline \
	"lgfuzz_seeds=$seeds" "lgfuzz_calls=$calls" || rc=1
tr -d '\r' <"$log" | grep -a 'fuzz: FAIL\|lgfuzz: CRASH\|died of signal' | sed -n 1,20p
echo "debug Host fuzzer: $(tr -d '\r' <"$log" | grep -a '^fuzz: seeds' | tail -n 1 || echo 'no summary')" \
	"in $(( $(date +%s) - start ))s"
[ $rc = 0 ] && echo "check-debug: passed" || echo "check-debug: FAILED (logs in build/logs/debug-*.log)"
exit $rc
