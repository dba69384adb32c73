#!/bin/bash
# foreign-build.sh [--pristine] NAME: build the foreign config
# config/foreign/NAME.config, a kernel a distribution builds from the same
# tree that is not ours (another architecture, a config without lguest), to
# show the series does it no harm.
#
# The fragment's "# arch: ARCH" line names the architecture; the fragment
# is merged onto that architecture's tinyconfig by tools/mkconfig.sh.  The
# source is the assembled tree build/linux (the series applied), or with
# --pristine the untouched upstream tree; either way it is only read: the
# objects go to build/foreign/NAME (or NAME-pristine), built with O= and
# the shared compiler cache.  The target is vmlinux.
#
# Prints the object directory on success.  The build log is
# build/logs/foreign-NAME[-pristine].log.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
pristine=0
if [ "${1:-}" = --pristine ]; then pristine=1; shift; fi
[ $# = 1 ] || { echo "usage: foreign-build.sh [--pristine] NAME" >&2; exit 2; }
name=$1
frag=$top/config/foreign/$name.config
[ -f "$frag" ] || { echo "foreign-build: no $frag" >&2; exit 2; }
arch=$(sed -n 's/^# arch: *\([a-z0-9_]*\).*/\1/p' "$frag")
[ -n "$arch" ] || { echo "foreign-build: $frag has no '# arch:' line" >&2; exit 2; }

if [ $pristine = 1 ]; then
	tree=$("$top/tools/fetch-linux.sh")
	tag=$name-pristine
else
	tree=$top/build/linux
	[ -f "$tree/.lguest-manifest" ] ||
		{ echo "foreign-build: build/linux is not assembled (run tools/assemble.py)" >&2; exit 1; }
	tag=$name
fi
obj=$top/build/foreign/$tag
log=$top/build/logs/foreign-$tag.log
mkdir -p "$obj" "$top/build/logs"

LGUEST_CACHE=${LGUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lguest}
export CCACHE_DIR=${CCACHE_DIR:-$LGUEST_CACHE/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top}

MKCONFIG_TREE=$tree MKCONFIG_ARCH=$arch "$top/tools/mkconfig.sh" "$obj" "$frag"
echo "  FOREIGN $tag ($arch, log: ${log#"$top"/})" >&2
if ! make -s -C "$tree" O="$obj" ARCH="$arch" CC="ccache gcc" \
		-j"${JOBS:-2}" vmlinux >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | sed -n 1,20p >&2
	echo "foreign-build: $tag does not build; see ${log#"$top"/}" >&2
	exit 1
fi
echo "$obj"
