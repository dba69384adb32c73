# Runs inside the Host VM, with a disk of its own (/dev/vda, ext4, made by
# tests/73-fault-disk.sh) holding a.img, a Guest's ext4 disk.
# A Guest writes files to a.img, fsync after each, and prints "ACK N MD5"
# once f N's fsync has returned; after 15 of them the Launcher gets
# SIGKILL in the middle of the next write.  Then a second Guest mounts
# a.img (the kernel replays the journal) and lists every file: each
# acknowledged file must be there, whole.  The image as the kill left it
# is kept as a-killed.img, for the build machine's e2fsck.
NAME=fault-kill
. /tests/guest.lib
need_lguest
[ -b /dev/vda ] || { echo "fault-kill: no /dev/vda (the Host's disk)"; exit 1; }
mkdir -p /disk
mount -t ext4 /dev/vda /disk || { echo "fault-kill: cannot mount /dev/vda"; exit 1; }

dmesg -c >/dev/null
guest_bg 600 "fault write" --block=/disk/a.img >/tmp/a.out 2>&1
guest_wait /tmp/a.out '^ACK 15 ' 120
n=$(grep -c '^ACK ' /tmp/a.out)
kill -KILL $LG_PID
wait $LG_PID
rc=$?
[ $rc = 137 ] && pass "Launcher killed (SIGKILL) after $n acknowledged files" ||
	bad "Launcher ended by itself (status $rc) after $n files"
tr -d '\r' </tmp/a.out | grep -v '^ *\[' | tail -n 4 | sed 's/^/  | /'
tr -d '\r' </tmp/a.out | grep '^ACK ' >/tmp/acked
echo "FAULT-KILL-ACKED $(wc -l </tmp/acked)"
cat /tmp/acked
[ "$(wc -l </tmp/acked)" -ge 15 ] || bad "fewer than 15 acknowledged files"

cp /disk/a.img /disk/a-killed.img && sync

# The killed Guest is gone: its slot is free and a second Guest starts.
guest 300 "fault verify" --block=/disk/a.img </dev/null >/tmp/b.out 2>&1
rc=$?
[ $rc = 0 ] && pass "second Guest ran (Launcher exit 0)" || bad "second Guest: Launcher exit $rc"
tr -d '\r' </tmp/b.out | grep -q '^VERIFY-UMOUNT-OK' && pass "second Guest mounted and unmounted a.img" ||
	{ bad "second Guest could not mount a.img"; tr -d '\r' </tmp/b.out | tail -n 15 | sed 's/^/  | /'; }
ok=0 lost=0
while read -r _ num sum; do
	if tr -d '\r' </tmp/b.out | grep -qx "HAVE $num $sum"; then
		ok=$((ok + 1))
	else
		lost=$((lost + 1))
		bad "acknowledged file f$num lost or changed"
	fi
done </tmp/acked
echo "FAULT-KILL-INTACT $ok of $((ok + lost))"
[ $lost = 0 ] && [ $ok -ge 15 ] && pass "all $ok acknowledged files intact"

umount /disk || bad "cannot unmount /disk"
host_log_clean -g
exit $fail
