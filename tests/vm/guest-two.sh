# Runs inside the Host VM: two Guests run at the same time (the Host has
# two CPUs) and both finish their work and power off cleanly.
# The Guests' side is the step tests/guest-steps/sort.sh.
NAME=guest-two
. /tests/guest.lib
need_lguest
start=$(cut -d' ' -f1 /proc/uptime)
for n in 1 2; do
	guest 300 "sort 20000 GUEST$n" </dev/null >/tmp/guest$n.out 2>&1 &
	eval pid$n=\$!
done
for n in 1 2; do
	eval wait \$pid$n
	rc=$?
	if [ $rc -eq 0 ] && grep -q "GUEST$n-20000" /tmp/guest$n.out; then
		echo "guest-two: PASS guest $n finished and powered off"
	else
		echo "guest-two: FAIL guest $n (exit $rc)"; tail -n 20 /tmp/guest$n.out; fail=1
	fi
done
end=$(cut -d' ' -f1 /proc/uptime)
echo "guest-two: both ran in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')s"
exit $fail
