# Runs inside the Host VM: the conformance program /conform/conform, the
# same static i386 binary, natively on the Host and then inside an lguest
# Guest.  Every check prints one "CONFORM name result" line; the two runs
# must print the same lines.  Prints the number of identical checks.
NAME=conform
. /tests/guest.lib
need_lguest

timeout 120 /conform/conform >/tmp/native.raw 2>&1
echo "conform: native exit $?"
grep -a '^CONFORM ' /tmp/native.raw >/tmp/native.txt

dmesg -c >/dev/null
guest 300 /conform/conform </dev/null >/tmp/guest.raw 2>&1
echo "conform: launcher exit $?"
tr -d '\r' </tmp/guest.raw | grep -a '^CONFORM ' >/tmp/guest.txt

n=$(wc -l </tmp/native.txt)
same=$(grep -cxFf /tmp/native.txt /tmp/guest.txt)
if diff -u /tmp/native.txt /tmp/guest.txt >/tmp/conform.diff; then
	echo "conform: PASS native and Guest identical:"
	sed 's/^/  = /' /tmp/guest.txt
	grep -a '^sysenter: ' /tmp/native.raw | sed 's/^/  native /'
	tr -d '\r' </tmp/guest.raw | grep -a '^sysenter: ' | sed 's/^/  guest /'
else
	echo "conform: FAIL native (-) and Guest (+) differ:"
	sed 's/^/  /' /tmp/conform.diff
	echo "  Guest's console, last lines:"
	tr -d '\r' </tmp/guest.raw | grep -av '^CONFORM ' | tail -n 15 | sed 's/^/  | /'
	fail=1
fi
grep -q 'CONFORM done' /tmp/native.txt || { echo "conform: FAIL native run incomplete"; fail=1; }
echo "conform: $same of $n checks identical"
dmesg | grep -E 'lguest|WARNING|BUG' | head -5
exit $fail
