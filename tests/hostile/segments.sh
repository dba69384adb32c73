#!/bin/sh
# class: the Guest's own odd segments: a DPL 2 code segment it lrets into (its hypercall from ring 2 is a #GP), a conforming one a user jumps into (still ring 3, hypercall #GP), 16-bit code and a 16-bit stack across an exit (esp's top half shows nothing of the Host's), an expand-down TLS segment (used across an exit); then trap delivery onto an unmapped or misaligned kernel stack, by the Host and by the direct int $0x80, and int $0x80 with the code segment as ss1: each of those killed with a reason, the Host unharmed
. "$(dirname "$0")/lib.sh"

fail=0
expect_clean segs-ring2.elf 'ring 2 hypercall refused' || fail=1
expect_clean segs-conforming.elf 'conforming code ran in ring 3' || fail=1
out=$("$d/lgrun" -t 60 "$d/segs-sixteen.elf" 2>&1); rc=$?
echo "$out" | grep '^segs'
# iret to a 16-bit stack segment sets only the low half of esp: the top
# half is whatever the Switcher's ring 0 stack pointer had, an address in
# the Switcher's 4 MiB at the top of every Guest (which the Guest knows),
# or the Guest's own 0x1234 if the CPU kept it.
top=$(echo "$out" | sed -n "s/.*esp's top half \([0-9a-f]*\) .*/\1/p")
case "$top" in
1234|ffc?|ffd?|ffe?|fff?) ;;
*) echo "esp's top half after an exit: '$top', neither the Guest's nor the Switcher's"; fail=1 ;;
esac
if [ $rc -ne 0 ] || ! echo "$out" | grep -q '16-bit code ran'; then
	echo "wanted the 16-bit code to run and a clean power off; exit $rc"
	fail=1
fi
expect_clean segs-expanddown.elf 'expand-down TLS segment' || fail=1
expect_killed segs-badstack.elf 'bad stack address 0xc0effff' || fail=1
expect_killed segs-badstack80.elf 'bad stack address 0xc0effff' || fail=1
expect_killed segs-badss80.elf 'while loading guest state.*ss 0x61' || fail=1
expect_killed segs-misaligned.elf 'bad stack address' || fail=1
exit $fail
