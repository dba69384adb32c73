# Runs inside the Host VM: 16 Guests at once (LG_MAX_GUESTS), each booted
# to its init, where it prints UP and waits for a line on its console.
# While all 16 run, a 17th Launcher must fail with a clear error; then
# each Guest gets its line, echoes it and powers off: 16 Launchers exit 0.
NAME=fault-many
. /tests/guest.lib
need_lguest
LG_MEM=40

dmesg -c >/dev/null
rm -f /tmp/go
start=$(date +%s)
pids=
for n in $(seq 1 16); do
	# The console input: nothing until /tmp/go exists, then "go-N".
	(while [ ! -e /tmp/go ]; do sleep 2; done; echo "go-$n") |
		guest 400 "fault hold" >/tmp/m$n.out 2>&1 &
	pids="$pids $!"
done
# One cheap look every 2 s: 16 Guests booting share the Host's CPUs with
# this loop.
up=0 last=0
while [ $(( $(date +%s) - start )) -lt 480 ]; do
	sleep 2
	up=$(cat /tmp/m*.out | tr -d '\r' | grep -c '^UP$')
	[ "$up" = 16 ] && break
	if [ "$up" != "$last" ]; then
		echo "fault-many: $up up after $(( $(date +%s) - start ))s"
		last=$up
	fi
done
echo "FAULT-MANY up=$up after $(( $(date +%s) - start ))s"
[ $up = 16 ] && pass "16 Guests booted to init and run at once" || bad "only $up Guests up"

# The same size as the others: only the Host's limit may refuse it.
out=$(guest 60 "echo SEVENTEENTH" </dev/null 2>&1)
rc=$?
echo "  17th Launcher: status $rc: $(echo "$out" | grep '^lguest' | head -n 1)"
if [ $rc != 0 ] && ! echo "$out" | grep -q SEVENTEENTH &&
   echo "$out" | grep -q '^lguest: LHREQ_INITIALIZE failed: No space left on device'; then
	pass "a 17th Guest is refused with a message"
else
	bad "17th Guest: status $rc"
fi

touch /tmp/go
ok=0 n=0
for p in $pids; do
	n=$((n + 1))
	wait $p
	rc=$?
	if [ $rc = 0 ] && tr -d '\r' </tmp/m$n.out | grep -q "^GOT go-$n\$"; then
		ok=$((ok + 1))
	else
		bad "Guest $n: Launcher status $rc"
		tr -d '\r' </tmp/m$n.out | tail -n 5 | sed 's/^/  | /'
	fi
done
echo "FAULT-MANY clean=$ok after $(( $(date +%s) - start ))s"
[ $ok = 16 ] && pass "all 16 got their line and powered off, Launchers exit 0"
host_log_clean -g
exit $fail
