# Runs inside the Host VM: the Guest's clock and interrupt timing.
#
# lgclock=tsc or lgclock=lguest on the kernel command line says which
# clocksource the Guest must pick: "tsc" when this Host can vouch for its
# TSC (constant rate, not marked unstable: lguest_data.tsc_khz != 0), the
# time-based "lguest" fallback otherwise.  Whichever it is, time must be
# right: the Launcher runs under stamp, which times each line the Guest
# prints by the Host's clock, and the Guest prints its own uptime with
# the same lines.  "sleep 1" must take about a second of Host time, and
# over several seconds the two clocks must agree.  The Guest's wall clock
# starts from the Host's.  Also reports the Guest's lguest_guest KUnit
# suite (interrupt taken at irq_enable, with numbers).  The Guest's side
# is the step tests/guest-steps/clock.sh.
NAME=guest-clock
. /tests/guest.lib
need_lguest

want=
for arg in $(cat /proc/cmdline); do
	case "$arg" in lgclock=*) want=${arg#lgclock=} ;; esac
done

# What the Host has: the Guest gets tsc_khz only with constant_tsc and a
# TSC the Host still trusts.
echo "guest-clock: Host CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2-)"
echo "guest-clock: Host constant_tsc: $(grep -m1 -cw constant_tsc /proc/cpuinfo)," \
     "clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
dmesg | grep -E 'tsc: (Detected|Refined|Marking)|TSC.*unstable' | sed 's/^/guest-clock: Host: /'

before=$(date +%s)
out=$(guest -s 300 clock </dev/null 2>&1); rc=$?
after=$(date +%s)
out=$(echo "$out" | tr -d '\r')
echo "$out" | grep -E 'lguest_guest|irq_|CLOCKSOURCE-|GUESTLOG-|WALL-|UP[0-9]-|SYSCALLS-|LGUEST-GUEST' | sed 's/^/  /'
[ $rc -eq 0 ] && pass "launcher exit 0" || { bad "launcher exit $rc"; echo "$out" | tail -n 30; }

# The lines the Guest's step prints, without stamp's prefix.
said() { echo "$out" | sed -n "s/^\[ *[0-9.]*\] $1-//p" | head -n1; }
cs=$(said CLOCKSOURCE)
if [ -n "$want" ] && [ "$cs" = "$want" ]; then
	pass "Guest clocksource is $cs, as expected on this Host"
else
	bad "Guest clocksource '$cs', expected '${want:-tsc or lguest}'"
fi

# Host time of a line (stamp's prefix), and the Guest uptime it carries.
host_at() { echo "$out" | sed -n "s/^\[ *\([0-9.]*\)\] $1-.*/\1/p" | head -n1; }
h0=$(host_at UP0); h1=$(host_at UP1); h2=$(host_at UP2)
g0=$(said UP0); g1=$(said UP1); g2=$(said UP2)
if [ -n "$h0" ] && [ -n "$h1" ] && [ -n "$h2" ] && [ -n "$g0" ] && [ -n "$g1" ] && [ -n "$g2" ]; then
	slept=$(awk -v a="$h0" -v b="$h1" 'BEGIN { printf "%.3f", b - a }')
	gslept=$(awk -v a="$g0" -v b="$g1" 'BEGIN { printf "%.3f", b - a }')
	hspan=$(awk -v a="$h0" -v b="$h2" 'BEGIN { printf "%.3f", b - a }')
	gspan=$(awk -v a="$g0" -v b="$g2" 'BEGIN { printf "%.3f", b - a }')
	drift=$(awk -v h="$hspan" -v g="$gspan" 'BEGIN { printf "%.3f", g - h }')
	echo "guest-clock: TIME clock=$cs sleep1-host=$slept sleep1-guest=$gslept span-host=$hspan span-guest=$gspan drift=$drift"
	# The Guest's sleep 1 plus a sleep fork and a line to the Launcher.
	if awk -v s="$slept" 'BEGIN { exit !(s >= 0.95 && s < 1.5) }'; then
		pass "sleep 1 in the Guest took ${slept}s of Host time"
	else
		bad "sleep 1 in the Guest took ${slept}s of Host time"
	fi
	# /proc/uptime has 10 ms steps and each line's trip adds a little: 1%.
	if awk -v d="$drift" -v h="$hspan" 'BEGIN { if (d < 0) d = -d; exit !(h > 5 && d < 0.06) }'; then
		pass "Guest and Host clocks agree over ${hspan}s (Guest ${gspan}s)"
	else
		bad "Guest clock ${gspan}s against Host ${hspan}s"
	fi
else
	bad "missing uptime lines"
fi

sc=$(said SYSCALLS)
if [ -n "$sc" ]; then
	echo "guest-clock: SYSCALL $(echo "$sc" | awk -F- '{ printf "%.1f us per system call (%.2f s for 100000)", ($2 - $1) * 1e6 / 100000, $2 - $1 }')"
else
	bad "no system call timing"
fi

wall=$(said WALL)
if [ -n "$wall" ] && [ "$wall" -ge "$before" ] && [ "$wall" -le "$after" ]; then
	pass "Guest wall clock $wall within the Host's [$before, $after]"
else
	bad "Guest wall clock '$wall' not within the Host's [$before, $after]"
fi

# The Guest's interrupt KUnit suite (guest_kunit.c).
if echo "$out" | grep -qE '^\[ *[0-9.]*\] *\[ *[0-9.]*\] *ok [0-9]+ lguest_guest$'; then
	pass "Guest KUnit lguest_guest ok"
else
	bad "Guest KUnit lguest_guest did not pass"
	echo "$out" | grep -A2 -B2 'not ok\|irq_' | head -n 30
fi
echo "$out" | sed -n 's/.*# \(irq_[a-z_]*\): \(enable to .*\)/guest-clock: IRQ \1: \2/p'

host_log_clean
exit $fail
