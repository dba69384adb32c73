#!/bin/sh
# class: a receiver's Launcher is killed (SIGKILL) in the middle of another Guest's flood of sends into it, 8 times over: every sender finishes cleanly (its sends just stop finding anyone), nothing is left behind
. "$(dirname "$0")/lib.sh"
rm -f /tmp/hostile.shared
rc=0
i=0
while [ $i -lt 8 ]; do
	receiver dmax-sink.elf /tmp/race.sink || { echo "sink $i never ready"; rc=1; }
	"$d/lgrun" -t 60 -s /tmp/hostile.shared "$d/dmax-flood.elf" >/tmp/race.flood 2>&1 &
	flood=$!
	sleep 0.$((i + 1))
	kill -9 $rpid; wait $rpid 2>/dev/null
	wait $flood; frc=$?
	if [ $frc -ne 0 ] || ! grep -q "flood sent" /tmp/race.flood; then
		echo "round $i: sender exit $frc"; tail -n 3 /tmp/race.flood; rc=1
	fi
	i=$((i + 1))
done
[ $rc -eq 0 ] && echo "8 receivers killed mid-flood; every sender finished"
rm -f /tmp/hostile.shared
exit $rc
