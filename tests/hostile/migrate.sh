#!/bin/sh
# class: two Guests run a load of SET_PTEs, faults, LOAD_TLS and traps, each step checked, while another process moves each Launcher between the Host's two CPUs as fast as it can (sched_setaffinity in a loop): thousands of moves, both Guests finish with every check right, no state crosses between them
. "$(dirname "$0")/lib.sh"

[ "$(nproc)" -ge 2 ] || { echo "this class needs a Host with 2 CPUs"; exit 1; }
fail=0
for g in a b; do
	"$d/lgrun" -t 100 "$d/migrate-$g.elf" >/tmp/migrate.$g 2>&1 &
	eval lp_$g=$!
	eval "\"$d/cpuflip\" \$lp_$g 100 >/tmp/cpuflip.$g &"
	eval fp_$g=$!
done
for g in a b; do
	eval wait \$lp_$g
	rc=$?
	eval wait \$fp_$g
	moves=$(sed -n 's/^cpuflip: \([0-9]*\) moves/\1/p' /tmp/cpuflip.$g)
	echo "Guest $g: lgrun exit $rc after ${moves:-?} moves between CPUs"
	if [ $rc -ne 0 ] || ! grep -q 'correct' /tmp/migrate.$g ||
	   [ "${moves:-0}" -lt 1000 ]; then
		sed 's/^/  /' /tmp/migrate.$g | tail -n 5
		fail=1
	else
		grep 'correct' /tmp/migrate.$g
	fi
done
rm -f /tmp/migrate.[ab] /tmp/cpuflip.[ab]
exit $fail
