# Runs inside a small Host VM (tests/74-fault-memory.sh gives it little
# memory and no swap): four Guests at once, each filling all its memory,
# together more than the Host has.  Each Launcher either finishes (its
# Guest powered off) or fails clearly: an error message, or the Host's OOM
# killer naming it.  The Host itself never oopses or warns (the stack an
# OOM report prints is not trouble), and afterwards it still runs a Guest.
NAME=fault-pressure
. /tests/guest.lib
need_lguest
echo "fault-pressure: Host MemTotal $(sed -n 's/^MemTotal: *//p' /proc/meminfo)," \
	"MemFree $(sed -n 's/^MemFree: *//p' /proc/meminfo)"

dmesg -c >/dev/null
# This script must outlive the pressure to judge it; the Launchers are
# fair game for the Host's OOM killer (a score of 0 again).
echo -1000 >/proc/self/oom_score_adj
pids=
for n in 1 2 3 4; do
	(echo 0 >/proc/self/oom_score_adj; guest_exec 300 "fault oom") \
		</dev/null >/tmp/p$n.out 2>&1 &
	pids="$pids $!"
done
ran=0 killed=0 failed=0 n=0
for p in $pids; do
	n=$((n + 1))
	wait $p
	rc=$?
	out=$(tr -d '\r' </tmp/p$n.out)
	if [ $rc = 0 ] && echo "$out" | grep -q '^OOM-GUEST-ALIVE'; then
		ran=$((ran + 1)); echo "  Guest $n: ran, survived its own OOM, powered off"
	elif [ $rc = 137 ] && dmesg | grep -q "Out of memory: Killed process $p \|Killed process $p (lguest)"; then
		killed=$((killed + 1)); echo "  Guest $n: Launcher killed by the Host's OOM killer"
	elif [ $rc = 137 ]; then
		killed=$((killed + 1)); echo "  Guest $n: Launcher got SIGKILL"
		dmesg | grep -i 'killed process' | sed 's/^/    /'
	elif [ $rc != 0 ] && echo "$out" | grep -q '^lguest: '; then
		failed=$((failed + 1)); echo "  Guest $n: Launcher failed (status $rc): $(echo "$out" | grep '^lguest: ' | head -n 1)"
	else
		bad "Guest $n: Launcher status $rc without a clear reason"
		echo "$out" | tail -n 8 | sed 's/^    | /'
	fi
done
echo "FAULT-PRESSURE ran=$ran oom-killed=$killed failed=$failed"
dmesg | grep -c 'invoked oom-killer' | sed 's/^/fault-pressure: Host OOM reports: /'
# Trouble is a warning, BUG, oops or panic; a Call Trace only counts
# outside an OOM report (dump_header() prints the allocating stack) and
# outside the page allocator's report of an allocation that failed in a
# Launcher the OOM killer had already killed (its own page fault, inside
# pin_user_pages(), fails as the victim's reserves run out, as any
# process's would).
if dmesg | awk '/Killed process [0-9]+ / { k = $0; sub(/.*Killed process /, "", k)
		sub(/ .*/, "", k); killed[k] = 1 }
	/invoked oom-killer/ { oom = 1 } /Out of memory|oom_reaper|Mem-Info:/ { oom = 0 }
	/page allocation failure/ { af = 1 }
	af && /PID: [0-9]+ Comm:/ { p = $0; sub(/.*PID: /, "", p); sub(/ .*/, "", p)
		if (p in killed) oom = 1; af = 0 }
	/WARNING:|BUG:|Oops|Kernel panic/ { bad = 1 } /Call Trace/ && !oom { bad = 1 }
	{ if (bad) { print l2; print l1; print; exit 1 } l2 = l1; l1 = $0 }'; then
	pass "Host log: no warning, BUG or oops"
else
	bad "Host log shows trouble"
fi
echo "fault-pressure: Host MemFree afterwards $(sed -n 's/^MemFree: *//p' /proc/meminfo)"
LG_MEM=48
out=$(guest 120 "echo AFTER-PRESSURE" </dev/null 2>&1)
rc=$?
if echo "$out" | tr -d '\r' | grep -q '^AFTER-PRESSURE'; then
	pass "the Host runs a Guest afterwards"
else
	bad "no Guest after the pressure (Launcher status $rc)"
	echo "$out" | tr -d '\r' | tail -n 8 | sed 's/^/    | /'
fi
exit $fail
