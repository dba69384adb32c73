#!/bin/bash
# bench.sh: what does running inside an lguest Guest cost?  (make bench)
#
# Boots the Host (out/bzImage) in one QEMU session with -icount shift=0 and
# runs the same static i386 programs twice there: natively on the Host,
# then inside a Guest (the same bzImage under out/lguest).  The programs
# are tests/bench/lgbench.c (getpid, 1-byte read, pipe round trip,
# fork+exit+wait, fork+exec+wait, anonymous page fault, a user-only
# control) and a macro set run by tests/bench/cpu-run.sh (busybox tar of
# 300 small files, gzip, sort); then the boot to init, a Guest's from its
# Launcher's start against the Host's own.  With -icount shift=0 both
# kernels' clocks advance one nanosecond per instruction executed on the
# CPU, whatever the machine is doing, so the figures are instruction counts
# and the Guest's include every exit to the Host and back.
#
#   tools/bench.sh [--rounds N] [--scale F] [--out DIR] [--timeout SEC]
#                  [--cpu MODEL] [--no-io]
#
# The CPU model (default max, with Intel's vendor string as qemu-run.sh
# uses it) must have a constant-rate TSC: otherwise the Host does not offer
# the TSC to the Guest, whose clock then ticks at the Host's timer rate and
# cannot time a short run.
#
# Writes DIR/cpu.csv (default build/bench), one row per measurement:
# group,name,native,guest,unit,ratio (medians of N rounds), then (unless
# --no-io) the block and net figures, DIR/io.csv, from tests/bench/io.sh
# (three more QEMU sessions, Guest against Host, all under -icount: block,
# net over a tap, net between two Guests), then runs
# tools/bench-report.sh over DIR, which prints every CSV row found there as
# one table and keeps out/bench.csv and out/bench.svg.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
rounds=5
scale=1
out=$top/build/bench
timeout=2400
cpu=max,vendor=GenuineIntel,family=6,model=15
io=true
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) rounds=$2; shift 2 ;;
	--scale) scale=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--no-io) io=false; shift ;;
	*) echo "bench: unknown option $1" >&2; exit 2 ;;
	esac
done
for f in out/bzImage out/lguest; do
	[ -f "$top/$f" ] || { echo "bench: $f is missing; run make first" >&2; exit 2; }
done
mkdir -p "$out"
out=$(readlink -f "$out")
work=$out/cpu
mkdir -p "$work"

# --- The two initramfs images ------------------------------------------
gcc -m32 -static -O2 -Wall -Werror -o "$work/lgbench" "$top/tests/bench/lgbench.c"
gcc -m32 -static -O2 -Wall -Werror -o "$work/stamp" "$top/tests/guests/stamp.c"
bb=$("$top/tools/fetch-busybox.sh")
common=(bin/busybox="$bb" bin/lgbench="$work/lgbench"
	bench/cpu-run.sh="$top/tests/bench/cpu-run.sh"
	bench/exits-run.sh="$top/tests/bench/exits-run.sh")
"$top/tools/mkcpio.sh" "$work/guest.cpio" "${common[@]}" \
	init="$top/tools/initramfs/guest-init"
"$top/tools/mkcpio.sh" "$work/host.cpio" "${common[@]}" \
	init="$top/tools/initramfs/host-init" bin/lguest="$top/out/lguest" \
	bin/stamp="$work/stamp" \
	lguest/bzImage="$top/out/bzImage" lguest/bench-guest.cpio="$work/guest.cpio" \
	tests/cpubench.sh="$top/tests/bench/cpu-host.sh" \
	tests/exits.sh="$top/tests/bench/exits-host.sh"

