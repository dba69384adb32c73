#!/bin/busybox sh
# cpu-run.sh ROUNDS SCALE: the CPU benchmark's workload, run by busybox sh
# natively on the bench Host and then, unchanged, inside a Guest (see
# tools/bench.sh).  Prints "BENCH <name> <round> <value> <unit>" lines.
rounds=${1:-5}
scale=${2:-1}
bb=/bin/busybox
w=/tmp/bench
rm -rf $w
mkdir -p $w/files
# The macro set's input, the same bytes every time: 300 small files for
# tar, their archive for gzip, 20000 scrambled numbers for sort.
i=0
while [ $i -lt 300 ]; do
	seq $i $((i + 150)) >$w/files/f$i
	i=$((i + 1))
done
$bb tar cf $w/files.tar -C $w files
seq 1 20000 | awk '{ print ($1 * 7919) % 20011 }' >$w/words

/bin/lgbench micro "$rounds" "$scale" || echo "BENCH-ERROR micro $?"
/bin/lgbench cmd tar "$rounds" $bb tar cf $w/out.tar -C $w files ||
	echo "BENCH-ERROR tar $?"
/bin/lgbench cmd gzip "$rounds" $bb gzip -c $w/files.tar ||
	echo "BENCH-ERROR gzip $?"
/bin/lgbench cmd sort "$rounds" $bb sort -n $w/words ||
	echo "BENCH-ERROR sort $?"
rm -rf $w
echo "BENCH-DONE"
