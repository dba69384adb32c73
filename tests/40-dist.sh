#!/bin/bash
# make dist is deterministic (two runs, identical bytes), and its flat series
# applied with quilt (fuzz 0) to a pristine tree gives exactly the source
# tree that the build assembles in build/linux.  It is made of the patches
# of `series` and one logical patch per unit of `units`, each unit placed
# once; every new file of linux/ is in exactly one unit and is added by
# exactly one patch, that unit's; every patch applies at fuzz 0 without an
# offset.
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
for c in base.config guest.config lguest.config modular.config; do
	tar -xJOf "$tarball" "patches/config/$c" | cmp -s - "config/$c" ||
		{ echo "patches/config/$c missing from the tarball or not config/$c"; exit 1; }
done

# One patch per unit and per patch of series, in series' order.
mapfile -t items < <(tools/series.py --items)
mapfile -t members < <(tar -xJOf "$tarball" patches/series)
[ "${#members[@]}" = "${#items[@]}" ] ||
	{ echo "${#members[@]} patches in the tarball for ${#items[@]} series items"; exit 1; }
dup=$(printf '%s\n' "${items[@]}" | grep '^unit ' | sort | uniq -d)
[ -z "$dup" ] || { echo "units placed twice in series: $dup"; exit 1; }
declared=$(tools/series.py --files | cut -d' ' -f1 | sort -u)
placed=$(printf '%s\n' "${items[@]}" | sed -n 's/^unit //p' | sort)
[ "$declared" = "$placed" ] ||
	{ echo "units declared and placed differ:"; diff <(echo "$declared") <(echo "$placed"); exit 1; }
# Every new file: in exactly one unit, added by that unit's patch only.
overlay=$(cd linux && find . -type f -printf '%P\n' | sort)
inunits=$(tools/series.py --files | cut -d' ' -f2 | sort)
[ "$overlay" = "$inunits" ] ||
	{ echo "new files and unit files differ (< only in linux/, > only in units, or twice):"
	  diff <(echo "$overlay") <(echo "$inunits"); exit 1; }
for i in "${!items[@]}"; do
	read -r kind name <<<"${items[$i]}"
	patch=${members[$i]}
	added=$(tar -xJOf "$tarball" "patches/$patch" |
		awk '/^--- \/dev\/null/{n=1; next} n && /^\+\+\+ b\//{print substr($2, 3)} {n=0}' | sort)
	if [ "$kind" = unit ]; then
		want=$(tools/series.py --files | awk -v u="$name" '$1 == u {print $2}' | sort)
		[ "$added" = "$want" ] ||
			{ echo "$patch adds other files than unit $name:"; diff <(echo "$want") <(echo "$added"); exit 1; }
		subject=$(tar -xJOf "$tarball" "patches/$patch" | sed -n 's/^Subject: \[PATCH\] //p')
		[ -n "$subject" ] || { echo "$patch: no subject"; exit 1; }
	else
		[ "$patch" = "$(printf '%04d-%s' $((i + 1)) "${name#[0-9][0-9][0-9][0-9]-}")" ] ||
			{ echo "item $((i + 1)) is $patch, series says $name"; exit 1; }
		[ -z "$added" ] || { echo "$patch adds new files: $added"; exit 1; }
	fi
done
echo "units: $(echo "$placed" | wc -l) units, $(echo "$overlay" | wc -l) new files, each in one"

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
echo "RESULT: dist: $n patches, one per unit and per patch, deterministic, reproduces build/linux exactly"
