# Step "block-ring" (in the Guest, for tests/vm/guest-block-ring.sh): the
# disk under concurrent I/O.  The Host filled chunks A0-A3 (4 MiB each)
# with random data.  Four dd's at once copy Ai to Bi (16 MiB on): two
# O_DIRECT in 64 KiB blocks, two through the page cache in 1 MiB blocks.
# With the caches dropped, B0-B3 are read back four at a time (O_DIRECT)
# and A0-A3 likewise (buffered, readahead), and their checksums printed.
# Then 32 single-page copies to every other page of chunk C (40 MiB on),
# through the page cache, and a sync: writeback queues many small requests
# at once.  Last, 64 KiB written with conv=fsync; the Guest waits for a
# console line while the Host checks those bytes are in its file.
dmesg | grep -o 'lgba:.*' | sed s/^/PROTO-/
for i in 0 1; do
	dd if=/dev/lgba of=/dev/lgba bs=64k skip=$((i * 64)) seek=$((256 + i * 64)) \
		count=64 iflag=direct oflag=direct 2>/dev/null &
done
for i in 2 3; do
	dd if=/dev/lgba of=/dev/lgba bs=1M skip=$((i * 4)) seek=$((16 + i * 4)) \
		count=4 2>/dev/null &
done
wait
sync
echo 3 >/proc/sys/vm/drop_caches
for i in 0 1 2 3; do
	dd if=/dev/lgba bs=64k skip=$((256 + i * 64)) count=64 iflag=direct 2>/dev/null |
		md5sum >/tmp/b$i &
done
wait
for i in 0 1 2 3; do
	dd if=/dev/lgba bs=1M skip=$((i * 4)) count=4 2>/dev/null | md5sum >/tmp/a$i &
done
wait
for i in 0 1 2 3; do
	echo "BSUM-$i-$(cut -c1-32 /tmp/b$i)"
	echo "ASUM-$i-$(cut -c1-32 /tmp/a$i)"
done
j=0
while [ $j -lt 32 ]; do
	dd if=/dev/lgba of=/dev/lgba bs=4k skip=$j seek=$((10240 + 2 * j)) count=1 2>/dev/null
	j=$((j + 1))
done
sync
dd if=/dev/urandom of=/tmp/f bs=64k count=1 2>/dev/null
dd if=/tmp/f of=/dev/lgba bs=64k seek=512 conv=fsync 2>/dev/null &&
	echo "FSUM-$(md5sum </tmp/f | cut -c1-32)"
echo WAITING-FOR-HOST
read x
echo "GOT-$x"
