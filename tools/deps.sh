#!/bin/bash
# deps.sh: make sure this Debian 12 machine has what the build and the tests
# need.  As root it installs what is missing with apt-get; otherwise it prints
# the exact command to run and fails.
set -euo pipefail

# Debian package -> a file that proves it is installed.
pkgs=(
	"gcc:/usr/bin/gcc"
	"make:/usr/bin/make"
	"bc:/usr/bin/bc"
	"bison:/usr/bin/bison"
	"flex:/usr/bin/flex"
	"libelf-dev:/usr/include/libelf.h"
	"libssl-dev:/usr/include/openssl/ssl.h"
	"python3:/usr/bin/python3"
	"perl:/usr/bin/perl"
	"quilt:/usr/bin/quilt"
	"ccache:/usr/bin/ccache"
	"cpio:/usr/bin/cpio"
	"xz-utils:/usr/bin/xz"
	"gzip:/bin/gzip"
	"lz4:/usr/bin/lz4"
	"kmod:/bin/kmod"
	"e2fsprogs:/sbin/mke2fs"
	"qemu-system-x86:/usr/bin/qemu-system-i386"
	"gcc-multilib:/usr/lib/gcc/x86_64-linux-gnu/12/32/crtbegin.o"
	"lib32z1-dev:/usr/lib32/libz.a"
	"python3-docutils:/usr/lib/python3/dist-packages/docutils/__init__.py"
)

missing=()
for p in "${pkgs[@]}"; do
	name=${p%:/*}
	file=/${p##*:/}
	[ -e "$file" ] || missing+=("$name")
done
dpkg --print-foreign-architectures | grep -qx i386 || missing+=(i386-index)
if [ ${#missing[@]} -eq 0 ]; then
	# The tests run static i386 programs here: natively, or through QEMU.
	exec "$(dirname "$0")/i386-run.sh"
fi

# busybox-static:i386 is downloaded (not installed) by fetch-busybox.sh,
# which needs the i386 package index.
need_i386=0
dpkg --print-foreign-architectures | grep -qx i386 || need_i386=1

pkgs_missing=()
for m in "${missing[@]}"; do [ "$m" = i386-index ] || pkgs_missing+=("$m"); done
cmd="apt-get install -y --no-install-recommends ${pkgs_missing[*]}"
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: as root, run:" >&2
	[ $need_i386 = 1 ] && echo "  dpkg --add-architecture i386" >&2
	echo "  apt-get update" >&2
	echo "  $cmd" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}" >&2
[ $need_i386 = 1 ] && dpkg --add-architecture i386
# An i386 index that fails to sync is tolerated: the install below says
# clearly if something is really missing.
apt-get update >&2 || true
DEBIAN_FRONTEND=noninteractive $cmd >&2
exec "$(dirname "$0")/i386-run.sh"
