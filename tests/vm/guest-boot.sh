# Runs inside the Host VM: boot the lguest Guest (the same bzImage) to its
# /init, run busybox work in it (fork, exec, pipes, many page faults) and
# power it off; the Launcher must exit 0 and the Host's log stay clean.
# Then a Guest that panics must end the Launcher non-zero with the panic
# text.  The Guest's side is the step tests/guest-steps/boot-work.sh.
NAME=guest-boot
. /tests/guest.lib
need_lguest

dmesg -c >/dev/null
# -s: stamp puts the time since the Launcher started in front of every line.
out=$(guest -s 300 boot-work </dev/null 2>&1); rc=$?
echo "$out" | sed 's/^/  /' | tail -n 80
echo "$out" | grep -q "LGUEST-GUEST-INIT $(uname -r)" && pass "reached /init, uname -r $(uname -r)" || bad "no init marker"

# Boot time: when the Guest kernel's "Run /init" line reached the
# Launcher's stdout, from the Launcher's start (which includes loading and
# unpacking the bzImage), and what the Guest's own printk clock said then.
line=$(echo "$out" | tr -d '\r' | grep -m1 'Run /init as init process')
launch=$(echo "$line" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
own=$(echo "$line" | sed -n 's/^\[ *[0-9.]*\] *\[ *\([0-9.]*\)\].*/\1/p')
if [ -n "$launch" ] && awk -v t="$launch" 'BEGIN { exit !(t > 0 && t < 120) }'; then
	pass "boot to init in ${launch}s from Launcher start"
	echo "guest-boot: TIME launcher-to-init=$launch own-clock=${own:-?}"
else
	bad "boot time from Launcher start: '${launch}' (line: $line)"
fi
echo "$out" | grep -q "CPUINFO-lguest" && pass "cpuinfo flags: $(echo "$out" | grep -oE "CPUINFO-[a-z]+" | tr "\n" " ")" || bad "cpuinfo: no lguest flag"
echo "$out" | grep -q "Booting paravirtualized kernel on lguest" && pass "paravirt banner" || bad "no paravirt banner"
echo "$out" | grep -q "HELLO_PIPE" && pass "pipe" || bad "pipe"
echo "$out" | grep -q "FORK-EXEC-50" && pass "fork+exec" || bad "fork+exec"
echo "$out" | grep -q "96995b58" && pass "dd|md5sum" || bad "dd|md5sum"
echo "$out" | grep -q "PAGEFAULT-3000" && pass "page-fault loop" || bad "page-fault loop"
echo "$out" | grep -q "LGUEST-GUEST-DONE rc=0" && pass "commands rc 0" || bad "commands rc"
[ $rc -eq 0 ] && pass "launcher exit 0 on poweroff" || bad "launcher exit $rc"

dmesg >/tmp/hostlog
host_log_clean

# The Host's log calls a power off a power off, not a kill or a crash.
if grep -q 'lguest: guest [0-9]* powered off$' /tmp/hostlog &&
   ! grep -q 'lguest: guest [0-9]* killed: CRASH: Power down' /tmp/hostlog; then
	pass "the Host logs the Guest's power off as one"
else
	bad "the Host's log does not say 'powered off':"
	grep 'lguest: guest' /tmp/hostlog | tail -n 3
fi

# A restarting Guest: the Launcher exits 4 and the Host says so.
out=$(guest 120 "/bin/reboot -f" </dev/null 2>&1); rc=$?
echo "$out" | tail -n 2 | sed 's/^/  /'
if [ $rc -eq 4 ] && dmesg | grep -q 'lguest: guest [0-9]* asked to restart$'; then
	pass "reboot in the Guest: Launcher exit 4, the Host logs a restart"
else
	bad "reboot: Launcher exit $rc, Host log: $(dmesg | grep 'lguest: guest' | tail -n 1)"
fi

# A panicking Guest: the sysrq trigger panics on purpose.
out=$(guest 120 panic </dev/null 2>&1); rc=$?
echo "$out" | tail -n 5 | sed 's/^/  /'
if [ $rc -eq 1 ] && echo "$out" | grep -q "sysrq triggered crash" &&
   dmesg | grep -q 'lguest: guest [0-9]* crashed: .*sysrq triggered crash'; then
	pass "panic ends the Launcher with exit $rc and the panic text, logged as a crash"
else
	bad "panic: exit $rc"
fi
exit $fail
