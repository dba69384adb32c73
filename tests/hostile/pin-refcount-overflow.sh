#!/bin/sh
# class: a Guest maps one page ~800,000 times with batched SET_PTE (F3): the Host pins each Guest page once (the Launcher's VmPin stays tiny), no refcount overflow, the mappings stay intact
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pinflood.lib"

# With one pin per shadow PTE the page's refcount would gain 1024 per
# mapping and wrap; with one per Guest page the Launcher's pinned memory
# (VmPin) is the few pages the Guest really uses, however often it maps
# them.  The suite checks the Host log as a whole; a WARNING here is this
# class's failure, so look for it too.
warn0=$(dmesg | grep -c 'WARNING:')
start_pinflood || exit 1
pin=$(sed -n 's/^VmPin:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$flood_pid/status)
stop_pinflood
warn1=$(dmesg | grep -c 'WARNING:')
echo "Launcher VmPin with the flood in place: ${pin:-?} kB"
if [ -z "$pin" ] || [ "$pin" -eq 0 ] || [ "$pin" -gt 1024 ]; then
	echo "wanted 1-1024 kB pinned (one pin per Guest page in use)"
	exit 1
fi
if [ "$warn1" != "$warn0" ]; then
	echo "the Host warned during the flood:"
	dmesg | grep -A 4 'WARNING:' | tail -n 10
	exit 1
fi
echo "no Host warning"
