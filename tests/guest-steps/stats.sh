# Step "stats" (in the Guest, for tests/vm/guest-stats.sh): 30 fork+execs,
# a quiet pause (the Host reads the counters then, so their sums hold),
# then 4 s of fork+exec again (lgstat -i reads rates then).
n=0
while [ $n -lt 30 ]; do
	n=$((n + 1))
	/bin/true
done
echo STATS-MID
sleep 3
echo STATS-BUSY
end=$(($(date +%s) + 4))
while [ "$(date +%s)" -lt $end ]; do
	/bin/true
done
echo STATS-END
