#!/bin/bash
# The Launcher: --help exits 0 and prints usage; a bad argument exits
# non-zero with a one-line message naming the problem.
set -uo pipefail
cd "$(dirname "$0")/.."
l=out/lguest
[ -x "$l" ] || { echo "$l missing; run make"; exit 1; }
file "$l" | grep -q 'Intel 80386.*statically linked' || { echo "$l is not static i386: $(file "$l")"; exit 1; }
fail=0
out=$("$l" --help 2>&1); rc=$?
[ $rc = 0 ] || { echo "--help exited $rc"; fail=1; }
grep -qi 'usage' <<<"$out" || { echo "--help printed no usage:"; echo "$out"; fail=1; }
out=$("$l" --no-such-option 64 /dev/null 2>&1); rc=$?
echo "--no-such-option: exit $rc: $out"
[ $rc != 0 ] || { echo "bad option accepted"; fail=1; }
[ "$(wc -l <<<"$out")" -le 2 ] || { echo "message is not short"; fail=1; }
grep -q -- '--no-such-option' <<<"$out" || { echo "message does not name the option"; fail=1; }
out=$("$l" 2>&1); rc=$?
echo "no arguments: exit $rc"
[ $rc != 0 ] || { echo "no arguments accepted"; fail=1; }
out=$("$l" lots-of-memory /dev/null 2>&1); rc=$?
echo "bad memory size: exit $rc: $out"
[ $rc != 0 ] || { echo "bad memory size accepted"; fail=1; }
exit $fail
