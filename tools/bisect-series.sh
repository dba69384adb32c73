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
#     --nice N         run the builds (not the boots) at nice N, so a long
#                      walk takes only what a loaded machine has spare.
#                      With autogrouping (Debian's default), nice only
#                      ranks processes of one session; the sessions share
#                      the CPUs equally.  So when the walk leads its own
#                      session (setsid), N is also set as its group's
#                      nice, and the walk yields to other sessions too
#                      (the group's nice covers the boots as well)
#     --resume LOG PREV  go on from an earlier walk that stopped part way
#                      (a full walk with --boot takes hours): LOG is its
#                      output, PREV the series tarball it walked (its
#                      "dist:" line names it and its sha256).  Steps LOG
#                      shows good are taken over, and not built again, as
#                      far as the two series have the same patches (the
#                      tree at step N is the same only if patches 1..N
#                      are); the walk goes on from the first step after.
#     --boot           also boot every step that builds (needs `make all`
#                      first): natively in QEMU (tests/vm/boot.sh: user
#                      space reached, kernel log clean) and, once the step
#                      has the Guest's boot code (arch/x86/lguest/boot.o
#                      is built), as a Guest under the whole series' Host
#                      out/bzImage: tests/vm/guest-boot.sh when the step
#                      has the Guest console (CONFIG_HVC_LGUEST), else
#                      tests/vm/guest-early.sh (the Guest kernel reaches
#                      its "Run /init" line on the early console)
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
# "ALL GOOD" (exit 0); with --boot a step that builds but does not boot is
# broken too.  A patch that does not apply counts as broken.
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
boot=0
nice=0
resume_log=
resume_dist=

while [ $# -gt 0 ]; do
	case "$1" in
	--pristine) pristine=$2; shift 2 ;;
	--config) config=$2; shift 2 ;;
	--dist) dist=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--from) from=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--target) target=$2; shift 2 ;;
	--boot) boot=1; shift ;;
	--nice) nice=$2; shift 2 ;;
	--resume) resume_log=$2; resume_dist=$3; shift 3 ;;
	*) echo "bisect-series: unknown option $1" >&2; exit 2 ;;
	esac
done

# Autogrouping puts every session in one scheduling group, and a group's
# share of the CPUs is set by the group's nice, not its processes'.  Only a
# walk that is its own session may set it: otherwise it would slow the
# terminal it was started from.
if [ "$nice" != 0 ] && [ -w /proc/self/autogroup ] &&
   [ "$(ps -o sid= -p $$ | tr -d ' ')" = "$$" ]; then
	echo "$nice" >/proc/self/autogroup ||
		echo "bisect-series: could not set the session's nice" >&2
fi

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
if [ $boot = 1 ]; then
	for f in out/bzImage build/host-initramfs.cpio build/guest-initramfs.cpio; do
		[ -f "$top/$f" ] || { echo "bisect-series: --boot needs $f (make all)" >&2; exit 2; }
	done
	[ "$target" = bzImage ] || { echo "bisect-series: --boot needs --target bzImage" >&2; exit 2; }
fi
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
echo "dist: $dist (${#patches[@]} patches, sha256 $(sha256sum <"$dist" | cut -d' ' -f1))"

