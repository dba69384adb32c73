# Runs inside the Host VM: where a Guest disk request's time goes.  For
# each lgio job (as tests/vm/guest-block-bench.sh runs them) the Host runs
# it once on its own loop device, then a Guest runs it on /dev/lgba while
# this script reads the Guest's exit statistics (/proc/lguest/*/stats)
# just before and just after; the difference, per request, is printed:
#   PROF NAME host US/req guest US/req
#   PROF NAME  COUNTER  EVENTS/req  US/req
# ("exits" is the time inside the Guest, launcher_return the time out in
# the Launcher, trap_* and hcall_* the Host's work).  Only counters of at
# least 0.05 events per request are listed.  The window also holds about a
# second of the Guest idling (its timer, the step's own processes): take
# fractions below 1 per request, and the "exits" time, with that in mind;
# times are only right where the Host trusts its TSC (under -icount, an
# Intel family 6 CPU).  Not part of make check; run it with
#   tools/qemu-run.sh --test guest-block-prof [--icount --smp 1 --cpu ...]
NAME=guest-block-prof
. /tests/guest.lib
lgio=/lguest/tests/lgio
need_lguest
jobs=${PROF_JOBS:-"seq-read-64k:seq,read,65536,32768 rand-read-4k:rand,read,4096,4096
rand-write-4k:rand,write,4096,4096"}
dd if=/dev/zero of=/tmp/host.img bs=1M count=64 2>/dev/null
cp /tmp/host.img /tmp/guest.img
lo=$(losetup -f)
losetup $lo /tmp/host.img || { bad "no loop device"; exit 1; }

# Wait (up to 60 s) for a line starting with $1 in /tmp/prof.out.
wait_for() {
	local n=0
	touch /tmp/prof.out
	while ! tr -d '\r' </tmp/prof.out | grep -q "^$1"; do
		sleep 0.05
		n=$((n + 1))
		[ $n -lt 1200 ] || return 1
	done
}

for j in $jobs; do
	n=${j%%:*}
	set -- $(echo ${j#*:} | tr , ' ')
	reqs=$(($4 * 1024 / $3))
	h=$($lgio $lo "$@")
	guest 300 "block-prof $*" --verbose --block=/tmp/guest.img </dev/null \
		>/tmp/prof.out 2>&1 &
	pid=$!
	if ! wait_for PROF-A; then
		bad "$n: the Guest never started its job"
		kill $pid; wait $pid; continue
	fi
	sleep 1
	d=$(ls -d /proc/lguest/*-* 2>/dev/null | head -n1)
	cat "$d/stats" >/tmp/prof.a 2>/dev/null
	wait_for PROF-B
	cat "$d/stats" >/tmp/prof.b 2>/dev/null
	wait $pid
	tr -d "\r" </tmp/prof.out | grep "ring served" | sed "s/^/PROF $n /"
	g=$(tr -d '\r' </tmp/prof.out | sed -n 's/^PROF-lgio: //p')
	if [ ! -s /tmp/prof.a ] || [ ! -s /tmp/prof.b ] || [ -z "$g" ]; then
		bad "$n: no statistics or no result (stats dir '$d')"
		tr -d '\r' </tmp/prof.out | tail -n 5
		continue
	fi
	t() { sed -n 's/.*: \([0-9.]*\) s,.*/\1/p'; }
	echo "PROF $n host $(echo "$h" | t) s guest $(echo "$g" | t) s for $reqs requests" \
	     "($(awk -v a="$(echo "$h" | t)" -v b="$(echo "$g" | t)" -v r=$reqs \
		'BEGIN { printf "%.0f vs %.0f us/req", a * 1e6 / r, b * 1e6 / r }'))"
	awk -v n="$n" -v r=$reqs 'NR == FNR { c[$1] = $2; t[$1] = $3; next }
		{ dc = ($2 - c[$1]) / r; dt = ($3 - t[$1]) / r / 1000
		  if (dc >= 0.05) printf "PROF %s  %-22s %8.2f/req %9.1f us/req\n", n, $1, dc, dt }' \
		/tmp/prof.a /tmp/prof.b
	pass "$n profiled"
done
losetup -d $lo
host_log_clean
exit $fail
