# Runs inside the Host VM for `make soak` (tools/soak.sh): rounds of four
# Guests at once until soak_minutes=N (kernel command line) have passed:
#   block  a filesystem on its disk (an ext2 image the Host makes in its
#          tmpfs): 16 files written with fsync, remounted, checked, deleted
#   net-a, net-b  over a --sharenet file: 1 MiB from a to b (checksum),
#          UDP round trips, 20 pings each way
#   cpu    200 fork/execs and a checksum of a computed stream
# Each round checks every Guest's result, the Launchers' peak RSS and the
# Host's slab; the end checks the Host's log.  One SOAK-ROUND line per
# round and a SOAK-SUMMARY line at the end.
NAME=soak
. /tests/guest.lib
need_lguest
minutes=30
for arg in $(cat /proc/cmdline); do
	case "$arg" in soak_minutes=*) minutes=${arg#soak_minutes=} ;; esac
done
dd if=/dev/zero of=/tmp/b.img bs=1M count=32 2>/dev/null
mke2fs -F -q /tmp/b.img || { echo "soak: mke2fs failed"; exit 1; }
ip link set lo up
dmesg -c >/dev/null
want_cpu=$(seq 1 30000 | md5sum | cut -c1-32)
kb() { sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo; }

start=$(date +%s)
end=$((start + minutes * 60))
round=0 errors=0 slab_first= rss_first= rss_max=0
while [ "$(date +%s)" -lt $end ]; do
	round=$((round + 1))
	rm -f /tmp/soak.net
	guest_bg 600 "fault soak-block" --block=/tmp/b.img >/tmp/g-block.out 2>&1
	p1=$LG_PID
	guest_bg 600 "net share-b 10.8.0.2 10.8.0.1" --sharenet=/tmp/soak.net >/tmp/g-netb.out 2>&1
	p2=$LG_PID
	guest_bg 600 "net share-a 10.8.0.1 10.8.0.2" --sharenet=/tmp/soak.net >/tmp/g-neta.out 2>&1
	p3=$LG_PID
	guest_bg 600 "fault soak-cpu" >/tmp/g-cpu.out 2>&1
	p4=$LG_PID
	# Peak resident size of any Launcher this round.
	rss=0
	while kill -0 $p1 2>/dev/null || kill -0 $p2 2>/dev/null ||
	      kill -0 $p3 2>/dev/null || kill -0 $p4 2>/dev/null; do
		for l in $(pidof lguest); do
			r=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$l/status 2>/dev/null)
			[ -n "$r" ] && [ "$r" -gt $rss ] && rss=$r
		done
		sleep 1
	done
	e=0
	for g in "$p1 block" "$p2 netb" "$p3 neta" "$p4 cpu"; do
		set -- $g
		wait "$1" && continue
		rc=$?
		e=$((e + 1))
		echo "  $2: Launcher exit status $rc; its last lines:"
		tr -d '\r' </tmp/g-$2.out | tail -n 6 | sed 's/^/    | /'
	done
	o=$(tr -d '\r' </tmp/g-block.out)
	echo "$o" | grep -q '^SOAK-BLOCK ok=16 bad=0$' || { e=$((e + 1)); echo "  block: $(echo "$o" | grep '^SOAK-' | head -n 1)"; }
	o=$(tr -d '\r' </tmp/g-cpu.out)
	echo "$o" | grep -q "^SOAK-CPU execs=200 sum=$want_cpu\$" || { e=$((e + 1)); echo "  cpu: $(echo "$o" | grep '^SOAK-' | head -n 1)"; }
	sent=$(tr -d '\r' </tmp/g-neta.out | sed -n 's/^NET-MD5 sent //p')
	got=$(tr -d '\r' </tmp/g-netb.out | sed -n 's/^NET-MD5 recv //p')
	[ -n "$sent" ] && [ "$sent" = "$got" ] || { e=$((e + 1)); echo "  net: 1 MiB sent $sent, received $got"; }
	for g in neta netb; do
		grep -q '20 packets transmitted, 20 packets received' /tmp/g-$g.out ||
			{ e=$((e + 1)); echo "  $g: ping lost packets"; }
	done
	errors=$((errors + e))
	sync; echo 3 >/proc/sys/vm/drop_caches
	slab=$(kb Slab)
	[ -n "$slab_first" ] || slab_first=$slab
	[ -n "$rss_first" ] || rss_first=$rss
	[ $rss -gt $rss_max ] && rss_max=$rss
	echo "SOAK-ROUND $round errors=$e elapsed=$(( $(date +%s) - start ))s slab=${slab}kB launcher-peak-rss=${rss}kB memfree=$(kb MemFree)kB"
done
fail=0
host_log_clean -g
[ $fail = 0 ] && log=clean || log=trouble
echo "SOAK-SUMMARY minutes=$minutes rounds=$round errors=$errors host-log=$log" \
	"slab-first=${slab_first}kB slab-last=${slab}kB rss-first=${rss_first}kB rss-max=${rss_max}kB"
[ $errors = 0 ] && [ $log = clean ] && [ $round -gt 0 ] &&
	[ $((slab - slab_first)) -lt 2048 ] && [ "$rss_first" -gt 0 ] && [ $rss_max -le $((rss_first + 4096)) ]
