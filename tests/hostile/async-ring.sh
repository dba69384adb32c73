#!/bin/sh
# class: a Guest fills its async hypercall ring: 64 SEND_DMAs each leave for the Launcher in ring order; an LGUEST_INIT queued mid-ring kills it after exactly the calls before it (nothing queued after runs); 2000 full rings of TS, FLUSH_TLB and unbound SEND_DMAs finish in bounded time
. "$(dirname "$0")/lib.sh"
rc=0
all=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@#
expect_clean ring-full.elf "^${all}ring: all out" || rc=1
out=$("$d/lgrun" -t 60 "$d/ring-init.elf" 2>&1); r=$?
if [ $r -eq 1 ] && echo "$out" | grep -q "^0123456789lgrun: guest died: already have lguest_data"; then
	echo "INIT mid-ring: $(echo "$out" | tail -n 1)"
else
	echo "INIT mid-ring: exit $r"; echo "$out" | tail -n 5; rc=1
fi
rm -f /tmp/hostile.shared
start=$(cut -d' ' -f1 /proc/uptime)
expect_clean ring-flood.elf "ring: flood done" -s /tmp/hostile.shared || rc=1
echo "2000 full rings in $(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }')s"
rm -f /tmp/hostile.shared
exit $rc
