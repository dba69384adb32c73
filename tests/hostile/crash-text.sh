#!/bin/sh
# class: a Guest CRASHes with newlines, a forged log line, a terminal escape, non-ASCII bytes and 300 more bytes: the Host logs and reports one bounded line of printable ASCII
. "$(dirname "$0")/lib.sh"
# What the Host must make of it: each byte outside ' '..'~' a '?', and
# no more than 127 bytes of the message.
want="CRASH: ?kernel: forged by a guest??\\[1m??X$(printf '%093d' 0 | tr 0 A)"
rc=0
expect_killed crashtext.elf "^$want\$" || rc=1
line=$(dmesg | grep "crashed: ?kernel: forged by a guest" | tail -n 1)
echo "Host log: $line"
if [ -z "$line" ]; then
	echo "the crash is not in the Host's log as one line"
	rc=1
fi
if dmesg | grep -q "^\[[ 0-9.]*\] kernel: forged"; then
	echo "the Guest forged a line of the Host's log:"
	dmesg | grep -A1 "kernel: forged" | sed 's/^/  /'
	rc=1
fi
exit $rc
