#!/bin/sh
# class: a Guest binds a receive buffer that crosses a page at a shared DMA key; another Guest sends to it: the receiver is killed ("bad DMA buffer"), the sender is told nobody took it and lives on
. "$(dirname "$0")/lib.sh"
rm -f /tmp/hostile.shared
receiver dma-badrecv.elf /tmp/dma.badrecv || { echo "receiver never ready"; cat /tmp/dma.badrecv; exit 1; }
rc=0
expect_clean dma-send_none.elf "nobody took" -s /tmp/hostile.shared || rc=1
wait $rpid; rrc=$?
if [ $rrc -eq 1 ] && grep -q "guest died: bad DMA buffer" /tmp/dma.badrecv; then
	grep "guest died" /tmp/dma.badrecv
else
	echo "receiver: exit $rrc"; sed 's/^/  /' /tmp/dma.badrecv; rc=1
fi
rm -f /tmp/hostile.shared
exit $rc
