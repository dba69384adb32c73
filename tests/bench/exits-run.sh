#!/bin/busybox sh
# exits-run.sh: inside a bench Guest, each micro operation once with one
# iteration and once with N, each run after a marker line and a pause in
# which the Host (exits-host.sh) reads this Guest's exit statistics.  The
# difference between the two runs, divided by N - 1, is what one operation
# costs in exits, without the start-up and the pauses.
for spec in getpid:20000 read:20000 pipe:1000 fork:100 exec:20 fault:16 user:1000000; do
	op=${spec%:*}
	n=${spec#*:}
	for k in 1 "$n"; do
		echo "EXMARK $op $k"
		sleep 1
		/bin/lgbench one "$op" "$k" >/dev/null || echo "BENCH-ERROR exits $op"
	done
done
echo "EXMARK end 0"
sleep 1
echo "EXITS-DONE"