# --- One QEMU session ---------------------------------------------------
# One CPU, so the pipe test measures switches, not cross-CPU wakeups; the
# kernel is told the TSC runs at 1 GHz, which under -icount shift=0 it does.
log=$work/session.log
echo "bench: one QEMU session, $rounds rounds (log: $log)"
timeout -k 5 "$timeout" qemu-system-i386 -cpu "$cpu" -m 512 -smp 1 -icount shift=0 \
	-nic none -no-reboot -display none -monitor none -serial "file:$log" \
	-kernel "$top/out/bzImage" -initrd "$work/host.cpio" \
	-append "console=ttyS0 panic=-1 quiet tsc_early_khz=1000000 tsc=reliable lgtest=cpubench lgrounds=$rounds lgscale=$scale" \
	</dev/null >"$log.qemu" 2>&1 || true
# grep -c reads the whole log: with -q, tr could die of SIGPIPE after the
# match, and pipefail would call the session failed.
if ! tr -d '\r' <"$log" | grep -c '^LGTEST-RESULT cpubench rc=0$' >/dev/null; then
	echo "bench: the session failed; last lines of $log:" >&2
	tail -n 40 "$log" >&2
	exit 1
fi

# --- Medians and the CSV --------------------------------------------------
tr -d '\r' <"$log" | awk -v group=cpu '
$1 == "BENCH" && ($2 == "native" || $2 == "guest") {
	key = $3; if (!(key in unit)) { order[++n] = key; unit[key] = $6 }
	v[$2, key, ++c[$2, key]] = $5
}
function median(side, key,    m, i, j, t, a) {
	m = c[side, key]
	for (i = 1; i <= m; i++) a[i] = v[side, key, i]
	for (i = 2; i <= m; i++)	# insertion sort: a handful of values
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
function fmt(x) {
	return x >= 100 ? sprintf("%.0f", x) : x >= 1 ? sprintf("%.2f", x) : sprintf("%.4f", x)
}
END {
	print "group,name,native,guest,unit,ratio"
	for (i = 1; i <= n; i++) {
		k = order[i]
		if (!c["native", k] || !c["guest", k]) continue
		nat = median("native", k); gst = median("guest", k)
		g = (k ~ /^(tar|gzip|sort)$/) ? "macro" : k == "boot" ? "boot" : group
		printf "%s,%s,%s,%s,%s,%.3f\n", g, k, fmt(nat), fmt(gst), unit[k], gst / nat
	}
}' >"$out/cpu.csv"

# --- Exits per operation (tests/bench/exits-host.sh) ----------------------
# op,counter,count,ns: each counter's change per operation in the Guest.
tr -d '\r' <"$log" | awk '$1 == "EXITS" { print $2 "," $3 "," $4 "," $5 }' >"$work/exits.csv"
if [ -s "$work/exits.csv" ]; then
	{ echo "op,counter,count_per_op,ns_per_op"; cat "$work/exits.csv"; } >"$top/out/bench-exits.csv"
	echo "Exits per operation in the Guest (out/bench-exits.csv; ns: Host time per op,"
	echo "for 'exits' the time inside the Guest; 'boot' is the total up to the Guest's init):"
	awk -F, '
		{ if (!($1 in tot)) order[++n] = $1 }
		$2 == "exits" { tot[$1] = $3; gns[$1] = $4; next }
		$2 ~ /^trap_|^syscall_exit$|^host_irq_exit$/ || $2 ~ /^(hcall|async)_/ || $2 ~ /^pf_|^pin$|^unpin$/ {
			line[$1] = line[$1] sprintf(" %s %.2f", $2, $3) }
		END { for (i = 1; i <= n; i++) { o = order[i]
			printf "  %-7s %8.2f exits/op  (guest %.0f ns/op):%s\n", o, tot[o], gns[o], line[o] } }' \
		"$work/exits.csv"
fi
if $io; then
	echo "bench: block and net, Guest against Host (tests/bench/io.sh)"
	"$top/tests/bench/io.sh" "$out" >/dev/null ||
		echo "bench: tests/bench/io.sh failed; its rows are missing" >&2
fi
exec "$top/tools/bench-report.sh" "$out"
