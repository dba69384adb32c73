#!/bin/bash
# Every patch in the series carries a Subject, a description of at least one
# line between the Subject and the diff, and a Signed-off-by; every patch in
# patches/ is in the series and the other way round.  All are in the one
# format (git format-patch's: From line, From:, Date:, diffstat, git diff),
# by one real author who also signs off (no .invalid address), and
# tools/refresh-patches.py would not change them.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
authors=()
mapfile -t listed < <(tools/series.py)
for p in "${listed[@]}"; do
	f=patches/$p
	[ -f "$f" ] || { echo "$p: listed in series but missing"; fail=1; continue; }
	grep -q '^Subject: ' "$f" || { echo "$p: no Subject:"; fail=1; }
	grep -q '^Signed-off-by: .* <.*@.*>' "$f" || { echo "$p: no Signed-off-by:"; fail=1; }
	# Description: non-empty lines after the Subject header block, before
	# the Signed-off-by / '---' separator.
	desc=$(awk '/^Subject: /{s=1; next} s && /^$/{d=1; next}
		d && /^(Signed-off-by:|---)/{exit} d && NF{n++} END{print n+0}' "$f")
	[ "$desc" -ge 1 ] || { echo "$p: no description"; fail=1; }
	head -n 1 "$f" | grep -qE '^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$' ||
		{ echo "$p: no format-patch From line"; fail=1; }
	grep -q '^Date: ' "$f" || { echo "$p: no Date:"; fail=1; }
	grep -qE '^ [0-9]+ files? changed' "$f" || { echo "$p: no diffstat"; fail=1; }
	grep -q '^diff --git a/' "$f" || { echo "$p: not a git diff"; fail=1; }
	author=$(sed -n 's/^From: //p' "$f" | head -n 1)
	[ -n "$author" ] || { echo "$p: no From:"; fail=1; continue; }
	case "$author" in *.invalid\>) echo "$p: $author is not a real address"; fail=1 ;; esac
	grep -qxF "Signed-off-by: $author" "$f" || { echo "$p: not signed off by its author $author"; fail=1; }
	authors+=("$author")
done
if [ "$(printf '%s\n' "${authors[@]}" | sort -u | wc -l)" != 1 ]; then
	echo "more than one author:"; printf '%s\n' "${authors[@]}" | sort | uniq -c; fail=1
fi
tools/refresh-patches.py --check || fail=1
for f in patches/*.patch; do
	[ -e "$f" ] || continue
	printf '%s\n' "${listed[@]}" | grep -qxF "$(basename "$f")" ||
		{ echo "$(basename "$f"): in patches/ but not in series"; fail=1; }
done
[ $fail = 0 ] && echo "RESULT: ${#listed[@]} patches, each described, in the one format, by ${authors[0]}"
exit $fail
