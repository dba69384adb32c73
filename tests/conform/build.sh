#!/bin/sh
# build.sh OUTDIR: build the conformance programs (static i386), which
# tools/mkinitramfs.sh puts into both the Host's and the Guest's
# initramfs, at /conform/.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
gcc -m32 -static -O2 -msse2 -Wall -Wextra -Werror -o "$out/conform" \
	"$here/conform.c"
gcc -m32 -static -O2 -Wall -Wextra -Werror -o "$out/distro" "$here/distro.c"
# distro's ext4 section mounts this image through a loop device: 4 MiB,
# 1 KiB blocks, a journal, one file.  Neither busybox nor the Host has
# mkfs.ext4, so the build machine makes it, once: mkfs stamps some inodes
# with the time, and a new image each build would remake both initramfs.
[ "$out/ext4.img" -nt "$0" ] && exit 0
rm -rf "$out/ext4-root" "$out/ext4.img"
mkdir -p "$out/ext4-root"
echo "hello from ext4" >"$out/ext4-root/hello"
mkfs.ext4 -q -F -b 1024 -N 64 -J size=1 \
	-d "$out/ext4-root" "$out/ext4.img" 4M >/dev/null
rm -rf "$out/ext4-root"
