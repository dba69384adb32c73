#!/bin/bash
# pv-native.sh LOG: did a native boot run the native paravirt code?
#
# LOG is the serial console log of a native (non-lguest) boot of a kernel
# built with CONFIG_LGUEST_PV_NATIVE_KUNIT_TEST=y.  That KUnit suite,
# lguest_pv_native (linux/arch/x86/lguest/pv_native_kunit.c), checks
# at boot that pv_ops holds the native functions and that pv call sites
# were patched to native instructions or direct calls.  This script passes
# only if the suite ran, every case passed and none was skipped (a skip
# means the kernel believed it was an lguest Guest).
#
# Exit status: 0 pass, 1 fail, 2 usage or missing log.
set -euo pipefail

suite=lguest_pv_native
cases="pv_ops_are_native pv_sites_are_inlined pv_sites_are_direct_calls
	pv_fast_paths_are_native pte_conversions_are_native iret_hook_is_nop"

[ $# = 1 ] || { echo "usage: $0 SERIAL-LOG" >&2; exit 2; }
[ -f "$1" ] || { echo "pv-native: no log $1" >&2; exit 2; }

# Drop carriage returns and printk timestamps, keep the TAP indentation.
tap=$(tr -d '\r' <"$1" | sed 's/^\[ *[0-9.]*\] //')

# The suite's block: from its "# Subtest:" line to its own result line.
block=$(awk -v s="$suite" '
	$0 == "    # Subtest: " s { on = 1 }
	on { print }
	on && ($0 ~ "^ok [0-9]+ " s || $0 ~ "^not ok [0-9]+ " s) { exit }' <<<"$tap")

if [ -z "$block" ]; then
	echo "pv-native: suite $suite did not run (is CONFIG_LGUEST_PV_NATIVE_KUNIT_TEST=y?)"
	exit 1
fi
echo "$block" | grep -E '^ *(not )?ok [0-9]+ |# .*(fail|FAIL|Expected|expected)' || true

fail=0
if ! grep -qE "^ok [0-9]+ $suite\$" <<<"$block"; then
	echo "pv-native: suite $suite did not finish with ok"
	fail=1
fi
if grep -qE '^ *not ok ' <<<"$block"; then
	echo "pv-native: a case of $suite failed"
	fail=1
fi
if grep -qE '^ *ok [0-9]+ .*# SKIP' <<<"$block"; then
	echo "pv-native: a case was skipped: this boot thought it was an lguest Guest"
	fail=1
fi
for c in $cases; do
	if ! grep -qE "^ {4}ok [0-9]+ $c\$" <<<"$block"; then
		echo "pv-native: case $c did not pass"
		fail=1
	fi
done
[ $fail = 0 ] || exit 1
echo "RESULT: native boot runs native pv code ($suite: all cases ok)"
