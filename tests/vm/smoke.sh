# Runs inside the Host VM for `make run` without a terminal: what a user
# would do by hand, scripted.  The Host is up; /bin/run-guest starts a
# Guest with a console, a disk and (once the Launcher has --tunnet) a
# network; the Guest mounts its disk, writes and reads a file there, pings
# the Host if it has a network, and powers off.
# The Guest's side is the step tests/guest-steps/smoke.sh.
echo "Host: $(uname -r) on $(grep -c ^processor /proc/cpuinfo) CPUs"
[ -c /dev/lguest ] || { echo "smoke: no /dev/lguest"; exit 1; }
out=$(timeout 200 run-guest lgrun=smoke </dev/null 2>&1); rc=$?
echo "$out" | grep -v '^ *\[' | tail -n 15
fail=0
echo "$out" | grep -q '^LGUEST-GUEST-INIT' || { echo "smoke: the Guest did not reach init"; fail=1; }
echo "$out" | grep -q '^DISK-smoke-on-disk' || { echo "smoke: the Guest's disk did not work"; fail=1; }
if /bin/lguest --help 2>&1 | grep -q -- --tunnet; then
	echo "$out" | grep -q '^NET-OK' || { echo "smoke: the Guest could not ping the Host"; fail=1; }
fi
[ $rc -eq 0 ] || { echo "smoke: Launcher exit $rc"; fail=1; }
[ $fail = 0 ] && echo "smoke: ok (a Guest booted, used its disk$(echo "$out" | grep -q '^NET-OK' && echo ' and network'), powered off)"
exit $fail
