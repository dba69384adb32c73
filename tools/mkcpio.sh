#!/bin/bash
# mkcpio.sh OUT DST=SRC...: write a newc cpio archive holding each SRC file
# at path DST.  Owners, modes and times are fixed, so the same inputs always
# give the same bytes.
set -euo pipefail
out=$1; shift
stage=$(mktemp -d "${out}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,root,etc}
for spec in "$@"; do
	dst=${spec%%=*}; src=${spec#*=}
	mkdir -p "$stage/$(dirname "$dst")"
	cp "$src" "$stage/$dst"
done
find "$stage" -exec touch -h -d @0 {} +
(cd "$stage" && find . | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) >"$out.tmp"
mv "$out.tmp" "$out"
