# Runs inside the Host VM: the Guest's console input.  The Launcher's stdin
# is a FIFO; once the Guest's shell is up (no lgrun=: /init runs a shell on
# hvc0) we type lines into it.  The Guest shell must run them and their
# output must come back on the Launcher's stdout; the last line powers the
# Guest off and the Launcher exits 0.  Needs /bin/lguest, /lguest/bzImage,
# /lguest/guest-initramfs.cpio.
NAME=guest-console
. /tests/guest.lib
need_lguest

# wait_for PATTERN SECONDS: until a line of the output matches.
wait_for() {
	guest_wait /tmp/out "$1" "$2"
}

rm -f /tmp/in /tmp/out; mkfifo /tmp/in
dmesg -c >/dev/null
guest_bg -i /tmp/in 180 "" >/tmp/out 2>&1
pid=$LG_PID
exec 3>/tmp/in
wait_for '^LGUEST-GUEST-INIT' 120 && pass "Guest reached /init" || bad "no /init marker"
# Typed input waits in hvc0's tty until the shell reads it, but give the
# shell a moment anyway so the transcript reads naturally.
sleep 2
echo 'echo CONSOLE-$((6 * 7)) $(cat /sys/bus/lguest/devices/*/type | tr "\n" :)' >&3
wait_for '^CONSOLE-42' 30 && pass "a typed line ran in the Guest shell, output came back" || bad "no answer to the first line"
echo 'i=0; while [ $i -lt 20 ]; do echo LINE-$i; i=$((i + 1)); done | wc -l | sed s/^/COUNT-/' >&3
wait_for '^COUNT-20' 30 && pass "a second line (a loop) ran too" || bad "no answer to the second line"
# A pasted line far longer than the Guest's 256-byte input buffer (and
# within busybox's 1024-character line editor), in one
# write: nothing may be lost on the way.
long=$(head -c 900 /dev/zero | tr '\0' x)
echo "echo $long | wc -c | sed s/^/PASTE-/" >&3
wait_for '^PASTE-' 60 && grep -q '^PASTE-901' /tmp/out && pass "a 900-character line arrived whole" ||
	bad "pasted line: $(grep -a '^PASTE-' /tmp/out)"
echo 'poweroff -f' >&3
wait $pid; rc=$?
exec 3>&-
sed 's/^/  /' /tmp/out | grep -v '^  *\[' | tail -n 20
[ $rc -eq 0 ] && pass "poweroff typed on the console: Launcher exit 0" || bad "Launcher exit $rc"
grep -q 'Guest is not reading its console' /tmp/out && bad "input was discarded"
grep -q '^CONSOLE-42 1:\|^CONSOLE-42 3:1:' /tmp/out && pass "sysfs lists the console device: $(grep -a '^CONSOLE-42' /tmp/out | tr -d '\r')" ||
	bad "device types in sysfs: $(grep -a '^CONSOLE-42' /tmp/out)"
host_log_clean -g
exit $fail
