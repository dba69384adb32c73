# Runs inside the Host VM: time passes as it should for busybox (which needs
# the 32-bit time syscalls, CONFIG_COMPAT_32BIT_TIME).
t0=$(cut -d' ' -f1 /proc/uptime)
sleep 1 || { echo "sleep failed: $?"; exit 1; }
t1=$(cut -d' ' -f1 /proc/uptime)
slept=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "sleep 1 took ${slept}s"
awk -v s="$slept" 'BEGIN { exit !(s >= 0.9 && s < 5) }' || { echo "bad sleep"; exit 1; }
t0=$(cut -d' ' -f1 /proc/uptime)
timeout 1 sleep 10
rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "timeout 1 sleep 10: status $rc after ${took}s"
[ "$rc" = 143 ] || [ "$rc" = 124 ] || { echo "timeout did not fire"; exit 1; }
awk -v s="$took" 'BEGIN { exit !(s >= 0.9 && s < 5) }' || { echo "bad timeout"; exit 1; }
[ "$(date +%Y)" -ge 2024 ] || { echo "wall clock is wrong: $(date)"; exit 1; }
echo "date: $(date)"
