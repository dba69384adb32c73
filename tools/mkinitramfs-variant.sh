#!/bin/bash
# mkinitramfs-variant.sh VARIANT: the Host initramfs of a kernel variant
# (tools/build-kernel.sh VARIANT), build/VARIANT/host-initramfs.cpio.
#
# It is the main Host initramfs (tools/mkinitramfs.sh) with a second cpio
# archive appended, which the kernel unpacks over the first: the variant's
# modules under /lib/modules, its bzImage as the Guest kernel
# /lguest/bzImage and, as /lguest/guest-initramfs.cpio, the main Guest
# initramfs with the same modules appended.  So every in-VM test runs
# unchanged on the variant, Host and Guest alike.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
variant=$1
out=$top/out/$variant
dir=$top/build/$variant
mkdir -p "$dir"
for f in "$out/bzImage" "$top/build/host-initramfs.cpio" "$top/build/guest-initramfs.cpio"; do
	[ -f "$f" ] || { echo "mkinitramfs-variant: $f is missing" >&2; exit 1; }
done

mods=()
if [ -d "$out/modules/lib/modules" ]; then
	while IFS= read -r f; do
		mods+=("${f#"$out/modules/"}=$f")
	done < <(find "$out/modules/lib/modules" -type f | LC_ALL=C sort)
fi

"$top/tools/mkcpio.sh" "$dir/modules.cpio" "${mods[@]}"
cat "$top/build/guest-initramfs.cpio" "$dir/modules.cpio" >"$dir/guest-initramfs.cpio.new"
"$top/tools/update-file.sh" "$dir/guest-initramfs.cpio.new" "$dir/guest-initramfs.cpio"
"$top/tools/mkcpio.sh" "$dir/overlay.cpio" "${mods[@]}" \
	lguest/bzImage="$out/bzImage" \
	lguest/guest-initramfs.cpio="$dir/guest-initramfs.cpio"
cat "$top/build/host-initramfs.cpio" "$dir/overlay.cpio" >"$dir/host-initramfs.cpio.new"
"$top/tools/update-file.sh" "$dir/host-initramfs.cpio.new" "$dir/host-initramfs.cpio"
rm -f "$dir"/*.new "$dir/modules.cpio" "$dir/overlay.cpio"
