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
