# Runs inside the Host VM: a filesystem made by the Guest.  The Guest runs
# mke2fs on /dev/lgba (a zeroed 16 MiB image), mounts it, writes files
# (one with fsync), prints their checksums, syncs, unmounts and powers off.
# The Host then mounts the image read-only through a loop device and checks
# the checksums, and prints the image (gzip, base64) between markers so
# that the build machine can run e2fsck -n on it (busybox has no e2fsck).
# The Guest's side is the step tests/guest-steps/blockfs.sh.
NAME=guest-blockfs
. /tests/guest.lib
need_lguest

img=/tmp/fs.img
dd if=/dev/zero of=$img bs=1M count=16 2>/dev/null

dmesg -c >/dev/null
out=$(guest 180 blockfs --block=$img </dev/null 2>&1); rc=$?
echo "$out" | grep -v '^ *\[' | sed 's/^/  /' | tail -n 20
echo "$out" | grep -q '^MKFS-OK' && pass "mke2fs in the Guest" || bad "mke2fs"
echo "$out" | grep -q '^MOUNT-OK' && pass "mounted" || bad "mount"
echo "$out" | grep -q '^FSYNC-OK' && pass "write with fsync" || bad "fsync"
f=$(echo "$out" | tr -d '\r' | sed -n 's/^FLUSHES-\([0-9]*\)$/\1/p')
[ -n "$f" ] && [ "$f" -gt 0 ] && pass "$f flush requests reached the Launcher" || bad "no flush requests ($f)"
echo "$out" | grep -q '^UMOUNT-OK' && pass "unmounted" || bad "umount"
[ $rc -eq 0 ] && echo "$out" | grep -q '^LGUEST-GUEST-DONE rc=0' && pass "Guest powered off, Launcher exit 0" || bad "Launcher exit $rc"

# The Host's view of the files: the Guest's checksums must match.
mkdir -p /mnt/h
if mount -o loop,ro -t ext2 $img /mnt/h; then
	n=0
	for f in random numbers dir/hello synced; do
		want=$(echo "$out" | tr -d '\r' | sed -n "s|^SUM-\([0-9a-f]*\)  $f\$|\1|p")
		have=$(md5sum /mnt/h/$f 2>/dev/null | cut -c1-32)
		if [ -n "$want" ] && [ "$want" = "$have" ]; then
			n=$((n + 1))
		else
			bad "checksum of $f: Guest $want, Host $have"
		fi
	done
	[ $n = 4 ] && pass "all 4 files match the Guest's checksums on the Host"
	[ "$(cat /mnt/h/dir/hello)" = hello-from-the-guest ] && pass "text file reads back" || bad "text file"
	umount /mnt/h
else
	bad "Host cannot mount the image"
fi
host_log_clean

# Keep kernel messages off the serial console while the image goes out.
dmesg -n 1
echo "FSIMG-MD5 $(md5sum <$img | cut -c1-32)"
echo "FSIMG-BEGIN"
gzip -c $img | base64
echo "FSIMG-END"
exit $fail