# --resume: the steps an earlier walk showed good, over the same patches.
taken=0
if [ -n "$resume_log" ]; then
	[ -f "$resume_log" ] && [ -f "$resume_dist" ] ||
		{ echo "bisect-series: --resume needs a log and a series tarball" >&2; exit 2; }
	[ $boot = 1 ] && ! grep -q 'boots natively' "$resume_log" &&
		{ echo "bisect-series: $resume_log did not boot its steps" >&2; exit 2; }
	prev=$work/prev
	rm -rf "$prev" && mkdir -p "$prev"
	tar -xJf "$resume_dist" -C "$prev"
	mapfile -t prev_patches <"$prev/patches/series"
	same=0
	while [ $same -lt ${#patches[@]} ] && [ $same -lt ${#prev_patches[@]} ] &&
	      [ "${patches[same]}" = "${prev_patches[same]}" ] &&
	      cmp -s "$tree/patches/${patches[same]}" "$prev/patches/${prev_patches[same]}"; do
		same=$((same + 1))
	done
	# Good steps: "  N name builds (Ts)[, boots ...]" in order from 1,
	# none of them saying it did not boot.
	good=$(awk '$1 ~ /^[0-9]+$/ {
			if ($1 != n + 1 || $3 != "builds" || / NOT | not boot/) exit
			n = $1 }
		END { print n + 0 }' "$resume_log")
	taken=$(( good < same ? good : same ))
	echo "resume: $resume_log showed steps 1-$good good; the first $same patches are the same"
	from=$(( taken + 1 ))
fi

# boot_step N: boot step N's bzImage natively, and as a Guest if it has
# the Guest; prints what booted, or what did not and where its log is.
boot_step() {
	local n=$1 k=$obj/arch/x86/boot/bzImage what test
	local log=$logs/$n.boot.log glog=$logs/$n.guest.log

	if ! (cd "$top" && . tests/lib.sh &&
	      vm_test boot "$log" --timeout 300 --kernel "$k") >"$log.out" 2>&1; then
		echo "does not boot natively (log: $log)"
		return 1
	fi
	what="boots natively"
	[ -f "$obj/arch/x86/lguest/boot.o" ] || { echo "$what"; return 0; }
	test=guest-early
	grep -q '^CONFIG_HVC_LGUEST=y' "$obj/.config" && test=guest-boot
	# The step's kernel becomes the Guest kernel /lguest/bzImage of the
	# whole series' Host (a second cpio unpacked over the first).
	"$top/tools/mkcpio.sh" "$work/overlay.cpio" lguest/bzImage="$k"
	cat "$top/build/host-initramfs.cpio" "$work/overlay.cpio" >"$work/host-initramfs.cpio"
	if (cd "$top" && . tests/lib.sh &&
	    vm_test "$test" "$glog" --timeout 600 \
		--initrd "$work/host-initramfs.cpio") >"$glog.out" 2>&1 &&
	   grep -aq "^$test: PASS" "$glog" && ! grep -aq "^$test: FAIL" "$glog"; then
		echo "$what, and as a Guest ($test: $(grep -ac "^$test: PASS" "$glog") checks)"
	else
		echo "$what, but NOT as a Guest ($test, log: $glog)"
		return 1
	fi
}

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
	if [ "$n" -le "$taken" ]; then
		printf '%3d %-64s %s (earlier walk)\n' "$n" "$p" \
			"$(awk -v n="$n" '$1 == n { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' "$resume_log")"
		continue
	fi
	if [ "$n" -lt "$from" ]; then
		printf '%3d %-64s applied, not built\n' "$n" "$p"
		continue
	fi
	start=$(date +%s)
	cp "$config" "$obj/.config"
	if make -s -C "$tree" O="$obj" CC="$cc" olddefconfig >"$logs/$n.build.log" 2>&1 &&
	   nice -n "$nice" make -C "$tree" O="$obj" CC="$cc" -j"$jobs" "$target" \
		>>"$logs/$n.build.log" 2>&1; then
		took=$(( $(date +%s) - start ))
		if [ $boot = 1 ]; then
			if booted=$(boot_step "$n"); then
				printf '%3d %-64s builds (%ss), %s\n' "$n" "$p" "$took" "$booted"
			else
				printf '%3d %-64s builds (%ss), %s\n' "$n" "$p" "$took" "$booted"
				echo "FIRST BROKEN: $p"
				exit 1
			fi
		else
			printf '%3d %-64s builds (%ss)\n' "$n" "$p" "$took"
		fi
	else
		printf '%3d %-64s BUILD FAILS\n' "$n" "$p"
		grep -E 'error|Error' "$logs/$n.build.log" | sed -n 1,20p
		echo "(full log: $logs/$n.build.log)"
		echo "FIRST BROKEN: $p"
		exit 1
	fi
done
verb=builds
[ $boot = 1 ] && verb="builds and boots"
if [ "$from" -le 1 ]; then
	echo "ALL GOOD: the tree $verb after each of the $n patches"
elif [ "$taken" -gt 0 ] && [ "$from" = $((taken + 1)) ]; then
	echo "ALL GOOD: the tree $verb after each of the $n patches (1-$taken in the earlier walk $resume_log, the same patches)"
elif [ "$from" -le "$n" ]; then
	echo "ALL GOOD: all $n patches apply; the tree builds after each of patches $from to $n"
else
	echo "ALL GOOD: all $n patches apply at fuzz 0 (none built: --from $from)"
fi
