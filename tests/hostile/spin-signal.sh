#!/bin/sh
# class: a Guest spins forever in ring 1 and never exits to the Host: its Launcher's timer signal still interrupts read() (lgrun exit 3), and the Launcher can close it
. "$(dirname "$0")/lib.sh"
start=$(cut -d' ' -f1 /proc/uptime)
"$d/lgrun" -t 2 "$d/hostile-19.elf" >/tmp/spin.out 2>&1; rc=$?
end=$(cut -d' ' -f1 /proc/uptime)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%d", b - a + 0.5 }')
echo "lgrun exit $rc after ${secs}s: $(tail -n 1 /tmp/spin.out)"
[ $rc -eq 3 ] && [ "$secs" -lt 20 ]
