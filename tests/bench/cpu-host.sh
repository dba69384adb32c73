# cpu-host.sh: run inside the bench Host VM as /tests/cpubench.sh (by
# host-init, lgtest=cpubench).  Runs /bench/cpu-run.sh natively, then the
# same script inside a Guest, and prints its lines as
# "BENCH native|guest <name> <round> <value> <unit>".
rounds=$(sed -n 's/.*lgrounds=\([0-9]*\).*/\1/p' /proc/cmdline)
scale=$(sed -n 's/.*lgscale=\([0-9.]*\).*/\1/p' /proc/cmdline)
rounds=${rounds:-5}
scale=${scale:-1}
[ -c /dev/lguest ] || { echo "cpubench: no /dev/lguest"; exit 1; }
# The Host's own boot to init: its printk clock at "Run /init", which under
# -icount counts the instructions since the kernel started.
host_init=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' | head -n1)
dmesg -c >/dev/null
grep -qw constant_tsc /proc/cpuinfo || echo 'cpubench: no constant_tsc: the Guest will not get the TSC'

echo "cpubench: native, $rounds rounds, scale $scale"
sh /bench/cpu-run.sh "$rounds" "$scale" >/tmp/native.out 2>&1
sed 's/^BENCH /BENCH native /' /tmp/native.out

echo "cpubench: guest"
timeout 1800 /bin/lguest --initrd=/lguest/bench-guest.cpio 128 /lguest/bzImage \
	"lgrun=sh,/bench/cpu-run.sh,$rounds,$scale" </dev/null >/tmp/guest.out 2>&1
rc=$?
tr -d '\r' </tmp/guest.out | grep -m1 'Switched to clocksource' | sed 's/^/cpubench: guest: /'
# The clocks each side timed with (the user-only control depends on them).
echo "cpubench: host clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
dmesg | grep -iE 'tsc|clocksource|hz' | sed 's/^/cpubench: host: /'
tr -d '\r' </tmp/guest.out | grep -iE 'tsc|clocksource|hz' | sed 's/^/cpubench: guest: /'
tr -d '\r' </tmp/guest.out | sed -n 's/^BENCH /BENCH guest /p; /BENCH-ERROR/p; /BENCH-DONE/s/^/guest /p'
[ $rc -eq 0 ] || { echo "cpubench: the Launcher exited $rc"; tail -n 20 /tmp/guest.out; }
# Boot to init: a Guest from its Launcher's start to the Guest kernel's
# "Run /init" line (stamp times each line the Launcher prints) against the
# Host's own boot to init, the same kernel in the same run.  The Guest's
# time includes the Launcher loading and unpacking the bzImage.
echo "cpubench: boot to init"
[ -n "$host_init" ] && echo "BENCH native boot 1 $(awk -v t="$host_init" 'BEGIN { printf "%.1f", t * 1000 }') ms"
i=1
while [ $i -le "$rounds" ]; do
	t=$(timeout 300 /bin/stamp /bin/lguest --initrd=/lguest/bench-guest.cpio 128 \
		/lguest/bzImage lgrun=true </dev/null 2>&1 | tr -d '\r' |
		sed -n 's/^\[ *\([0-9.]*\)\] *\[ *[0-9.]*\] Run \/init as init process.*/\1/p' | head -n1)
	if [ -n "$t" ]; then
		echo "BENCH guest boot $i $(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }') ms"
	else
		echo "cpubench: Guest boot $i printed no 'Run /init' line"
	fi
	i=$((i + 1))
done
# Where the Guest's time goes: exits per operation (exits-host.sh).
echo "cpubench: exits per operation"
sh /tests/exits.sh || echo "cpubench: exits per operation failed"
if dmesg | grep -qE 'WARNING:|BUG:|Oops|Call Trace'; then
	echo "cpubench: Host dmesg trouble"; dmesg | tail -n 30; exit 1
fi
grep -q BENCH-ERROR /tmp/native.out /tmp/guest.out && exit 1
grep -q BENCH-DONE /tmp/native.out && grep -q BENCH-DONE /tmp/guest.out && [ $rc -eq 0 ]
