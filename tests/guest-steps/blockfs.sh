# Step "blockfs" (in the Guest, for tests/vm/guest-blockfs.sh): make an
# ext2 filesystem on the blank disk, write files to it (one with fsync),
# print their checksums and the number of flushes the disk was sent, and
# unmount it; the Host then checks the files from its side.
mke2fs -q /dev/lgba && echo MKFS-OK
mkdir -p /mnt
mount -t ext2 /dev/lgba /mnt && echo MOUNT-OK
dd if=/dev/urandom of=/mnt/random bs=1k count=200 2>/dev/null
seq 1 30000 >/mnt/numbers
mkdir /mnt/dir
echo hello-from-the-guest >/mnt/dir/hello
dd if=/dev/urandom of=/mnt/synced bs=1k count=64 conv=fsync 2>/dev/null &&
	echo FSYNC-OK
(cd /mnt && md5sum random numbers dir/hello synced | sed s/^/SUM-/)
sync
# Field 16 of the disk's stat file counts the flush requests.
echo "FLUSHES-$(cut -c1-200 /sys/block/lgba/stat | awk '{ print $16 }')"
umount /mnt && echo UMOUNT-OK
