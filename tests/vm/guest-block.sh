# Runs inside the Host VM: a Guest with --block=FILE.  The Host makes an
# image with known (random) content; the Guest must read it back byte-exact
# (whole disk and a few sectors in the middle) and see its size in sysfs.
# Guest and Host then write and read 32 MiB with dd (O_DIRECT, 1 MiB
# blocks): the Guest on /dev/lgba, the Host on a loop device over the same
# kind of file.  Then the Host shrinks the image under the running Guest
# (the Guest waits for a console line to go on): a direct read beyond the
# new end must fail with an I/O error in the Guest, which then powers off
# normally.  Needs /bin/lguest, /lguest/bzImage, /lguest/guest-initramfs.cpio.
NAME=guest-block
. /tests/guest.lib
need_lguest

img=/tmp/disk.img
# 8 MiB of random data, then 32 MiB of zeros for the speed test.
dd if=/dev/urandom of=$img bs=1M count=8 2>/dev/null
dd if=/dev/zero of=$img bs=1M count=32 seek=8 conv=notrunc 2>/dev/null
sum=$(dd if=$img bs=1M count=8 2>/dev/null | md5sum | cut -c1-32)
part=$(dd if=$img bs=512 skip=3 count=5 2>/dev/null | md5sum | cut -c1-32)

# The Guest's side is the step tests/guest-steps/block.sh.
rm -f /tmp/in /tmp/out; mkfifo /tmp/in
dmesg -c >/dev/null
guest 180 block --block=$img </tmp/in >/tmp/out 2>&1 &
pid=$!
exec 3>/tmp/in
n=0
while ! grep -q '^WAITING-FOR-HOST' /tmp/out && [ $n -lt 600 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.5; n=$((n + 1))
done
# The Guest has the whole disk in its page cache by now; shrink the file to
# 4 MiB under it, then let it go on.
truncate -s 4M $img
echo shrunk >&3
wait $pid; rc=$?
exec 3>&-
out=$(cat /tmp/out)
echo "$out" | sed 's/^/  /' | grep -v '^  *\[' | tail -n 40
echo "$out" | grep -E '^ *\[' | grep -iE 'lgb|lguest|I/O error|beyond' | sed 's/^/  /'

echo "$out" | grep -q "^SIZE-81920" && pass "Guest sees 81920 sectors" || bad "size: $(echo "$out" | grep SIZE-)"
# 263: ACKNOWLEDGE|DRIVER|DRIVER_OK (7) and LGUEST_BLOCK_S_RING (256).
echo "$out" | grep -q "^STATUS-263-lguest:t03" && pass "sysfs: status ACK|DRIVER|DRIVER_OK|RING, modalias lguest:t03" || bad "sysfs status/modalias: $(echo "$out" | grep '^STATUS-')"
echo "$out" | grep -q "^WHOLE-$sum" && pass "8 MiB read back byte-exact ($sum)" || bad "whole-disk checksum (want $sum)"
echo "$out" | grep -q "^PART-$part" && pass "sectors 3-7 byte-exact" || bad "partial checksum"
echo "$out" | grep -q "^WRITE-rc=0" && echo "$out" | grep -q "^READ-rc=0" && pass "direct 8 MiB write and read" || bad "direct dd"
echo "$out" | grep -q "^GOT-shrunk" && pass "console line reached the Guest" || bad "console input"
if echo "$out" | grep -q "^PASTEND-rc=1" && echo "$out" | grep -qi "I/O error"; then
	pass "read past the (shrunk) end: dd fails with an I/O error"
else
	bad "read past the end: $(echo "$out" | grep PASTEND)"
fi
echo "$out" | grep -q "^AFTER-$part" && pass "disk still readable after the error" || bad "read after the error"
echo "$out" | grep -q "^LGUEST-GUEST-DONE rc=0" && [ $rc -eq 0 ] && pass "Guest powered off, Launcher exit 0" || bad "Launcher exit $rc"
host_log_clean

# Throughput: the Guest's numbers, then the same dd on the Host, on a loop
# device over a file in the same tmpfs.
g=$(echo "$out" | awk '/^GWRITE/ { w = ($3 - $2) } /^GREAD/ { r = ($3 - $2) }
	END { printf "write %.1f MB/s (%.2fs), read %.1f MB/s (%.2fs)", (w > 0 ? 33.554432 / w : 0), w, (r > 0 ? 33.554432 / r : 0), r }')
dd if=/dev/zero of=/tmp/host.img bs=1M count=40 2>/dev/null
lo=$(losetup -f); losetup $lo /tmp/host.img
read a b </proc/uptime; dd if=/dev/zero of=$lo bs=1M count=32 seek=8 oflag=direct 2>/dev/null; read c b </proc/uptime
read d b </proc/uptime; dd if=$lo of=/dev/null bs=1M count=32 skip=8 iflag=direct 2>/dev/null; read e b </proc/uptime
losetup -d $lo
h=$(echo "$a $c $d $e" | awk '{ w = $2 - $1; r = $4 - $3
	printf "write %.1f MB/s (%.2fs), read %.1f MB/s (%.2fs)", (w > 0 ? 33.554432 / w : 0), w, (r > 0 ? 33.554432 / r : 0), r }')
echo "guest-block: SPEED Guest /dev/lgba 32 MiB O_DIRECT 1 MiB blocks: $g"
echo "guest-block: SPEED Host loop device, same dd: $h"
exit $fail
