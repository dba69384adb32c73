#!/bin/bash
# fetch-busybox.sh: print the path of a static i386 busybox, downloading
# Debian's busybox-static:i386 into the cache the first time.  The package is
# only unpacked, never installed, so the build machine's own busybox (if any)
# is left alone.
set -euo pipefail

cache=${LGUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lguest}
bb=$cache/busybox-i386/bin/busybox
if [ ! -x "$bb" ]; then
	dl=$cache/busybox-dl
	rm -rf "$dl" "$cache/busybox-i386"; mkdir -p "$dl"
	if ! (cd "$dl" && apt-get download busybox-static:i386) >"$dl/log" 2>&1; then
		cat "$dl/log" >&2
		echo "fetch-busybox: could not download busybox-static:i386;" \
		     "run 'dpkg --add-architecture i386 && apt-get update' as root" >&2
		exit 1
	fi
	dpkg-deb -x "$dl"/busybox-static_*_i386.deb "$cache/busybox-i386"
	rm -rf "$dl"
fi
if ! file "$bb" 2>/dev/null | grep -q 'Intel 80386.*statically linked' &&
   ! od -An -tx1 -j18 -N2 "$bb" | grep -q '03 00'; then
	echo "fetch-busybox: $bb is not an i386 binary" >&2
	exit 1
fi
echo "$bb"
