#!/bin/bash
# check-stable.sh [--no-build] [VERSION...]: the dist series on every 6.12.y.
#
# A distribution moves along its stable branch, and the series must move
# with it.  For every linux-source-6.12 version Debian serves (apt-cache
# madison; or the Debian versions given), this
#   1. fetches that source (tools/fetch-linux.sh, checked by apt against the
#      archive's signed index), in a scratch checkout so that this tree's
#      own choice of Linux (build/linux-version) is left alone;
#   2. applies the dist series (make dist's tarball) with quilt at fuzz 0,
#      and fails the version if any hunk needs fuzz or an offset;
#   3. unless --no-build, builds our i386 config (config/base.config,
#      guest.config, debug.config, lguest.config: Host, Guest and drivers)
#      as a bzImage for the oldest and the newest version that apply, and
#      boots it in QEMU as the Host, which boots the same bzImage as a
#      Guest (tests/vm/guest-boot.sh: busybox work, power off, the Host's
#      log clean).  The Host initramfs is this tree's (make all), with
#      that version's bzImage laid over its /lguest/bzImage.
# A version the archive lists but will not give is reported UNAVAILABLE
# and does not fail the run.
#
# Output: one line per version (APPLIES / DOES NOT APPLY / UNAVAILABLE,
# BUILDS / BUILD FAILS, BOOTS / DOES NOT BOOT), then "RESULT: ...".  The same goes to
# out/check-stable.txt.  Exit 1 if a version does not apply or a build
# fails.  Not in make check: it downloads every version (150 MB each) and
# builds two kernels.  make check-stable runs it.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tests/lib.sh
build=1
if [ "${1:-}" = --no-build ]; then build=0; shift; fi

# shellcheck source=../config/linux.pin
pkg=$(. config/linux.pin && echo "$DEB_PACKAGE")
if [ $# = 0 ]; then
	mapfile -t versions < <(apt-cache madison "$pkg" 2>/dev/null |
		awk -F'|' '{gsub(/ /, "", $2); print $2}' | sort -V -u)
	[ "${#versions[@]}" -gt 0 ] ||
		{ echo "check-stable: apt-cache knows no $pkg (run apt-get update)" >&2; exit 1; }
else
	versions=("$@")
fi

work=$top/build/stable
mkdir -p "$work" out
exec 3>&1 > >(tee out/check-stable.txt) 2>&1
teepid=$!
echo "check-stable: $(date -u '+%F %T') UTC, $pkg ${versions[*]}"

# The dist series, as a distribution gets it.
tools/dist.py >/dev/null
series=$(ls out/lguest-*-series.tar.xz | head -n 1)

# A scratch checkout of the fetcher: it records its choice in its own
# build/linux-version, not ours.
fetchtop=$work/fetch
mkdir -p "$fetchtop/tools" "$fetchtop/config"
cp tools/fetch-linux.sh "$fetchtop/tools/"
cp config/linux.pin "$fetchtop/config/"

LGUEST_CACHE=${LGUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lguest}
export CCACHE_DIR=${CCACHE_DIR:-$LGUEST_CACHE/ccache}
# Every version's tree is build/stable/V/linux and its objects
# build/stable/V/obj, as build/linux and build/kobj: the same relative
# paths, so unchanged files hit the compiler cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top}

fail=0
applied=()
declare -A line
for v in "${versions[@]}"; do
	if ! pristine=$(DEB_VERSION=$v "$fetchtop/tools/fetch-linux.sh" 2>"$work/fetch-$v.log"); then
		line[$v]="UNAVAILABLE ($(tail -n 1 "$work/fetch-$v.log"))"
		echo "$v: ${line[$v]}"
		continue
	fi
	tree=$work/$v/linux
	rm -rf "$tree"; mkdir -p "$work/$v"
	# Hard links are safe: patch writes a new file rather than editing one.
	cp -al "$pristine" "$tree"
	rm -f "$tree/.unpacked"
	tar -xJf "$series" -C "$tree"
	if (cd "$tree" && QUILTRC=/dev/null quilt push -a --fuzz=0) >"$work/$v/quilt.log" 2>&1 &&
	   ! grep -qE '(offset|fuzz) -?[0-9]+' "$work/$v/quilt.log"; then
		line[$v]="APPLIES ($(wc -l <"$tree/patches/series") patches, fuzz 0, no offset)"
		applied+=("$v")
	else
		line[$v]="DOES NOT APPLY: $(grep -E 'FAILED|offset|fuzz|does not apply' "$work/$v/quilt.log" | sed -n 1,3p | tr '\n' ' ')"
		fail=1
	fi
	echo "$v: ${line[$v]}"
done

# boot V: V's bzImage as the Host, and as the Guest inside it.
boot() {
	local v=$1 log=$work/$1/boot.log
	local k=$work/$1/obj/arch/x86/boot/bzImage
	"$top/tools/mkcpio.sh" "$work/$v/overlay.cpio" lguest/bzImage="$k"
	cat build/host-initramfs.cpio "$work/$v/overlay.cpio" >"$work/$v/host-initramfs.cpio"
	if vm_test guest-boot "$log" --timeout 600 --kernel "$k" \
			--initrd "$work/$v/host-initramfs.cpio" >>"$log.out" 2>&1 &&
	   grep -aq 'guest-boot: PASS' "$log"; then
		line[$v]+=", BOOTS (Host, and a Guest in it: $(grep -ac 'guest-boot: PASS' "$log") checks)"
		booted+=("$v")
	else
		line[$v]+=", DOES NOT BOOT (see build/stable/$v/boot.log)"
		return 1
	fi
}

built=() booted=()
if [ $build = 1 ] && [ "${#applied[@]}" -gt 0 ]; then
	# The oldest and the newest that apply (one, if they are the same).
	targets=("${applied[0]}")
	[ "${#applied[@]}" -gt 1 ] && targets+=("${applied[-1]}")
	for v in "${targets[@]}"; do
		tree=$work/$v/linux obj=$work/$v/obj
		start=$(date +%s)
		if MKCONFIG_TREE=$tree "$top/tools/mkconfig.sh" "$obj" \
				config/base.config config/guest.config config/debug.config config/lguest.config \
				>"$work/$v/build.log" 2>&1 &&
		   make -s -C "$tree" O="$obj" ARCH=i386 CC="ccache gcc" -j"${JOBS:-2}" \
				bzImage >>"$work/$v/build.log" 2>&1; then
			line[$v]+=", BUILDS (i386 Host + Guest, $(( $(date +%s) - start ))s)"
			built+=("$v")
			boot "$v" || fail=1
		else
			line[$v]+=", BUILD FAILS (see build/stable/$v/build.log)"
			grep -E 'error|Error' "$work/$v/build.log" | sed -n 1,10p
			fail=1
		fi
		echo "$v: ${line[$v]}"
	done
fi

echo
for v in "${versions[@]}"; do echo "$v: ${line[$v]}"; done
echo "RESULT: ${#applied[@]} of ${#versions[@]} versions apply at fuzz 0;" \
     "built: ${built[*]:-none}; booted as Host and Guest: ${booted[*]:-none}"
# Let tee finish the report before we return.
exec >&3 2>&3
wait "$teepid" 2>/dev/null || true
exit $fail
