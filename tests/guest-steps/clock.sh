# Step "clock" (in the Guest, for tests/vm/guest-clock.sh): print the
# clocksource the Guest chose, its clock lines from the log, its wall
# clock, and its uptime around a 1 s and a 5 s sleep; the Host script
# compares them with its own clock.  "read" is a shell builtin, so the
# uptime is taken right before the line goes out, with no fork between.
cs=/sys/devices/system/clocksource/clocksource0/current_clocksource
echo "CLOCKSOURCE-$(cat $cs)"
dmesg | grep -E "tsc:|clocksource:.*Switched" | sed s/^/GUESTLOG-/
echo "WALL-$(date +%s)"
read u x </proc/uptime
echo "UP0-$u"
sleep 1
read u x </proc/uptime
echo "UP1-$u"
sleep 5
read u x </proc/uptime
echo "UP2-$u"
# System call cost: dd with 1-byte blocks makes two per byte.
read a x </proc/uptime
dd if=/dev/zero of=/dev/null bs=1 count=50000 2>/dev/null
read b x </proc/uptime
echo "SYSCALLS-$a-$b"
