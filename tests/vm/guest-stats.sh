# Runs inside the Host VM: the Host's per-Guest exit statistics in
# /proc/lguest (drivers/lguest/stats.c) and tools/lgstat.  While a Guest runs
# (it forks, execs and then sleeps), its stats file must show real exits
# that add up: every exit is counted under exactly one reason, every page
# fault exit under one outcome, every hypercall exit under one hypercall;
# the address-space switches (NEW_PGTABLE), PTE updates (SET_PTE) and
# HALTs must be there.  lgstat must show them, once and by interval.
# After the Guest exits, its directory must be gone.
NAME=guest-stats
. /tests/guest.lib
need_lguest
top=/proc/lguest
[ -d $top ] && pass "$top exists" || { bad "no $top"; exit 1; }
dmesg -c >/dev/null

# The Guest's side is the step tests/guest-steps/stats.sh: 30 fork+exec,
# a quiet pause (read then, so the sums hold), then 4 s of fork+exec
# again (lgstat -i reads rates then).
guest_bg 300 stats >/tmp/stats.out 2>&1
pid=$LG_PID
guest_wait /tmp/stats.out "^STATS-MID" 90 ||
	{ bad "Guest never got to its sleep"; tail /tmp/stats.out; kill $pid; exit 1; }
sleep 1
d=$(ls -d $top/$pid-* 2>/dev/null | head -n1)
[ -n "$d" ] && pass "directory $(basename "$d") for Launcher $pid" || bad "no $top/$pid-*"
cat "$d/stats" >/tmp/stats.a
/bin/lgstat "$pid" >/tmp/lgstat.once
guest_wait /tmp/stats.out "^STATS-BUSY" 10
/bin/lgstat -i 1 -n 1 "$pid" >/tmp/lgstat.int
wait $pid; rc=$?
[ $rc -eq 0 ] && pass "Launcher exit 0" || bad "Launcher exit $rc"
grep -q "^STATS-END" /tmp/stats.out || bad "Guest did not finish"

v() { awk -v k="$1" '$1 == k { print $2 }' /tmp/stats.a; }
sum() { awk -v re="$1" '$1 ~ re { s += $2 } END { print s + 0 }' /tmp/stats.a; }
echo "guest-stats: some counters:"
grep -E '^(exits|trap_14_pf|trap_31_hcall|host_irq_exit|pf_|hcall_(new_pgtable|set_pte|flush_tlb|halt)|async_(new_pgtable|set_pte|flush_tlb)|halt_sleep|pin|unpin|shadow_pt) ' /tmp/stats.a | sed 's/^/  /'
lines=$(wc -l </tmp/stats.a)
[ "$lines" -ge 80 ] && pass "$lines counters" || bad "only $lines counters"
exits=$(v exits)
reasons=$(sum '^(trap_[0-9]+_|syscall_exit$|host_irq_exit$|switcher_fault$)')
pf=$(v trap_14_pf); pfk=$(sum '^pf_(shadow_fill|write_protect|guest)$')
hx=$(v trap_31_hcall); hc=$(sum '^hcall_')
newpg=$(sum '_new_pgtable$'); setpte=$(sum '_set_pte$'); halts=$(v hcall_halt)
# A reading is taken while the Guest runs: counters may be one exit apart.
near() { [ "$1" -gt 0 ] && [ $(($1 - $2)) -le 2 ] && [ $(($2 - $1)) -le 2 ]; }
near "$exits" "$reasons" && pass "exits $exits = sum of exit reasons $reasons" || bad "exits $exits vs reasons $reasons"
near "$pf" "$pfk" && pass "page fault exits $pf = fill + write-protect + guest $pfk" || bad "page faults $pf vs kinds $pfk"
near "$hx" "$hc" && pass "hypercall exits $hx = sum of hcall_* $hc" || bad "hypercall exits $hx vs hcall_* $hc"
# 30 fork+exec: each new process switches address spaces and changes PTEs.
[ "$newpg" -ge 60 ] && pass "NEW_PGTABLE $newpg" || bad "NEW_PGTABLE $newpg"
[ "$setpte" -ge 30 ] && pass "SET_PTE $setpte" || bad "SET_PTE $setpte"
[ "${halts:-0}" -gt 0 ] && [ "$(v halt_sleep)" -gt 0 ] && pass "HALT $halts, slept $(v halt_sleep) times" || bad "HALT ${halts:-0}"
pins=$(v pin); unpins=$(v unpin)
[ "$pins" -gt "$unpins" ] && [ "$unpins" -ge 0 ] && pass "pins $pins, unpins $unpins" || bad "pins $pins unpins $unpins"
t=$(awk '$1 == "exits" { print $3 }' /tmp/stats.a)
[ "${t:-0}" -gt 0 ] && pass "time in the Guest ${t} ns" || bad "no time in the Guest"

sed 's/^/  lgstat: /' /tmp/lgstat.once | head -n 12
sed 's/^/  lgstat -i: /' /tmp/lgstat.int | head -n 8
awk -v e="$exits" '$1 == "exits" && $2 >= e { f = 1 } END { exit !f }' /tmp/lgstat.once &&
	pass "lgstat shows the exits" || bad "lgstat one-shot"
grep -qE '^(host_irq_exit|trap_31_hcall|exits) +[0-9]+ ' /tmp/lgstat.int &&
	pass "lgstat -i shows rates" || bad "lgstat -i"

[ -e "$d" ] && bad "$d still there after the Guest exited" || pass "directory gone after exit"
ls $top | grep -q . && bad "left in $top: $(ls $top)" || pass "$top empty"
host_log_clean -g
[ $fail -eq 0 ] && echo "guest-stats: all passed"
exit $fail
