#!/bin/bash
# fetch-linux.sh: make sure the pinned upstream Linux source is unpacked in
# the cache, and print the path of the pristine tree.
#
# The tarball comes from Debian's linux-source package (apt-get download), or
# from LINUX_TARBALL=path.  Either way its sha256 must match the pin in
# config/linux.pin, unless LINUX_SHA256 names the sum the caller vouches for.
# Nothing is written inside the repository.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../config/linux.pin
. "$top/config/linux.pin"
cache=${LGUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lguest}
mkdir -p "$cache"

die() { echo "fetch-linux: $*" >&2; exit 1; }

if [ -n "${LINUX_TARBALL:-}" ]; then
	tarball=$(readlink -f "$LINUX_TARBALL")
	[ -f "$tarball" ] || die "LINUX_TARBALL=$LINUX_TARBALL: no such file"
	case "$(basename "$tarball")" in
	"$KORG_TARBALL") want=${LINUX_SHA256:-$KORG_SHA256} ;;
	*) want=${LINUX_SHA256:-$DEB_SHA256} ;;
	esac
	[ -n "$want" ] || die "no checksum is recorded for $(basename "$tarball");" \
		"check it yourself and pass LINUX_SHA256=<sha256>"
else
	want=${LINUX_SHA256:-$DEB_SHA256}
	tarball=$cache/$DEB_PACKAGE-$DEB_VERSION.tar.xz
	if [ ! -f "$tarball" ]; then
		dl=$cache/dl
		rm -rf "$dl"; mkdir -p "$dl"
		echo "fetch-linux: downloading $DEB_PACKAGE=$DEB_VERSION" >&2
		if ! (cd "$dl" && apt-get download "$DEB_PACKAGE=$DEB_VERSION") >"$dl/log" 2>&1; then
			cat "$dl/log" >&2
			if grep -qiE "can't find|not found|unable to locate|version .* was not found" "$dl/log"; then
				die "$DEB_PACKAGE $DEB_VERSION is no longer in the archive" \
				    "(or 'apt-get update' has not been run)." \
				    "Use LINUX_TARBALL=/path/to/$KORG_TARBALL (or a saved $DEB_PACKAGE tarball)."
			fi
			die "apt-get download failed; see above. Or set LINUX_TARBALL=path."
		fi
		dpkg-deb --fsys-tarfile "$dl"/*.deb | tar -xO "./$DEB_TARBALL" >"$tarball.tmp"
		mv "$tarball.tmp" "$tarball"
		rm -rf "$dl"
	fi
fi

got=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
	die "checksum mismatch for $tarball
  expected sha256 $want
  found    sha256 $got
  If you trust this tarball, rerun with LINUX_SHA256=$got (or delete it to download again)."
fi

# One pristine tree per checksum; unpack next to it and rename, so an
# interrupted unpack never looks complete.
pristine=$cache/pristine-$got
if [ ! -f "$pristine/.unpacked" ]; then
	echo "fetch-linux: unpacking $(basename "$tarball")" >&2
	rm -rf "$pristine" "$pristine.tmp"
	mkdir -p "$pristine.tmp"
	tar -xJf "$tarball" -C "$pristine.tmp" --strip-components=1
	touch "$pristine.tmp/.unpacked"
	mv "$pristine.tmp" "$pristine"
fi
echo "$pristine"
