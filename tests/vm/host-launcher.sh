# Runs inside the Host VM: the real Launcher (/bin/lguest) runs the tiny
# test guest hello.elf (tests/guests/) to a clean power-off, and reports
# the death of a hostile one.  Needs /lguest/tests/hello.elf and
# /lguest/tests/hostile-1.elf (or $LGTEST_DIR).
d=${LGTEST_DIR:-/lguest/tests}
[ -c /dev/lguest ] || { echo "host-launcher: no /dev/lguest"; exit 1; }
[ -f "$d/hello.elf" ] || { echo "host-launcher: no $d/hello.elf"; exit 1; }
fail=0
out=$(/bin/lguest 32 "$d/hello.elf" </dev/null 2>&1); rc=$?
echo "$out" | sed 's/^/  /'
if [ $rc -eq 0 ] && echo "$out" | grep -q "hello: powering off"; then
	echo "host-launcher: PASS hello.elf powered off cleanly"
else
	echo "host-launcher: FAIL hello.elf (exit $rc)"; fail=1
fi
out=$(/bin/lguest 32 "$d/hostile-1.elf" </dev/null 2>&1); rc=$?
echo "$out" | sed 's/^/  /'
if [ $rc -eq 1 ] && echo "$out" | grep -q "Bad hypercall 11"; then
	echo "host-launcher: PASS hostile guest's death reported"
else
	echo "host-launcher: FAIL hostile-1 (exit $rc)"; fail=1
fi
if dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"; then fail=1; fi
[ $fail -eq 0 ] && echo "host-launcher: ok"
exit $fail
