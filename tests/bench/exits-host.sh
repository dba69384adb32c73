# exits-host.sh: inside the bench Host VM (cpu-host.sh runs it after the
# timed runs).  Starts a Guest running /bench/exits-run.sh and, at each of
# its marker lines, copies the Guest's /proc/lguest stats.
# Prints, per operation, every counter's change per operation:
#   EXITS <op> <counter> <count per op> <Host ns per op>
# where the counter's time is as in drivers/lguest/lg.h.
rm -rf /tmp/ex && mkdir -p /tmp/ex
/bin/lguest --initrd=/lguest/bench-guest.cpio 128 /lguest/bzImage \
	"lgrun=sh,/bench/exits-run.sh" </dev/null >/tmp/ex/out 2>&1 &
pid=$!
seen=0
while kill -0 $pid 2>/dev/null; do
	marks=$(tr -d '\r' </tmp/ex/out | grep -c '^EXMARK ')
	while [ "$seen" -lt "$marks" ]; do
		seen=$((seen + 1))
		f=$(ls /proc/lguest/$pid-*/stats 2>/dev/null | head -n1)
		[ -n "$f" ] && cat "$f" >/tmp/ex/s$seen
		tr -d '\r' </tmp/ex/out | grep '^EXMARK ' | sed -n "${seen}p" >/tmp/ex/m$seen
	done
	sleep 0.1
done
wait $pid
grep -q '^EXITS-DONE' /tmp/ex/out || { echo "exits: the Guest did not finish"; tail -n 20 /tmp/ex/out; exit 1; }
# The boot: everything up to the first marker (the Guest's boot to its
# init, plus the shell starting the script), as totals, not per op.
awk '$2 > 0 { printf "EXITS boot %s %d %d\n", $1, $2, $3 }' /tmp/ex/s1
# Marks come in pairs per op: (op 1) at i, (op N) at i+1, next at i+2.
i=1
while [ -f /tmp/ex/m$((i + 2)) ]; do
	set -- $(cat /tmp/ex/m$i)
	op=$2
	set -- $(cat /tmp/ex/m$((i + 1)))
	n=$3
	for f in s$i s$((i + 1)) s$((i + 2)); do
		[ -f /tmp/ex/$f ] || { echo "exits: missed a reading for $op"; exit 1; }
	done
	# delta(N run) - delta(1 run), over N - 1 operations.
	awk -v op="$op" -v n="$n" '
		FNR == 1 { file++ }
		file == 1 { c0[$1] = $2; t0[$1] = $3; next }
		file == 2 { c1[$1] = $2; t1[$1] = $3; next }
		{ dc = ($2 - c1[$1]) - (c1[$1] - c0[$1])
		  dt = ($3 - t1[$1]) - (t1[$1] - t0[$1])
		  if (dc / (n - 1) >= 0.005)
			printf "EXITS %s %s %.3f %.0f\n", op, $1, dc / (n - 1), dt / (n - 1) }' \
		/tmp/ex/s$i /tmp/ex/s$((i + 1)) /tmp/ex/s$((i + 2))
	i=$((i + 2))
done
