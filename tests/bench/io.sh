#!/bin/bash
# tests/bench/io.sh [DIR]: Guest I/O against the Host's, each pair measured
# in one QEMU run (under -icount: see below), written to
# DIR/io.csv (default build/bench) as
# group,name,native,guest,unit,ratio (ratio = guest / native: for MiB/s
# 1.00 is as fast as the Host, for a time in us above 1.00 is slower).
# Block: tests/vm/guest-block-bench.sh (lgio, O_DIRECT, -icount).
# Net: tests/vm/net-tunnet.sh, TCP over the tap against the Host's
# loopback, and UDP at 10 Mbit/s offered (what arrived); and
# tests/vm/net-share.sh, TCP from Guest to Guest over --sharenet against
# the Host's loopback.  Needs make to have built out/ and the initramfs.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/lib.sh
dir=${1:-build/bench}
mkdir -p "$dir" build/logs
csv=$dir/io.csv
tmp=$csv.new
echo "group,name,native,guest,unit,ratio" >"$tmp"

# Under -icount (one ns per instruction), so the figures do not move
# with the build machine's load; an Intel family 6 CPU, so both kernels
# trust the TSC and time in nanoseconds, not jiffies.  In TCG wall clock
# the Guest pays far more than its instructions for each world switch
# (QEMU empties its TLB on every CR3 load): BENCH_WALLCLOCK=1 measures
# that way instead.
icount=(--icount --smp 1 --cpu max,vendor=GenuineIntel,family=6,model=15)
[ -z "${BENCH_WALLCLOCK:-}" ] || icount=()
vm_test guest-block-bench build/logs/guest-block-bench.log --timeout 1200 "${icount[@]}"
tr -d '\r' <build/logs/guest-block-bench.log | sed -n 's/^IOCSV //p' >>"$tmp"

vm_test net-tunnet build/logs/net-tunnet.log --timeout 600 "${icount[@]}"
tr -d '\r' <build/logs/net-tunnet.log | awk '
	/^net-tunnet: UDP Guest->Host/ {
		# "... udp got N of M datagrams (L% lost) in T s: R Mbit/s"
		s = $0
		sub(/.*udp got /, "", s)
		split(s, u, / of | datagrams/)
		printf "net,udp-10mbit-delivered,%s,%s,datagrams,%.2f\n", u[2], u[1], u[1] / u[2]
	}
	/^net-tunnet: RESULT/ {
		split($0, a, /Guest->Host over the tap: | MiB\/s, Host->Guest: | MiB\/s, UDP round trip | us, ping.*Host loopback: | MiB\/s, UDP round trip | us$/)
		# a[2] Guest->Host, a[3] Host->Guest, a[4] Guest UDP rtt,
		# a[5] loopback MiB/s, a[6] loopback UDP rtt
		printf "net,tcp-guest-to-host,%s,%s,MiB/s,%.2f\n", a[5], a[2], a[2] / a[5]
		printf "net,tcp-host-to-guest,%s,%s,MiB/s,%.2f\n", a[5], a[3], a[3] / a[5]
		printf "net,udp-rtt,%s,%s,us,%.2f\n", a[6], a[4], a[4] / a[6]
	}' >>"$tmp"

vm_test net-share build/logs/net-sharenet.log --timeout 600 "${icount[@]}"
tr -d '\r' <build/logs/net-sharenet.log | awk '
	/^net-share: RESULT/ {
		split($0, a, /Guest->Guest: | MiB\/s, UDP round trip | us, ping.*Host loopback: | MiB\/s, UDP round trip | us$/)
		# a[2] Guest->Guest, a[3] its UDP rtt, a[4] loopback MiB/s,
		# a[5] loopback UDP rtt
		printf "net,tcp-guest-to-guest,%s,%s,MiB/s,%.2f\n", a[4], a[2], a[2] / a[4]
		printf "net,udp-rtt-guest-to-guest,%s,%s,us,%.2f\n", a[5], a[3], a[3] / a[5]
	}' >>"$tmp"
mv "$tmp" "$csv"
cat "$csv"
