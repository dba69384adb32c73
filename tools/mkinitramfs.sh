#!/bin/bash
# mkinitramfs.sh BUILDDIR: make BUILDDIR/guest-initramfs.cpio and
# BUILDDIR/host-initramfs.cpio from busybox, the Launcher, out/bzImage and
# the VM test scripts in tests/vm/ and tests/hostile/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$1
bb=$("$top/tools/fetch-busybox.sh")

# The Host's own test material: a minimal launcher (lgrun), tiny
# hand-written guests, friendly and hostile, and lgnet (tests/guests/).
"$top/tests/guests/build.sh" "$build/testguests"
# The conformance programs run on the Host and in the Guest alike.
"$top/tests/conform/build.sh" "$build/conform"

# The Guest gets lgnet, lgio and its side of the network tests too.
"$top/tools/mkcpio.sh" "$build/guest-initramfs.cpio.new" \
	bin/busybox="$bb" init="$top/tools/initramfs/guest-init" \
	bin/lgnet="$build/testguests/lgnet" \
	bin/lgio="$build/testguests/lgio" \
	tests/net-guest.sh="$top/tests/vm/net-guest.sh" \
	tests/guest-modular.sh="$top/tests/vm/guest-modular.sh" \
	conform/conform="$build/conform/conform"
"$top/tools/update-file.sh" "$build/guest-initramfs.cpio.new" "$build/guest-initramfs.cpio"
rm -f "$build/guest-initramfs.cpio.new"

specs=(bin/busybox="$bb" init="$top/tools/initramfs/host-init"
       bin/run-guest="$top/tools/initramfs/run-guest"
       bin/lguest="$top/out/lguest" lguest/bzImage="$top/out/bzImage"
       lguest/guest-initramfs.cpio="$build/guest-initramfs.cpio"
       conform/conform="$build/conform/conform")
for g in "$build"/testguests/*; do
	specs+=("lguest/tests/$(basename "$g")=$g")
done
for t in "$top"/tests/vm/*.sh; do
	[ -e "$t" ] && specs+=("tests/$(basename "$t")=$t")
done
# README's "Try, in the Guest" lines, which tests/vm/readme-steps.sh types.
sed -n '/^<!-- guest-steps/,/^<!-- end of guest-steps/{/^    /s/^    //p}' \
	"$top/README.md" >"$build/readme-steps.txt"
specs+=("tests/readme-steps.txt=$build/readme-steps.txt")
# The hostile suite's classes and their helpers (tests/vm/hostile.sh).
for t in "$top"/tests/hostile/*.sh "$top"/tests/hostile/*.lib; do
	[ -e "$t" ] && specs+=("tests/hostile/$(basename "$t")=$t")
done
"$top/tools/mkcpio.sh" "$build/host-initramfs.cpio.new" "${specs[@]}"
"$top/tools/update-file.sh" "$build/host-initramfs.cpio.new" "$build/host-initramfs.cpio"
rm -f "$build/host-initramfs.cpio.new"
