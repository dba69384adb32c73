#!/bin/bash
# A filesystem written by the Guest, checked by the Host: inside the QEMU
# Host the Guest makes an ext2 filesystem on its disk, writes files (one
# with fsync, which must reach the Launcher as flush requests), syncs,
# unmounts and powers off; the Host loop-mounts the image and compares the
# Guest's checksums.  The image then comes out of the VM on the serial log
# and e2fsck -n (which busybox lacks) checks it here.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/guest-blockfs.log
vm_test guest-blockfs "$log" --timeout 400
grep -a 'guest-blockfs: ' "$log" | tr -d '\r'
img=build/logs/guest-blockfs.img
tr -d '\r' <"$log" | sed -n '/^FSIMG-BEGIN$/,/^FSIMG-END$/p' | sed '1d;$d' |
	base64 -d | gunzip >"$img"
want=$(tr -d '\r' <"$log" | sed -n 's/^FSIMG-MD5 //p')
have=$(md5sum <"$img" | cut -c1-32)
[ -n "$want" ] && [ "$want" = "$have" ] ||
	{ echo "image did not come out of the VM whole ($want, $have)"; exit 1; }
e2fsck -fn "$img"
echo "RESULT: e2fsck -fn: the Guest's ext2 filesystem is clean"
