# Runs inside the Host VM: a Guest program eats all the Guest's memory.
# The Guest's own OOM killer must stop it, the Guest must live on and
# power off normally, and the Host must not notice: no OOM of its own, a
# clean log, and a second such Guest gives back all the memory it took.
NAME=fault-oom
. /tests/guest.lib
need_lguest
LG_MEM=48
# Free memory is MemFree plus the pages the page allocator keeps on its
# per-CPU lists ("count:" in /proc/zoneinfo): MemFree leaves those out, and
# right after a Guest of 48 MiB exits they hold 10-20 MiB, which vmstat
# drains back over the next seconds.  Measured: MemFree alone came back
# 10 MiB higher 5 s later, the sum stayed the same to the page.
free_kb() {
	local mem pcp
	mem=$(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	pcp=$(awk '$1 == "count:" { n += $2 } END { print n + 0 }' /proc/zoneinfo)
	echo $((mem + pcp * 4))
}

dmesg -c >/dev/null
guest 300 "fault oom" </dev/null >/tmp/oom.out 2>&1
rc=$?
tr -d '\r' </tmp/oom.out | grep -a 'OOM-\|Out of memory\|DONE' | sed 's/^/  | /'
out=$(tr -d '\r' </tmp/oom.out)
echo "$out" | grep -q '^OOM-EATER-STATUS 137' && pass "the eater died by SIGKILL" || bad "eater not killed"
echo "$out" | grep -q '^OOM-KILLER-ACTED' && pass "the Guest's OOM killer chose it" || bad "no Guest OOM kill"
echo "$out" | grep -q '^OOM-GUEST-ALIVE' && pass "the Guest works afterwards" || bad "Guest not alive"
[ $rc = 0 ] && echo "$out" | grep -q '^LGUEST-GUEST-DONE' && pass "Guest powered off, Launcher exit 0" ||
	bad "Launcher exit $rc"

# The same again: what the Host allocates once (the Switcher's pages,
# caches) stays after the first Guest; a second one must give back all
# it took.
sync; echo 3 >/proc/sys/vm/drop_caches; sleep 1
first=$(free_kb)
guest 300 "fault oom" </dev/null >/tmp/oom2.out 2>&1 || bad "second OOM Guest: Launcher exit $?"
sync; echo 3 >/proc/sys/vm/drop_caches; sleep 1
second=$(free_kb)
echo "fault-oom: Host free memory after the first OOM Guest ${first} kB, after the second ${second} kB"
[ $((first - second)) -lt 4096 ] && pass "the second Guest gave its memory back (within 4 MiB)" ||
	bad "the Host lost $((first - second)) kB to the second Guest"
dmesg | grep -q 'Out of memory' && bad "the Host ran out of memory" || pass "no OOM on the Host"
host_log_clean -g
exit $fail
