#!/bin/bash
# run-all.sh [PATTERN...]: run every tests/NN-*.sh (or those matching any
# PATTERN)
# and end with "N passed, N failed".  A test passes with status 0, is skipped
# with 77, and fails otherwise; a failing test's output is shown.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=$top/build/logs/tests
mkdir -p "$logs"
patterns=("$@")
pass=0 fail=0 skip=0 failed=()
start_all=$(date +%s)
for t in tests/[0-9][0-9]-*.sh; do
	name=$(basename "$t" .sh)
	if [ ${#patterns[@]} -gt 0 ]; then
		match=0
		for p in "${patterns[@]}"; do
			[[ $name == *$p* ]] && match=1
		done
		[ $match = 1 ] || continue
	fi
	start=$(date +%s)
	"$t" >"$logs/$name.log" 2>&1 </dev/null
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc = 0 ]; then
		pass=$((pass + 1)); printf 'PASS  %-28s %4ss\n' "$name" "$secs"
		grep '^RESULT:' "$logs/$name.log" | sed 's/^/        /'
	elif [ $rc = 77 ]; then
		skip=$((skip + 1)); printf 'SKIP  %-28s %4ss  %s\n' "$name" "$secs" \
			"$(tail -n 1 "$logs/$name.log")"
	else
		fail=$((fail + 1)); failed+=("$name")
		printf 'FAIL  %-28s %4ss  (exit %s)\n' "$name" "$secs" "$rc"
		tail -n 30 "$logs/$name.log" | sed 's/^/    | /'
	fi
done
echo "suite took $(( $(date +%s) - start_all ))s; logs in build/logs/tests/"
[ $fail -gt 0 ] && echo "failed: ${failed[*]}"
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail = 0 ]
