#!/bin/bash
# checkpatch.pl reports no errors on the patches and on our new files
# (everything under linux/).  Warnings are listed but
# do not fail the test.
set -euo pipefail
cd "$(dirname "$0")/.."
cp=build/linux/scripts/checkpatch.pl
[ -x "$cp" ] || { echo "build/linux is not assembled; run make"; exit 1; }
opts=(--no-tree --terse --show-types --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG)
errors=0 warnings=0 files=0
check() {
	local out
	out=$("$cp" "${opts[@]}" "$@" 2>&1) || true
	files=$((files + 1))
	local e w
	e=$(grep -c ': ERROR:' <<<"$out" || true)
	w=$(grep -c ': WARNING:' <<<"$out" || true)
	errors=$((errors + e)); warnings=$((warnings + w))
	sed "s|^$PWD/||" <<<"$out" | grep -E ': (ERROR|WARNING):' || true
}
while IFS= read -r p; do
	# An absolute path: given a relative "patches/X" inside a git
	# checkout, checkpatch reported context lines as added ones.
	check "$PWD/patches/$p"
done < <(tools/series.py)
while IFS= read -r -d '' f; do
	check -f "$f"
done < <(find linux -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.S' -o -name Kconfig -o -name Makefile \) -print0 2>/dev/null)
echo "RESULT: checkpatch: $files files, $errors errors, $warnings warnings"
[ $errors = 0 ]
