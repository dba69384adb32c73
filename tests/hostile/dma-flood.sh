#!/bin/sh
# class: a receiver binds a huge array of full buffers (65535) and another Guest floods it with sends: the bind is capped (65535 and 65 refused, 64 taken), each send's work is bounded, and an unrelated pair of Guests still gets its DMA through meanwhile (F6)
. "$(dirname "$0")/lib.sh"
rc=0
rm -f /tmp/hostile.shared /tmp/hostile.shared2
expect_clean dmax-bigbind.elf "bigbind: 64 ok" -s /tmp/hostile.shared || rc=1
"$d/lgrun" -s /tmp/hostile.shared "$d/dmax-bigbind.elf" 2>&1 |
	grep -q "65535 refused, 65 refused" || { echo "a bind past LGUEST_MAX_DMA_BUFS was accepted"; rc=1; }
receiver dmax-full.elf /tmp/flood.recv || { echo "full receiver never ready"; rc=1; }
full=$rpid
start=$(cut -d' ' -f1 /proc/uptime)
"$d/lgrun" -t 60 -s /tmp/hostile.shared "$d/dmax-flood.elf" >/tmp/flood.send 2>&1 &
flood=$!
# Meanwhile an unrelated pair of Guests talks over its own shared page.
receiver dma-recv.elf /tmp/flood.pair /tmp/hostile.shared2 || { echo "pair receiver never ready"; rc=1; }
pair=$rpid
expect_clean dma-send.elf "delivered whole" -s /tmp/hostile.shared2 || rc=1
wait $pair || { echo "pair receiver failed"; cat /tmp/flood.pair; rc=1; }
t1=$(cut -d' ' -f1 /proc/uptime)
wait $flood; frc=$?
t2=$(cut -d' ' -f1 /proc/uptime)
echo "unrelated pair done after $(awk -v a="$start" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')s; 1000 sends into the full receiver took $(awk -v a="$start" -v b="$t2" 'BEGIN { printf "%.1f", b - a }')s (flood exit $frc)"
[ $frc -eq 0 ] && grep -q "flood sent" /tmp/flood.send || { echo "flood did not finish"; tail -n 3 /tmp/flood.send; rc=1; }
kill $full 2>/dev/null; wait $full
rm -f /tmp/hostile.shared /tmp/hostile.shared2
exit $rc
