#!/bin/sh
# class: 15 Guests (all the Host takes beside the bystander) each make the Host build shadow page tables for 4 directories x 1022 entries: each Guest's shadow tables stay within a budget (the Host's free memory drops by under 8 MiB a Guest, not 32), every Guest still reads its own pages right, and a 16th Launcher is refused (ENOSPC)
. "$(dirname "$0")/lib.sh"

# 4 x 1022 shadow page tables, each with a companion page, are 32 MiB a
# Guest: 15 such Guests would want ~480 MiB of this 512 MiB Host, which
# nothing could reclaim (the OOM killer, which does not see them, would
# kill the bystander).  Bounded, a Guest costs ~2-3 MiB here.
n=15
memfree() { sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
before=$(memfree)
i=1
pids=
while [ $i -le $n ]; do
	"$d/lgrun" -t 110 "$d/shadowhog.elf" >/tmp/hog.$i 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
t=0
while [ $t -lt 90 ]; do
	ok=$(grep -l 'read back right' /tmp/hog.* 2>/dev/null | wc -l)
	alive=0
	for p in $pids; do kill -0 $p 2>/dev/null && alive=$((alive + 1)); done
	[ "$ok" -eq $n ] || [ $alive -lt $n ] && break
	sleep 1
	t=$((t + 1))
done
during=$(memfree)
extra=$("$d/lgrun" -t 10 "$d/shadowhog.elf" 2>&1); xrc=$?
for p in $pids; do kill $p 2>/dev/null; done
for p in $pids; do wait $p; done
fail=0
if [ "$ok" -ne $n ]; then
	echo "only $ok of $n Guests read their pages back right:"
	for f in /tmp/hog.*; do
		grep -q 'read back right' $f || sed "s|^|  ${f#/tmp/}: |" $f | tail -n 3
	done
	fail=1
else
	echo "all $n Guests: 2 rounds of 4 x 1022 page tables read back right"
fi
used=$(( (before - during) / 1024 ))
echo "Host free memory: $((before / 1024)) MiB before, $((during / 1024)) MiB with $n Guests holding their tables ($used MiB)"
if [ $used -ge $((8 * n)) ]; then
	echo "that is $((used / n)) MiB a Guest: shadow tables are not bounded"
	fail=1
fi
if [ $xrc -eq 2 ] && echo "$extra" | grep -q 'INITIALIZE: No space left'; then
	echo "the 16th Guest's Launcher: $extra"
else
	echo "the 16th Guest: wanted INITIALIZE refused (ENOSPC), got exit $xrc: $extra"
	fail=1
fi
rm -f /tmp/hog.*
exit $fail
