# Runs inside the Host VM, with a disk of its own (/dev/vda, ext4, made by
# tests/73-fault-disk.sh) holding e.img, a Guest's ext4 disk.  The Host
# keeps everything it can in memory: no periodic writeback, a 10-minute
# journal commit, so only a flush that goes all the way down (Guest fsync,
# the Launcher's fdatasync on e.img, the Host's flush of /dev/vda) puts a
# Guest's write on the Host's disk.  A Guest writes files with fsync and
# prints "ACK N MD5" on the console; the build machine cuts the power
# (SIGKILLs QEMU) when it sees "ACK 20", then reads /dev/vda's image
# itself.  This script never ends by itself.
NAME=fault-power
. /tests/guest.lib
need_lguest
[ -b /dev/vda ] || { echo "fault-power: no /dev/vda (the Host's disk)"; exit 1; }
mkdir -p /disk
mount -t ext4 -o commit=600 /dev/vda /disk || { echo "fault-power: cannot mount /dev/vda"; exit 1; }
echo 0 >/proc/sys/vm/dirty_writeback_centisecs
echo 60000 >/proc/sys/vm/dirty_expire_centisecs
echo "fault-power: writing; cut the power at ACK 20"
guest 3000 "fault write" --block=/disk/e.img </dev/null
echo "fault-power: the Guest stopped by itself (status $?)"
exit 1
