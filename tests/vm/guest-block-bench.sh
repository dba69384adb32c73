# Runs inside the Host VM: direct I/O speed of a Guest's disk against the
# Host's own, in this one run.  lgio does the same job on a loop device
# over a file in the Host's tmpfs and, in a Guest, on /dev/lgba backed by
# a file of the same size in the same tmpfs: sequential and random reads
# and writes of 64 KiB and 4 KiB blocks, O_DIRECT, and 4 KiB writes each
# made durable with fdatasync() (the fsync rate).  Prints one line per
# job, "IOCSV block,NAME,HOST,GUEST,MiB/s,RATIO" (HOST and GUEST the
# medians of the rounds' figures, RATIO the median of the rounds' own
# Guest/Host ratios), for tests/bench/io.sh.
NAME=guest-block-bench
. /tests/guest.lib
lgio=/lguest/tests/lgio
need_lguest
jobs="seq-read-64k:seq,read,65536,49152 seq-write-64k:seq,write,65536,49152
rand-read-4k:rand,read,4096,16384 rand-write-4k:rand,write,4096,16384
seq-read-4k:seq,read,4096,8192 seq-write-4k:seq,write,4096,8192
rand-read-64k:rand,read,65536,16384 rand-write-64k:rand,write,65536,16384
fsync-write-4k:fsync,write,4096,1024"

# 64 MiB: the random jobs' span (4 x 16 MiB) and the sequential 48.
dd if=/dev/zero of=/tmp/host.img bs=1M count=64 2>/dev/null
cp /tmp/host.img /tmp/guest.img
lo=$(losetup -f)
losetup $lo /tmp/host.img || { echo "guest-block-bench: no loop device"; exit 1; }
# Machine load moves TCG wall-clock figures by half or more, so the Host
# and a Guest take turns: round r is every job on the Host, then a Guest
# (booted for the round) running them on its disk.  A job's ratio is the
# median of its rounds' Guest/Host ratios, each pair measured seconds
# apart; the spread of those ratios is printed too.
rounds=${BENCH_ROUNDS:-5}
: >/tmp/host.out
: >/tmp/guest.out
rc=0
for r in $(seq $rounds); do
	for j in $jobs; do
		$lgio $lo $(echo ${j#*:} | tr , ' ') | sed "s/^/HOST-$r ${j%%:*} /"
	done >>/tmp/host.out
	guest 400 "block-bench 1 $(echo $jobs | tr :, '  ')" \
		--block=/tmp/guest.img </dev/null >/tmp/round.out 2>&1 || rc=$?
	tr -d '\r' </tmp/round.out | sed -n "s/^GUEST-/GUEST-$r-/p" >>/tmp/guest.out
done
losetup -d $lo
cat /tmp/host.out /tmp/guest.out
# The median of the numbers on stdin, one per line.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
fail=0
for j in $jobs; do
	n=${j%%:*}
	: >/tmp/ratios
	for r in $(seq $rounds); do
		h=$(sed -n "s/^HOST-$r $n lgio: .*, \([0-9.]*\) MiB\/s.*/\1/p" /tmp/host.out)
		g=$(sed -n "s/^GUEST-$r-$n-lgio: .*, \([0-9.]*\) MiB\/s.*/\1/p" /tmp/guest.out)
		[ -n "$h" ] && [ -n "$g" ] && awk "BEGIN { print $g / $h }" >>/tmp/ratios
	done
	h=$(sed -n "s/^HOST-[0-9]* $n lgio: .*, \([0-9.]*\) MiB\/s.*/\1/p" /tmp/host.out | median)
	g=$(sed -n "s/^GUEST-[0-9]*-$n-lgio: .*, \([0-9.]*\) MiB\/s.*/\1/p" /tmp/guest.out | median)
	if [ -z "$h" ] || [ -z "$g" ] || [ ! -s /tmp/ratios ]; then
		echo "guest-block-bench: FAIL $n: no result (Host '$h', Guest '$g')"
		fail=1
		continue
	fi
	echo "guest-block-bench: $n Guest/Host by round (sorted):" \
	     $(sort -n /tmp/ratios | awk '{ printf "%.2f\n", $1 }')
	echo "IOCSV block,$n,$h,$g,MiB/s,$(median </tmp/ratios | awk '{ printf "%.2f", $1 }')"
done
[ $rc -eq 0 ] || { echo "guest-block-bench: FAIL Launcher exit $rc"; fail=1; }
exit $fail
