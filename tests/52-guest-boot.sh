#!/bin/bash
# First light: inside the QEMU Host the Launcher boots the same bzImage as
# an lguest Guest to its /init, runs busybox work (fork, exec, pipes, a
# page-fault loop) and powers off with the Launcher exiting 0; a Guest
# that panics ends the Launcher non-zero with the text.  Host dmesg clean.
# Run on QEMU's default CPU and on -cpu max (PGE, SMEP, SMAP, UMIP on).
# Prints the Guest's boot time beside the Host's.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
for cpu in "" max; do
	log=build/logs/guest-boot${cpu:+-$cpu}.log
	vm_test guest-boot "$log" --timeout 600 ${cpu:+--cpu $cpu}
	grep -a 'guest-boot: ' "$log" | tr -d '\r'
	host=$(tr -d '\r' <"$log" | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | head -n1)
	guest=$(tr -d '\r' <"$log" | sed -n 's/^ *\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | sed -n 2p)
	echo "RESULT: ${cpu:-default} CPU: $(grep -ac 'guest-boot: PASS' "$log") Guest checks passed;" \
	     "Host reached init at ${host}s, Guest at ${guest:-?}s of its own clock"
done
