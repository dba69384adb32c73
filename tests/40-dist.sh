#!/bin/bash
# make dist is deterministic (two runs, identical bytes), and its flat series
# applied with quilt (fuzz 0) to a pristine tree gives exactly the source
# tree that the build assembles in build/linux.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/assemble.py
tools/dist.py
tarball=$(ls out/lguest-*-series.tar.xz)
sum1=$(sha256sum "$tarball" | cut -d' ' -f1)
tools/dist.py
sum2=$(sha256sum "$tarball" | cut -d' ' -f1)
[ "$sum1" = "$sum2" ] || { echo "two dist runs differ: $sum1 vs $sum2"; exit 1; }
echo "deterministic: $sum1"
# The config fragments README's "For distributions" points at ride along.
for c in base.config guest.config lguest.config; do
	tar -xJOf "$tarball" "patches/config/$c" | cmp -s - "config/$c" ||
		{ echo "patches/config/$c missing from the tarball or not config/$c"; exit 1; }
done

pristine=$(tools/fetch-linux.sh)
work=build/dist-check
rm -rf "$work"; mkdir -p "$work"
# Hard links are safe: patch writes a new file rather than editing in place.
cp -al "$pristine" "$work/linux"
rm -f "$work/linux/.unpacked"
tar -xJf "$tarball" -C "$work/linux"
(cd "$work/linux" && QUILTRC=/dev/null quilt push -a --fuzz=0 -q) >"$work/quilt.log" 2>&1 ||
	{ cat "$work/quilt.log"; exit 1; }
if grep -E '(offset|fuzz) -?[0-9]+' "$work/quilt.log"; then
	echo "the flat series needs offsets or fuzz"; exit 1
fi
n=$(wc -l <"$work/linux/patches/series")
rm -rf "$work/linux/.pc" "$work/linux/patches"
if ! diff -r -q -x .lguest-manifest -x .lguest-pristine "$work/linux" build/linux >"$work/diff.log"; then
	head -n 20 "$work/diff.log"
	echo "the dist series does not reproduce build/linux"; exit 1
fi
rm -rf "$work"
echo "RESULT: dist: $n patches, deterministic, reproduces build/linux exactly"
