# Runs inside the Host VM, for tools/bisect-series.sh --boot: the Guest
# kernel /lguest/bzImage is a step of the series that has the Guest's boot
# code but not yet its console driver, so the only thing it can show is
# its own log on the early console (arch/x86/lguest/console.c).  It must
# get as far as running /init, and the Host's log must stay clean.
NAME=guest-early
. /tests/guest.lib
need_lguest

dmesg -c >/dev/null
guest_bg 300 "" >/tmp/early.out 2>&1
if guest_wait /tmp/early.out 'Run /init as init process' 300; then
	pass "the Guest kernel ran /init"
else
	bad "the Guest kernel did not reach /init"
	tail -n 20 /tmp/early.out | sed 's/^/    | /'
fi
kill -KILL "$LG_PID" 2>/dev/null
wait "$LG_PID" 2>/dev/null
host_log_clean
exit $fail
