#!/bin/bash
# The built-in KUnit suites (Host logic, native paravirt paths) run at boot
# of the native Host and all pass.  Their TAP output is read from the serial
# log; a suite that reports "not ok", or a crash before the totals, fails.
set -euo pipefail
cd "$(dirname "$0")/.."
log=build/logs/kunit.log
. tests/lib.sh
vm_test boot "$log" --timeout 180
tap=$(tr -d '\r' <"$log" | sed 's/^\[ *[0-9.]*\] //')
suites=$(grep -cE '^ {4}# Subtest: ' <<<"$tap" || true)
if [ "$suites" = 0 ]; then
	echo "no KUnit suites are built into this kernel"
	exit 77
fi
grep -E '^(    )?(not )?ok [0-9]+ ' <<<"$tap" || true
if grep -qE '^ *not ok [0-9]+ ' <<<"$tap"; then
	echo "a KUnit case failed"; exit 1
fi
top_ok=$(grep -cE '^ok [0-9]+ ' <<<"$tap" || true)
[ "$top_ok" = "$suites" ] || { echo "$suites suites started, $top_ok finished ok"; exit 1; }
cases=$(grep -cE '^    ok [0-9]+ ' <<<"$tap" || true)
echo "RESULT: KUnit: $suites suites, $cases cases, all ok"
