# Runs inside the Host VM: the hostile suite.  Every class in
# /tests/hostile/*.sh (see tests/hostile/README.md) runs in turn while a
# bystander Guest, a real Linux Guest under /bin/lguest, keeps working
# beside them.  A class passes if it exits 0 within its time and leaves no
# process behind.  At the end the bystander must still be running with its
# work intact, and the Host's kernel log must hold no report of trouble.
# Prints "hostile: N classes, N passed" and exits 0 only if all passed.
#
# HOSTILE_ONLY=GLOB[,GLOB...] (shell globs on the class name) runs a subset.
NAME=hostile
. /tests/guest.lib
dir=/tests/hostile
export LGTEST_DIR=${LGTEST_DIR:-/lguest/tests}
say() { echo "hostile: $*"; }
need_lguest

# Host kernel reports that mean the Host was harmed (host_trouble of
# guest.lib): WARN/BUG/oops, RCU stalls, lockdep, KFENCE, soft lockups,
# hung tasks.  Guests killed are no trouble here: that is the point.
if host_trouble >/tmp/hostile.before; then
	say "the Host's log shows trouble before the suite even starts:"
	sed 's/^/  /' /tmp/hostile.before
	exit 1
fi

# The bystander: a Linux Guest with a shell on its console, which is a FIFO
# we write command lines into.  Its work: a file whose checksum we know,
# and a counter a background loop bumps every second, so at the end we can
# tell it kept running (the counter moved) and kept its state (the sum).
rm -f /tmp/by.in /tmp/by.out
mkfifo /tmp/by.in
guest_bg -i /tmp/by.in 3000 "" >/tmp/by.out 2>&1
bypid=$LG_PID
exec 3>/tmp/by.in

# by_wait PATTERN SECONDS: wait for a line of the bystander's output.
by_wait() {
	guest_wait /tmp/by.out "$1" "$2"
}
want_sum=$(seq 1 3000 | md5sum | cut -d' ' -f1)
if ! by_wait '^LGUEST-GUEST-INIT' 240; then
	say "FAIL the bystander Guest did not boot"
	tail -n 20 /tmp/by.out | sed 's/^/  /'
	kill $bypid 2>/dev/null
	exit 1
fi
sleep 2
echo 'seq 1 3000 >/tmp/state; echo 0 >/tmp/n; (n=0; while :; do n=$((n + 1)); echo $n >/tmp/n.new; mv /tmp/n.new /tmp/n; sleep 1; done) & sleep 2; echo BY-START $(cat /tmp/n) $(md5sum </tmp/state)' >&3
if ! by_wait '^BY-START' 60; then
	say "FAIL the bystander Guest did not start its work"
	tail -n 20 /tmp/by.out | sed 's/^/  /'
	kill $bypid 2>/dev/null
	exit 1
fi
say "bystander Guest running: $(grep -a '^BY-START' /tmp/by.out | tr -d '\r')"

# A class must leave no process behind.  Whatever it left has lost its
# parent and belongs to init (pid 1) now: list those (not zombies, which
# init, a shell busy running us, reaps later) before and after each class.
orphans() {
	local p
	for p in /proc/[0-9]*; do
		set -- $(cat "$p/stat" 2>/dev/null)
		[ "$4" = 1 ] && [ "$3" != Z ] && echo "${p#/proc/} $2"
	done
}
orphans >/tmp/hostile.procs

wanted() {
	local g
	[ -n "$HOSTILE_ONLY" ] || return 0
	set -f
	for g in $(echo "$HOSTILE_ONLY" | tr , ' '); do
		case "$1" in $g) set +f; return 0 ;; esac
	done
	set +f
	return 1
}

total=0
passed=0
for f in "$dir"/*.sh; do
	sed -n 2p "$f" | grep -q '^# class: ' || continue
	name=$(basename "$f" .sh)
	wanted "$name" || continue
	total=$((total + 1))
	start=$(cut -d' ' -f1 /proc/uptime)
	# At most 150 s.  (Not busybox timeout: its watcher process lives on
	# for a moment after the command, and would count as left behind.)
	sh "$f" >/tmp/class.out 2>&1 &
	cpid=$!
	(n=0; while [ $n -lt 150 ] && kill -0 $cpid 2>/dev/null; do
		sleep 1; n=$((n + 1))
	done; kill -9 $cpid 2>/dev/null) &
	wpid=$!
	wait $cpid
	rc=$?
	wait $wpid
	secs=$(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" \
		'BEGIN { printf "%.1f", b - a }')
	sed 's/^/  /' /tmp/class.out
	# Whatever the class left running is killed, and fails it.
	left=$(orphans | grep -vxF -f /tmp/hostile.procs)
	if [ -n "$left" ]; then
		echo "$left" | sed 's/^/  left behind: /'
		for p in $(echo "$left" | cut -d' ' -f1); do kill -9 "$p"; done
		rc=99
	fi
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		say "PASS $name (${secs}s): $(sed -n 's/^# class: //p' "$f")"
	else
		say "FAIL $name (exit $rc, ${secs}s): $(sed -n 's/^# class: //p' "$f")"
		fail=1
	fi
	if ! kill -0 $bypid 2>/dev/null; then
		say "FAIL the bystander Guest died during $name"
		fail=1
		break
	fi
done

# The bystander: still there, counting, its file intact, then a clean
# power-off (Launcher exit 0).
echo 'echo BY-END $(cat /tmp/n) $(md5sum </tmp/state); poweroff -f' >&3
if by_wait '^BY-END' 120; then
	set -- $(grep -a '^BY-START' /tmp/by.out | tr -d '\r')
	n0=$2
	set -- $(grep -a '^BY-END' /tmp/by.out | tr -d '\r')
	n1=$2 sum=$3
	if [ "$sum" = "$want_sum" ] && [ "$n1" -gt "$n0" ]; then
		say "PASS bystander kept running (counter $n0 -> $n1) and its state (md5 $sum)"
	else
		say "FAIL bystander state: counter $n0 -> $n1, md5 $sum (want $want_sum)"
		fail=1
	fi
else
	say "FAIL the bystander Guest did not answer at the end"
	tail -n 20 /tmp/by.out | sed 's/^/  /'
	fail=1
fi
exec 3>&-
wait $bypid
byrc=$?
if [ $byrc -ne 0 ]; then
	say "FAIL bystander Launcher exit $byrc"
	tail -n 20 /tmp/by.out | sed 's/^/  /'
	fail=1
fi

if host_trouble >/tmp/hostile.trouble; then
	say "FAIL the Host's kernel log shows trouble:"
	sed 's/^/  /' /tmp/hostile.trouble | head -n 60
	fail=1
else
	say "PASS Host kernel log clean (no WARNING/BUG/Oops/RCU stall/lockdep/KFENCE)"
fi
say "$total classes, $passed passed"
[ $total -gt 0 ] && [ $passed -eq $total ] && [ $fail -eq 0 ]
