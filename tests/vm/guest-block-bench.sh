# Runs inside the Host VM: direct I/O speed of a Guest's disk against the
# Host's own, in this one run.  lgio does the same job on a loop device
# over a file in the Host's tmpfs and, in a Guest, on /dev/lgba backed by
# a file of the same size in the same tmpfs: sequential 64 KiB reads and
# writes, random 4 KiB reads and writes, O_DIRECT.  Prints one line per
# job, "IOCSV block,NAME,HOST,GUEST,MiB/s,RATIO" (medians of three runs),
# for tests/bench/io.sh.
NAME=guest-block-bench
. /tests/guest.lib
lgio=/lguest/tests/lgio
need_lguest
jobs="seq-read-64k:seq,read,65536,32768 seq-write-64k:seq,write,65536,32768
rand-read-4k:rand,read,4096,4096 rand-write-4k:rand,write,4096,4096"

# 64 MiB: room for the random jobs' span (4 x 4 MiB) and the sequential 32.
dd if=/dev/zero of=/tmp/host.img bs=1M count=64 2>/dev/null
cp /tmp/host.img /tmp/guest.img
lo=$(losetup -f)
losetup $lo /tmp/host.img || { echo "guest-block-bench: no loop device"; exit 1; }
# Each job $rounds times (the Guest's in one run), alternating jobs; the
# median of each job's figures counts, so one disturbed run does not.
rounds=3
for r in $(seq $rounds); do
	for j in $jobs; do
		$lgio $lo $(echo ${j#*:} | tr , ' ') | sed "s/^/HOST ${j%%:*} /"
	done
done >/tmp/host.out
losetup -d $lo

# The Guest's side (tests/guest-steps/block-bench.sh) runs the same jobs,
# as many rounds.
guest 400 "block-bench $rounds $(echo $jobs | tr :, '  ')" --block=/tmp/guest.img \
	</dev/null >/tmp/guest.out 2>&1
rc=$?
cat /tmp/host.out; tr -d '\r' </tmp/guest.out | grep '^GUEST-'
fail=0
for j in $jobs; do
	n=${j%%:*}
	h=$(sed -n "s/^HOST $n lgio: .*, \([0-9.]*\) MiB\/s.*/\1/p" /tmp/host.out |
	    sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
	g=$(tr -d '\r' </tmp/guest.out |
	    sed -n "s/^GUEST-$n-lgio: .*, \([0-9.]*\) MiB\/s.*/\1/p" |
	    sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
	if [ -z "$h" ] || [ -z "$g" ]; then
		echo "guest-block-bench: FAIL $n: no result (Host '$h', Guest '$g')"
		fail=1
		continue
	fi
	echo "IOCSV block,$n,$h,$g,MiB/s,$(awk "BEGIN { printf \"%.2f\", $g / $h }")"
done
[ $rc -eq 0 ] || { echo "guest-block-bench: FAIL Launcher exit $rc"; fail=1; }
exit $fail
