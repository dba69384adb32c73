# Runs inside the debug Host VM (out/debug/bzImage, tests/58-debug-host.sh):
# the Host as the module lg.ko under lockdep, KFENCE, DEBUG_PAGEALLOC and
# kmemleak.  Opening /dev/lguest loads lg.ko; a Guest whose disk and
# network drivers are modules (loaded from the bus's modalias) uses both;
# rmmod lg is refused while it runs and works once it has gone; the module
# loads again (by open and by modprobe) and runs a Guest again; after the
# last rmmod kmemleak finds nothing of ours.  Exit 0 = pass.
NAME=debug-host
. /tests/guest.lib
d=${LGTEST_DIR:-/lguest/tests}
kml=/sys/kernel/debug/kmemleak
loaded() { grep -q '^lg ' /proc/modules; }
# lg's use count, the third field of /proc/modules.
lg_refs() { awk '$1 == "lg" { print $3 }' /proc/modules; }

mount -t debugfs debugfs /sys/kernel/debug
ip link set lo up

# --- Before anything opens it: no lg.ko, but the node is there.
if loaded; then bad "lg.ko loaded before anyone opened /dev/lguest"; else pass "lg.ko not loaded at boot"; fi
if [ -c /dev/lguest ] && [ "$(stat -c '%t:%T' /dev/lguest)" = a:f3 ]; then
	pass "/dev/lguest is char 10:243 before lg.ko is loaded"
else
	bad "/dev/lguest: $(ls -l /dev/lguest 2>&1)"
fi
# Forget what boot allocated: only leaks from here on count.
# Only the debug variant has kmemleak; tests/58 insists on its verdict there.
if [ -w $kml ]; then
	echo clear >$kml
else
	echo "debug-host: no kmemleak in this kernel: leaks are not checked"
fi

# --- A Guest with a disk and a network, drivers as modules.
disk=/tmp/disk.img
dd if=/dev/zero of=$disk bs=1M count=8 2>/dev/null
mke2fs -F $disk >/dev/null 2>&1
mkdir -p /mnt
mount -o loop $disk /mnt && echo "hello from the Host" >/mnt/hello && umount /mnt
rm -f /tmp/g.in /tmp/g.out
mkfifo /tmp/g.in
start=$(date +%s)
guest_bg -i /tmp/g.in 900 modular --block=$disk --tunnet=10.38.0.1 >/tmp/g.out 2>&1
gpid=$LG_PID
exec 3>/tmp/g.in
guest_wait /tmp/g.out '^GM-READY' 600
echo "---- Guest console ----"; grep -a '^GM-\|LGUEST-GUEST' /tmp/g.out | tr -d '\r'
echo "Guest ready after $(( $(date +%s) - start ))s"
if loaded; then pass "opening /dev/lguest loaded lg.ko (use count $(lg_refs))"; else bad "lg.ko not loaded by the Launcher's open"; fi
for m in lguest_blk lguest_net; do
	if grep -q "^GM-MODULE $m loaded" /tmp/g.out; then
		pass "Guest loaded $m from the bus's modalias"
	else
		bad "Guest module $m not loaded"
	fi
done
grep -q '^GM-READ hello from the Host' /tmp/g.out && pass "Guest read the Host's file from its disk" ||
	bad "Guest disk read"
grep -q '^GM-PING ok' /tmp/g.out && pass "Guest pinged the Host over its network" ||
	bad "Guest network"

# --- Not while a Guest runs.
out=$(rmmod lg 2>&1); rc=$?
if [ $rc -ne 0 ] && loaded; then
	pass "rmmod lg refused while a Guest runs ($out)"
else
	bad "rmmod lg with a Guest running: exit $rc, $out"
fi

# --- Let the Guest end, then unload.
echo go >&3
exec 3>&-
wait $gpid
rc=$?
grep -q '^GM-BYE go' /tmp/g.out && grep -q 'LGUEST-GUEST-DONE rc=0' /tmp/g.out && [ $rc = 0 ] &&
	pass "Guest finished after the refused rmmod (Launcher exit $rc)" ||
	{ bad "Guest end: Launcher exit $rc"; tail -n 30 /tmp/g.out; }
if mount -o loop $disk /mnt; then
	[ "$(cat /mnt/guest 2>/dev/null)" = "written by the Guest" ] &&
		pass "the Guest's write is on its disk" || bad "the Guest's write is not on its disk"
	umount /mnt
fi
out=$(rmmod lg 2>&1); rc=$?
if [ $rc = 0 ] && ! loaded; then pass "rmmod lg with no Guest"; else bad "rmmod lg: exit $rc, $out"; fi

# --- Again: loaded by an open, removed, loaded by modprobe, a Guest runs.
: </dev/lguest
if loaded; then pass "open /dev/lguest loads lg.ko again"; else bad "open did not load lg.ko again"; fi
rmmod lg || bad "second rmmod lg"
if modprobe lg && loaded; then pass "modprobe lg"; else bad "modprobe lg"; fi
out=$("$d/lgrun" -t 60 "$d/hello.elf" 2>&1); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "hello: FPU ok"; then
	pass "a Guest runs on the reloaded lg.ko"
else
	bad "Guest on the reloaded lg.ko (exit $rc)"; echo "$out" | sed 's/^/  /'
fi
rmmod lg && ! loaded || bad "third rmmod lg"

# --- Leaks: kmemleak reports objects unreferenced for 5 s or more, so
# wait, scan twice (its advice), and look for anything of lg.ko's or the
# Guest drivers' making.
if [ -w $kml ]; then
	sleep 6
	echo scan >$kml
	echo scan >$kml
	cat $kml >/tmp/kmemleak
	total=$(grep -c '^unreferenced object' /tmp/kmemleak)
	ours=$(awk '/^unreferenced object/ { if (blk ~ /lguest|\[lg\]| lg_/) n++; blk = "" } { blk = blk $0 "\n" }
		END { if (blk ~ /lguest|\[lg\]| lg_/) n++; print n + 0 }' /tmp/kmemleak)
	if [ "$ours" = 0 ]; then
		pass "kmemleak: nothing of lguest's leaked ($total reports in all)"
	else
		bad "kmemleak: $ours leaks of lguest's"
		cat /tmp/kmemleak
	fi
	[ "$total" = 0 ] || head -n 40 /tmp/kmemleak
fi

# --- The Host's log.
host_log_clean -g
echo "debug-host: RESULT $( [ $fail = 0 ] && echo passed || echo FAILED ): lg.ko autoload, refused and clean rmmod, reload, Guest block+net as modules, kmemleak"
exit $fail
