#!/bin/bash
# fetch-linux.sh: make sure the chosen upstream Linux source is unpacked in
# the cache, and print the path of the pristine tree.
#
# Which Linux:
#   - by default the pin, config/linux.pin (Debian's linux-source-6.12 of the
#     version the series is made on, checked against DEB_SHA256);
#   - DEB_VERSION=<Debian version> another linux-source-6.12 from the
#     archive, e.g. DEB_VERSION=6.12.107-1~deb12u1.  apt-get download checks
#     the package against the archive's signed index; the sha256 of the
#     tarball inside is then recorded (or LINUX_SHA256 gives it);
#   - LINUX_TARBALL=path a tarball you have (kernel.org's linux-6.12.N.tar.xz,
#     or a saved linux-source tarball), checked against the pin's sum for
#     that file name or against LINUX_SHA256.
# The choice is remembered in build/linux-version, so later runs of the
# same tree (a plain `make`) build against the same Linux.  A run that asks
# for another one says that it switches, and from what.  Going back to the
# pin: DEB_VERSION=<the pinned version>, or remove build/linux-version.
# Nothing is written inside the repository except build/linux-version.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# The caller's choice first: the pin below sets the same names.
ask_deb=${DEB_VERSION:-}
ask_tarball=${LINUX_TARBALL:-}
ask_sum=${LINUX_SHA256:-}
# shellcheck source=../config/linux.pin
. "$top/config/linux.pin"
pin_deb=$DEB_VERSION
cache=${LGUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lguest}
mkdir -p "$cache"
state=$top/build/linux-version

die() { echo "fetch-linux: $*" >&2; exit 1; }

# state_get KEY: a value recorded in build/linux-version.
state_get() {
	[ -f "$state" ] && sed -n "s/^$1=//p" "$state" | tail -n 1
}

was=$(state_get CHOICE || true)
was_sum=$(state_get SHA256 || true)
if [ -n "$ask_tarball" ]; then
	tarball=$(readlink -f "$ask_tarball")
	[ -f "$tarball" ] || die "LINUX_TARBALL=$ask_tarball: no such file"
	choice="tarball $tarball"
elif [ -n "$ask_deb" ]; then
	choice="deb $ask_deb"
elif [ -n "$was" ]; then
	choice=$was
else
	choice="deb $pin_deb"
fi
if [ -n "$was" ] && [ "$was" != "$choice" ]; then
	echo "fetch-linux: switching this tree from '$was' to '$choice';" \
	     "build/linux is reassembled, and rebuilt, if its source differs" >&2
	was_sum=
fi

case "$choice" in
"tarball "*)
	tarball=${choice#tarball }
	[ -f "$tarball" ] || die "build/linux-version names $tarball, which is gone;" \
		"give LINUX_TARBALL= or DEB_VERSION="
	case "$(basename "$tarball")" in
	"$KORG_TARBALL") want=${ask_sum:-${was_sum:-$KORG_SHA256}} ;;
	linux-source-*) want=${ask_sum:-${was_sum:-$DEB_SHA256}} ;;
	*) want=${ask_sum:-$was_sum} ;;
	esac
	[ -n "$want" ] || die "no checksum is recorded for $(basename "$tarball");" \
		"check it yourself and pass LINUX_SHA256=<sha256>"
	version=$(basename "$tarball" | sed -n 's/^linux-\([0-9][0-9.]*[0-9]\)\.tar\..*/\1/p')
	version=${version:-$LINUX_VERSION}
	;;
"deb "*)
	ver=${choice#deb }
	version=${ver%%-*}
	if [ "$ver" = "$pin_deb" ]; then
		want=${ask_sum:-$DEB_SHA256}
	else
		# The sum apt vouched for when this version was downloaded.
		want=${ask_sum:-${was_sum:-$(cat "$cache/$DEB_PACKAGE-$ver.tar.xz.sha256" 2>/dev/null || true)}}
	fi
	tarball=$cache/$DEB_PACKAGE-$ver.tar.xz
	if [ ! -f "$tarball" ]; then
		dl=$cache/dl
		rm -rf "$dl"; mkdir -p "$dl"
		echo "fetch-linux: downloading $DEB_PACKAGE=$ver" >&2
		if ! (cd "$dl" && apt-get download "$DEB_PACKAGE=$ver") >"$dl/log" 2>&1; then
			cat "$dl/log" >&2
			if grep -qiE "can't find|not found|unable to locate|version .* was not found" "$dl/log"; then
				die "$DEB_PACKAGE $ver is not in the archive" \
				    "(or 'apt-get update' has not been run);" \
				    "'apt-cache madison $DEB_PACKAGE' lists those that are." \
				    "Or use LINUX_TARBALL=/path/to/$KORG_TARBALL (or a saved $DEB_PACKAGE tarball)."
			fi
			die "apt-get download failed; see above. Or set LINUX_TARBALL=path."
		fi
		dpkg-deb --fsys-tarfile "$dl"/*.deb | tar -xO "./$DEB_TARBALL" >"$tarball.tmp"
		mv "$tarball.tmp" "$tarball"
		rm -rf "$dl"
		if [ -z "$want" ]; then
			# Not pinned: apt verified the package against the
			# archive's signed index; from now on this sum is the pin.
			want=$(sha256sum "$tarball" | cut -d' ' -f1)
			echo "$want" >"$tarball.sha256"
			echo "fetch-linux: $DEB_PACKAGE $ver is not the pinned version;" \
			     "verified by apt, tarball sha256 $want recorded in build/linux-version" >&2
		fi
	fi
	[ -n "$want" ] || die "$tarball is in the cache but no checksum is recorded" \
		"for $ver; delete it to download it again, or pass LINUX_SHA256=<sha256>"
	;;
esac

got=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$got" != "$want" ]; then
	die "checksum mismatch for $tarball
  expected sha256 $want
  found    sha256 $got
  If you trust this tarball, rerun with LINUX_SHA256=$got (or delete it to download again)."
fi

mkdir -p "$top/build"
if [ "$(state_get CHOICE || true)" != "$choice" ] || [ "$(state_get SHA256 || true)" != "$got" ]; then
	cat >"$state.tmp" <<-STATE
	# The Linux this tree builds against, chosen by tools/fetch-linux.sh
	# (DEB_VERSION= or LINUX_TARBALL=); remove this file to return to the pin.
	CHOICE=$choice
	SHA256=$got
	LINUX_VERSION=$version
	STATE
	mv "$state.tmp" "$state"
fi
if [ "$choice" != "deb $pin_deb" ]; then
	echo "fetch-linux: building against $version ($choice, from build/linux-version)," \
	     "not the pinned $pin_deb" >&2
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
