#!/bin/bash
# bisect-series.sh: build the kernel after each patch of the dist series (what
# make dist gives distributions: the patches of `series` and the logical
# patches of new files of `units`, in series' order) in turn and report the
# first patch after which it no longer builds.
#
#   tools/bisect-series.sh [options]
#     --pristine DIR   pristine upstream tree (default: the one named in
#                      build/linux/.lguest-pristine, else the only
#                      ~/.cache/lguest/pristine-*)
#     --config FILE    .config to build with at every step (default build/kobj/.config)
#     --dist TARBALL   the series to walk (default: run tools/dist.py and
#                      walk out/lguest-<version>-series.tar.xz)
#     --work DIR       scratch directory (default build/bisect); wiped first
#     --from N         start building at the Nth patch (earlier ones are
#                      applied but not built), default 1
#     --jobs N         make -j (default 2)
#     --target T       make target (default bzImage)
#
# Every step is an incremental build in one O= directory, with ccache, so
# only the first one is long.  The tree at step N is the pristine tree with
# patches 1..N of the dist series applied with quilt at fuzz 0 (no offset
# either): a new file is there only from the patch of its unit on, as a
# distribution bisecting the series would have it.  The .config is re-derived
# from --config with olddefconfig at every step, so options that only exist
# from a later patch on are picked up when they appear.
#
# Output: one line per patch, then "FIRST BROKEN: <patch>" (exit 1) or
# "ALL GOOD" (exit 0).  A patch that does not apply counts as broken.
# Not for CI: a full run takes as long as one cold and N warm builds.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
pristine=
config=$top/build/kobj/.config
work=$top/build/bisect
from=1
jobs=2
target=bzImage
dist=

while [ $# -gt 0 ]; do
	case "$1" in
	--pristine) pristine=$2; shift 2 ;;
	--config) config=$2; shift 2 ;;
	--dist) dist=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--from) from=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--target) target=$2; shift 2 ;;
	*) echo "bisect-series: unknown option $1" >&2; exit 2 ;;
	esac
done

if [ -z "$pristine" ]; then
	cache=$HOME/.cache/lguest
	stamp=$top/build/linux/.lguest-pristine
	if [ -f "$stamp" ] && [ -d "$(cat "$stamp")" ]; then
		pristine=$(cat "$stamp")
	else
		set -- "$cache"/pristine-*
		[ $# = 1 ] && [ -d "$1" ] ||
			{ echo "bisect-series: give --pristine DIR" >&2; exit 2; }
		pristine=$1
	fi
fi
[ -f "$pristine/Makefile" ] || { echo "bisect-series: no tree at $pristine" >&2; exit 2; }
[ -f "$config" ] || { echo "bisect-series: no config $config" >&2; exit 2; }
config=$(readlink -f "$config")

export ARCH=i386
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/lguest/ccache}
# As in the Makefile: hash paths relative to the checkout, so the steps
# whose tree matches the normal build (build/linux, built in build/kobj:
# the same "../linux" as here) hit the compiler cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top}
cc="gcc"
command -v ccache >/dev/null && cc="ccache gcc"

tree=$work/linux
obj=$work/obj
logs=$work/logs
echo "bisect-series: copying $pristine"
rm -rf "$tree" "$logs"
mkdir -p "$work" "$obj" "$logs"
# Hard links are safe: patch writes a new file rather than editing one.
cp -al "$pristine" "$tree"

if [ -z "$dist" ]; then
	"$top/tools/dist.py" >&2
	set -- "$top"/out/lguest-*-series.tar.xz
	[ $# = 1 ] || { echo "bisect-series: expected one series tarball in out/" >&2; exit 2; }
	dist=$1
fi
[ -f "$dist" ] || { echo "bisect-series: no $dist" >&2; exit 2; }
tar -xJf "$dist" -C "$tree"
mapfile -t patches <"$tree/patches/series"

n=0
for p in "${patches[@]}"; do
	n=$((n + 1))
	if ! (cd "$tree" && QUILT_PATCHES=patches quilt push -q --fuzz=0 \
		>"$logs/$n.apply.log" 2>&1) ||
	   grep -qE 'offset|fuzz' "$logs/$n.apply.log"; then
		printf '%3d %-64s DOES NOT APPLY\n' "$n" "$p"
		cat "$logs/$n.apply.log"
		echo "FIRST BROKEN: $p"
		exit 1
	fi
	if [ "$n" -lt "$from" ]; then
		printf '%3d %-64s applied, not built\n' "$n" "$p"
		continue
	fi
	start=$(date +%s)
	cp "$config" "$obj/.config"
	if make -s -C "$tree" O="$obj" CC="$cc" olddefconfig >"$logs/$n.build.log" 2>&1 &&
	   make -C "$tree" O="$obj" CC="$cc" -j"$jobs" "$target" \
		>>"$logs/$n.build.log" 2>&1; then
		printf '%3d %-64s builds (%ss)\n' "$n" "$p" $(( $(date +%s) - start ))
	else
		printf '%3d %-64s BUILD FAILS\n' "$n" "$p"
		grep -E 'error|Error' "$logs/$n.build.log" | head -n 20
		echo "(full log: $logs/$n.build.log)"
		echo "FIRST BROKEN: $p"
		exit 1
	fi
done
if [ "$from" -le 1 ]; then
	echo "ALL GOOD: the tree builds after each of the $n patches"
elif [ "$from" -le "$n" ]; then
	echo "ALL GOOD: all $n patches apply; the tree builds after each of patches $from to $n"
else
	echo "ALL GOOD: all $n patches apply at fuzz 0 (none built: --from $from)"
fi
