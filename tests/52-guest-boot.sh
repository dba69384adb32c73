#!/bin/bash
# First light: inside the QEMU Host the Launcher boots the same bzImage as
# an lguest Guest to its /init, runs busybox work (fork, exec, pipes, a
# page-fault loop) and powers off with the Launcher exiting 0; a Guest
# that panics ends the Launcher non-zero with the text.  Host dmesg clean.
# Prints the Guest's boot time beside the Host's.
set -euo pipefail
cd "$(dirname "$0")/.."
log=build/logs/guest-boot.log
tools/qemu-run.sh --test guest-boot --timeout 600 --log "$log"
if grep -aE '^\[ *[0-9.]+\] .*(WARNING:|BUG:|Oops|Call Trace|Kernel panic)' "$log"; then
	echo "Host kernel log shows trouble"; exit 1
fi
grep -a 'guest-boot: ' "$log" | tr -d '\r'
host=$(tr -d '\r' <"$log" | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | head -n1)
guest=$(tr -d '\r' <"$log" | sed -n 's/^ *\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | sed -n 2p)
echo "RESULT: $(grep -ac 'guest-boot: PASS' "$log") Guest checks passed; Host reached init at ${host}s, Guest at ${guest:-?}s of its own clock"
