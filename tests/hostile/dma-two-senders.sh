#!/bin/sh
# class: two Guests send to one receiver at once, first one message each (one or both delivered whole, the receiver's bytes intact, nothing else), then two floods into a receiver that keeps emptying its buffers: all finish cleanly
. "$(dirname "$0")/lib.sh"
rm -f /tmp/hostile.shared
rc=0
receiver dma-recv.elf /tmp/two.recv || { echo "receiver never ready"; rc=1; }
"$d/lgrun" -t 60 -s /tmp/hostile.shared "$d/dma-send.elf" >/tmp/two.s1 2>&1 &
s1=$!
"$d/lgrun" -t 60 -s /tmp/hostile.shared "$d/dma-send.elf" >/tmp/two.s2 2>&1 &
s2=$!
wait $s1; wait $s2
# The receiver powers off after its first message, so the later sender
# may find nobody bound ("not delivered whole"); nothing else may happen.
whole=$(cat /tmp/two.s1 /tmp/two.s2 | grep -c "^dma: message delivered whole")
other=$(cat /tmp/two.s1 /tmp/two.s2 | grep "guest died" | grep -v "Power down\|message not delivered whole")
echo "senders: $whole of 2 delivered whole"
[ "$whole" -ge 1 ] && [ -z "$other" ] || { cat /tmp/two.s1 /tmp/two.s2; rc=1; }
wait $rpid && grep -q "receiver got the message" /tmp/two.recv && echo "receiver got the message intact" ||
	{ echo "receiver:"; tail -n 3 /tmp/two.recv; rc=1; }
receiver dmax-sink.elf /tmp/two.sink || { echo "sink never ready"; rc=1; }
"$d/lgrun" -t 60 -s /tmp/hostile.shared "$d/dmax-flood.elf" >/tmp/two.f1 2>&1 &
f1=$!
expect_clean dmax-flood.elf "flood sent" -s /tmp/hostile.shared || rc=1
wait $f1 && grep -q "flood sent" /tmp/two.f1 || { echo "first flood:"; tail -n 3 /tmp/two.f1; rc=1; }
kill -9 $rpid; wait $rpid 2>/dev/null
rm -f /tmp/hostile.shared
exit $rc
