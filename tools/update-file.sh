#!/bin/bash
# update-file.sh SRC DST: copy SRC to DST unless DST already has the same
# bytes, so unchanged artifacts keep their timestamps.
set -euo pipefail
[ -f "$1" ] || { echo "update-file: $1 is missing" >&2; exit 1; }
if ! cmp -s "$1" "$2"; then
	mkdir -p "$(dirname "$2")"
	cp "$1" "$2.tmp"
	mv "$2.tmp" "$2"
fi
