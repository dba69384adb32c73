#!/bin/sh
# class: two Guests send to one receiver at once, first one message each (both delivered whole, the receiver's bytes intact), then two floods into a receiver that keeps emptying its buffers: all finish cleanly
. "$(dirname "$0")/lib.sh"
rm -f /tmp/hostile.shared
rc=0
receiver dma-recv.elf /tmp/two.recv || { echo "receiver never ready"; rc=1; }
"$d/lgrun" -t 60 -s /tmp/hostile.shared "$d/dma-send.elf" >/tmp/two.s1 2>&1 &
s1=$!
expect_clean dma-send.elf "delivered whole" -s /tmp/hostile.shared || rc=1
wait $s1 && grep -q "delivered whole" /tmp/two.s1 || { echo "first sender:"; tail -n 3 /tmp/two.s1; rc=1; }
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
