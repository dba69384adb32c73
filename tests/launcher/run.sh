#!/bin/bash
# tests/launcher/run.sh: build the lguest Launcher and its unit tests, run
# them, print TAP.  Everything is written under build/launcher/; no VM, no
# /dev/lguest and (except for three cases) no root needed.
#
# Environment: CC (default gcc), BZIMAGE and VMLINUX (default: the ones in
# build/kobj/, if built; their tests are skipped otherwise).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=build/launcher
CC=${CC:-gcc}
CFLAGS="-m32 -static -O2 -Wall -Wextra -Werror -I linux/include/uapi"

mkdir -p "$out/scratch"

# The Launcher exactly as the top-level Makefile builds it.
$CC $CFLAGS -Wl,-Ttext-segment=0xb0000000 -o "$out/lguest" \
	linux/Documentation/lguest/lguest.c -lz -lpthread

# The test driver #includes lguest.c; it is linked normally.
$CC $CFLAGS -o "$out/test-launcher" tests/launcher/test-launcher.c \
	-lz -lpthread

exec "$out/test-launcher" "$out/lguest" "$out/scratch" \
	"${BZIMAGE:-build/kobj/arch/x86/boot/bzImage}" \
	"${VMLINUX:-build/kobj/vmlinux}"
