# Runs inside the Host VM: while a Guest sleeps, its Launcher (and the
# Host's lguest code running on its behalf) must leave the CPU idle: the
# Launcher waits in the Host (HALT), not in a loop.  Measured from the
# Launcher's utime+stime in /proc over a 4 s window of a sleeping Guest.
NAME=guest-idle
. /tests/guest.lib
need_lguest
hz=100	# USER_HZ: the unit of /proc/PID/stat times

# stdin is a pipe that stays open and empty, as a terminal nobody types on
# would: the Launcher's Waker must sleep in poll(), not spin.
mkfifo /tmp/idle.in
sleep 30 >/tmp/idle.in &
spid=$!
# The Guest's side is the step tests/guest-steps/idle.sh.
guest 60 "idle 8" </tmp/idle.in >/tmp/idle.out 2>&1 &
gpid=$!
n=0
while ! grep -q "^IDLE-START" /tmp/idle.out && [ $n -lt 600 ]; do
	sleep 0.1; n=$((n + 1))
done
grep -q "^IDLE-START" /tmp/idle.out || { echo "guest-idle: FAIL Guest never started"; cat /tmp/idle.out; kill $gpid; exit 1; }
# The Launcher itself, not the shell or timeout around it, is measured.
pid=$(pidof lguest)
sleep 1
cpu() { awk '{ print $14 + $15 }' /proc/$pid/stat; }
idle() { awk '/^cpu / { print $5 }' /proc/stat; }
c0=$(cpu); i0=$(idle); t0=$(cut -d' ' -f1 /proc/uptime)
sleep 4
c1=$(cpu); i1=$(idle); t1=$(cut -d' ' -f1 /proc/uptime)
wait $gpid; rc=$?
kill $spid 2>/dev/null
used=$((c1 - c0)) idl=$((i1 - i0))
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 100 }')
cpus=$(grep -c ^processor /proc/cpuinfo)
echo "guest-idle: over ${wall} ticks of wall time the Launcher used $used ticks; Host CPUs ($cpus) idle $idl of $((wall * cpus)) ticks"
grep -q "^IDLE-END" /tmp/idle.out || { echo "guest-idle: FAIL Guest did not finish its sleep"; fail=1; }
[ $rc -eq 0 ] || { echo "guest-idle: FAIL Launcher exit $rc"; fail=1; }
# Under 5% of one CPU while the Guest sleeps.
if [ $((used * 20)) -gt "$wall" ]; then
	echo "guest-idle: FAIL the Launcher is busy while its Guest sleeps"; fail=1
fi
[ $fail = 0 ] && echo "guest-idle: PASS Launcher used $((used * 100 / wall))% of a CPU while the Guest slept"
exit $fail
