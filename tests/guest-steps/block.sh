# Step "block" (in the Guest, for tests/vm/guest-block.sh): read the disk
# the Host filled (all of it, then sectors 3-7), time a direct 32 MiB write
# and read, then wait for the Host to shrink the file under the Guest and
# read past the new end (an I/O error) and before it (still fine).
cat /sys/block/lgba/size | sed s/^/SIZE-/
d=/sys/bus/lguest/devices/0
echo "STATUS-$(cat $d/status)-$(cat $d/modalias)"
dd if=/dev/lgba bs=1M count=8 2>/dev/null | md5sum | sed s/^/WHOLE-/
dd if=/dev/lgba bs=512 skip=3 count=5 2>/dev/null | md5sum | sed s/^/PART-/
read a b </proc/uptime
dd if=/dev/zero of=/dev/lgba bs=1M count=32 seek=8 oflag=direct 2>/dev/null
echo "WRITE-rc=$?"
read c b </proc/uptime
echo "GWRITE $a $c"
read a b </proc/uptime
dd if=/dev/lgba of=/dev/null bs=1M count=32 skip=8 iflag=direct 2>/dev/null
echo "READ-rc=$?"
read c b </proc/uptime
echo "GREAD $a $c"
echo WAITING-FOR-HOST
read x
echo "GOT-$x"
dd if=/dev/lgba of=/dev/null bs=4096 skip=3000 count=1 iflag=direct
echo "PASTEND-rc=$?"
dd if=/dev/lgba bs=512 skip=3 count=5 iflag=direct 2>/dev/null |
	md5sum | sed s/^/AFTER-/
