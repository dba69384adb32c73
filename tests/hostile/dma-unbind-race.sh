#!/bin/sh
# class: a receiver binds and unbinds its buffers 3000 times while another Guest floods that key with sends: deliveries land in a bound buffer or nowhere, both Guests finish cleanly
. "$(dirname "$0")/lib.sh"
rm -f /tmp/hostile.shared
rc=0
"$d/lgrun" -t 100 -s /tmp/hostile.shared "$d/dmax-bindloop.elf" >/tmp/race.recv 2>&1 &
recv=$!
expect_clean dmax-flood.elf "flood sent" -s /tmp/hostile.shared || rc=1
wait $recv; rrc=$?
if [ $rrc -eq 0 ] && grep -q "3000 times" /tmp/race.recv; then
	grep "3000 times" /tmp/race.recv
else
	echo "receiver: exit $rrc"; tail -n 5 /tmp/race.recv; rc=1
fi
rm -f /tmp/hostile.shared
exit $rc
