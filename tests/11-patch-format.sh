#!/bin/bash
# Every patch in the series carries a Subject, a description of at least one
# line between the Subject and the diff, and a Signed-off-by; every patch in
# patches/ is in the series and the other way round.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
mapfile -t listed < <(sed 's/#.*//; /^[[:space:]]*$/d; s/[[:space:]].*//' series)
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
done
for f in patches/*.patch; do
	[ -e "$f" ] || continue
	printf '%s\n' "${listed[@]}" | grep -qxF "$(basename "$f")" ||
		{ echo "$(basename "$f"): in patches/ but not in series"; fail=1; }
done
[ $fail = 0 ] && echo "RESULT: ${#listed[@]} patches, each described and signed off"
exit $fail
