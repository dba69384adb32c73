#!/bin/sh
# class: a Waker blocks in LHREQ_BREAK 1, then another Guest's DMA kills our Guest: LHREQ_BREAK 0 still works on the dead Guest and releases the Waker (F13)
. "$(dirname "$0")/lib.sh"
"$d/lgattack" break-dead "$d/dma-badrecv.elf" "$d/dma-send_none.elf" \
	"$d/lgrun" /tmp/hostile.shared; rc=$?
rm -f /tmp/hostile.shared
exit $rc
