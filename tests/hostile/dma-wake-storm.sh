#!/bin/sh
# class: a Guest floods DMA at another Guest whose Launcher is out of read() (asleep elsewhere): the Host does not wake or IPI that Launcher once per DMA (F18)
. "$(dirname "$0")/lib.sh"
"$d/lgattack" wake-storm "$d/dmax-full1.elf" "$d/dmax-flood.elf" \
	"$d/lgrun" /tmp/hostile.shared; rc=$?
rm -f /tmp/hostile.shared
exit $rc
