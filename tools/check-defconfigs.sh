#!/bin/bash
# check-defconfigs.sh [NAME...]: build the series in the full configs a
# distribution starts from, once (make check-defconfigs; not in make check:
# each is a cold build of a few thousand objects, about half an hour on two
# cores).
#
#   x86_64-xen   x86_64 defconfig + xen.config (Dom0 and PV guest, as a
#                distribution's amd64 flavour has them), lguest absent
#   i386-lguest  i386 defconfig + config/defconfig-lguest.config: the Host
#                as lg.ko, the Guest and its drivers (drivers as modules)
#
# The tree is the assembled build/linux (the series applied); objects go to
# build/defconfig/NAME with the shared compiler cache, logs to
# build/logs/defconfig-NAME.log.  The target is vmlinux and modules.  A
# build fails on any compiler error, and on any warning from a file of ours
# (the lguest directories and the files the series adds or patches are
# listed in build/linux/.lguest-manifest).  Prints "PASS: NAME (N objects,
# S s, W warnings elsewhere)" or "FAIL: NAME" per config, exits 1 if any
# failed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ $# -gt 0 ] || set -- x86_64-xen i386-lguest
tree=$top/build/linux
[ -f "$tree/.lguest-manifest" ] || tools/assemble.py

LGUEST_CACHE=${LGUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lguest}
export CCACHE_DIR=${CCACHE_DIR:-$LGUEST_CACHE/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top}
mkdir -p build/logs

rc=0
for name in "$@"; do
	obj=$top/build/defconfig/$name
	log=$top/build/logs/defconfig-$name.log
	case "$name" in
	x86_64-xen) arch=x86_64 targets=(defconfig xen.config) frag= ;;
	i386-lguest) arch=i386 targets=(defconfig)
		frag=$top/config/defconfig-lguest.config ;;
	*) echo "check-defconfigs: unknown config $name" >&2; exit 2 ;;
	esac
	mkdir -p "$obj"
	start=$(date +%s)
	kmake() {
		make -C "$tree" O="$obj" ARCH="$arch" CC="ccache gcc" \
			-j"${JOBS:-$(nproc)}" "$@"
	}
	echo "  DEFCONFIG $name ($arch, log: ${log#"$top"/})"
	# Each step chained with &&: under "{ ...; } || ..." set -e is off,
	# and a failed step would otherwise be passed over.
	{
		kmake -s "${targets[@]}" &&
		if [ -n "$frag" ]; then
			(cd "$tree" && scripts/kconfig/merge_config.sh -m \
				-O "$obj" "$obj/.config" "$frag") &&
			kmake -s olddefconfig &&
			# Every option the fragment asks for must have stuck.
			tools/check-config.sh "$obj/.config" "$frag"
		fi &&
		kmake -s vmlinux modules
	} >"$log" 2>&1 || {
		grep -E 'error|Error' "$log" | sed -n 1,20p
		echo "FAIL: $name (see ${log#"$top"/})"
		rc=1
		continue
	}
	ours=$(sed 's/ .*//' "$tree/.lguest-manifest" | sort -u)
	warn=$(grep -E ': warning: ' "$log" || true)
	mine=$(printf '%s\n' "$warn" | grep -E '(^|/)(drivers/lguest|arch/x86/lguest)/' || true)
	for f in $ours; do
		mine+=$(printf '%s\n' "$warn" | grep -F "$f:" || true)
	done
	if [ -n "$mine" ]; then
		printf '%s\n' "$mine" | sort -u | sed -n 1,20p
		echo "FAIL: $name: warnings in files of the series"
		rc=1
		continue
	fi
	objs=$(find "$obj" -name '*.o' | wc -l)
	others=$(printf '%s' "$warn" | grep -c . || true)
	echo "PASS: $name ($objs objects, $(( $(date +%s) - start )) s," \
		"$others warnings elsewhere)"
done
exit $rc
