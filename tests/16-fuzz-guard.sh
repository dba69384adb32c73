#!/bin/bash
# The fuzz-0 guard refuses a patch that applies only at an offset, in
# either direction.  A scratch copy of the series gets one hunk header moved
# two lines down, then two lines up; tools/assemble.py must refuse each,
# naming the patch, and the pattern tests/40-dist.sh applies to quilt's
# output of the dist series must catch each.  (Both once let "offset -2
# lines" through.)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=build/fuzz-guard
victim=$(tools/series.py | sed -n 1p)
dist_re=$(sed -n "s/^if grep -E '\(.*\)' \"\$work\/quilt.log\"; then$/\1/p" tests/40-dist.sh)
[ -n "$dist_re" ] || { echo "cannot find the offset pattern in tests/40-dist.sh"; exit 1; }
pristine=$(tools/fetch-linux.sh)
checked=0
for shift in 2 -2; do
	rm -rf "$scratch"; mkdir -p "$scratch/tools" "$scratch/config"
	cp tools/assemble.py tools/series.py tools/fetch-linux.sh "$scratch/tools/"
	cp config/linux.pin "$scratch/config/"
	cp -r series patches "$scratch/"
	# Move the first hunk of the first patch by $shift lines.
	awk -v d="$shift" '!done && /^@@ -[0-9]+,[0-9]+ \+[0-9]+,[0-9]+ @@/ {
		split($2, o, ","); split($3, n, ",")
		sub(/^@@ -[0-9]+,[0-9]+ \+[0-9]+,[0-9]+ @@/, sprintf("@@ -%d,%s +%d,%s @@",
			-o[1] + d, o[2], substr(n[1], 2) + d, n[2]))
		done = 1 } { print }' "patches/$victim" >"$scratch/patches/$victim"
	! cmp -s "patches/$victim" "$scratch/patches/$victim" || { echo "no hunk moved"; exit 1; }
	if out=$("$scratch/tools/assemble.py" --check 2>&1); then
		echo "assemble.py accepted $victim moved by $shift lines:"; echo "$out"; exit 1
	fi
	grep -q "patch $victim applies only with offsets or fuzz" <<<"$out" ||
		{ echo "assemble.py failed otherwise:"; echo "$out"; exit 1; }
	echo "assemble.py, hunk moved by $shift: $(grep -m1 "Hunk" <<<"$out")"
	# The same quilt output through the dist check's pattern.
	mkdir -p "$scratch/tree"
	(cd "$pristine" && tar -cf - $(sed -n 's|^+++ b/\([^\t]*\).*|\1|p' \
		"$OLDPWD/$scratch/patches/$victim")) | tar -xf - -C "$scratch/tree"
	qout=$(cd "$scratch/tree" && QUILTRC=/dev/null QUILT_PATCHES=../patches \
		QUILT_SERIES=../series quilt push --fuzz=0 "$victim" 2>&1) || true
	grep -qE "$dist_re" <<<"$qout" ||
		{ echo "tests/40-dist.sh's pattern misses: $qout"; exit 1; }
	checked=$((checked + 1))
done
rm -rf "$scratch"
echo "RESULT: fuzz-0 guard: hunks moved by +2 and -2 lines are both refused ($checked/2)"
