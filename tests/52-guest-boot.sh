#!/bin/bash
# First light: inside the QEMU Host the Launcher boots the same bzImage as
# an lguest Guest to its /init, runs busybox work (fork, exec, pipes, a
# page-fault loop) and powers off with the Launcher exiting 0; a Guest
# that panics ends the Launcher non-zero with the text.  Host dmesg clean.
# Run on QEMU's default CPU and on -cpu max (PGE, SMEP, SMAP, UMIP on).
# Prints the Guest's boot time, measured from the Launcher's start (the
# Launcher runs under tests/guests/stamp), beside the Host's boot time
# (its printk clock when it starts init, i.e. from kernel start).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
for cpu in "" max; do
	log=build/logs/guest-boot${cpu:+-$cpu}.log
	vm_test guest-boot "$log" --timeout 600 ${cpu:+--cpu $cpu}
	grep -a 'guest-boot: ' "$log" | tr -d '\r'
	# The first match, read to the end: "grep -m1" or "head" would stop
	# reading early, tr would die of SIGPIPE on a long log, and pipefail
	# would make that the test's status (exit 141).
	host=$(tr -d '\r' <"$log" | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | sed -n 1p)
	times=$(tr -d '\r' <"$log" | grep -a 'guest-boot: TIME ' | sed -n 1p)
	launch=$(echo "$times" | sed -n 's/.*launcher-to-init=\([0-9.]*\).*/\1/p')
	own=$(echo "$times" | sed -n 's/.*own-clock=\([0-9.?]*\).*/\1/p')
	echo "RESULT: ${cpu:-default} CPU: $(grep -ac 'guest-boot: PASS' "$log") Guest checks passed"
	printf 'RESULT: %s CPU: Guest boot to init from Launcher start: %.2f s (Host boot to init: %.2f s; Guest by its own clock: %s s)\n' \
		"${cpu:-default}" "${launch:-0}" "${host:-0}" "${own:-?}"
done
