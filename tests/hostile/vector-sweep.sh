#!/bin/sh
# class: the Guest kernel (ring 1) and a Guest user (ring 3) run int $N for all 256 vectors through gates of DPL 3, 1 and 0, then icebp, int3, into, bound and ud2: each arrives at the Guest's own handler as it would natively (vector, error code or none, eip, ring), the Host's vectors (2, 8, 15, 18, 0x1f) as a #GP; the Host takes none
. "$(dirname "$0")/lib.sh"

out=/tmp/vecsweep.out
"$d/lgrun" -t 100 "$d/vecsweep.elf" >$out 2>&1
rc=$?
# What the CPU does natively for each line (see vecsweep.S): a gate of DPL
# below the caller's ring (the Guest kernel counts as ring 0) gives #GP
# with error code 8v + 2 at the instruction; otherwise the vector arrives
# with no error code and eip after the instruction.  Vectors 2, 8, 15, 18
# and 0x1f are the Host's: their gates are never the Guest's, so "int" on
# them is always that #GP.
awk '
function dpl(v) { return v % 3 == 0 ? 3 : (v % 3 == 1 ? 1 : 0) }
function host(v) { return v == 2 || v == 8 || v == 15 || v == 18 || v == 31 }
function hex(s,  i, n) {
	n = 0
	for (i = 1; i <= length(s); i++)
		n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return n
}
function gp(v) { return sprintf("0d %08x 00000000", v * 8 + 2) }
$1 == "vs" {
	n++
	ring = $2 + 0; op = hex($3)
	got = $4 " " $5 " " $6
	if (op < 256) {
		if (host(op) || (ring == 3 && dpl(op) < 3))
			want = gp(op)
		else
			want = sprintf("%02x ffffffff 00000002", op)
	} else if (op == 256) {
		# icebp: #DB, a trap, on hardware; a CPU without it (QEMU TCG)
		# raises #UD, natively as in a Guest.
		want = "01 ffffffff 00000001"
		if (got == "06 ffffffff 00000000")
			want = got
	} else if (op == 257) {
		want = "03 ffffffff 00000001"		# int3 (DPL 3)
	} else if (op == 258) {
		want = ring == 3 ? gp(4) : "04 ffffffff 00000001"	# into
	} else if (op == 259) {
		want = "05 ffffffff 00000000"		# bound: #BR, a fault
	} else {
		want = "06 ffffffff 00000000"		# ud2: #UD
	}
	if (got != want || $7 + 0 != ring) {
		bad++
		if (bad <= 20)
			printf "ring %d op %03x: got %s (ring %s), native is %s (ring %d)\n", ring, op, got, $7, want, ring
	}
}
END {
	printf "%d results, %d not as natively\n", n, bad
	exit !(n == 521 && bad == 0)
}' $out
ok=$?
if [ $rc -ne 0 ]; then
	echo "wanted a clean power off; lgrun exit $rc:"
	grep -v '^vs ' $out | tail -n 5 | sed 's/^/  /'
	ok=1
fi
rm -f $out
exit $ok
