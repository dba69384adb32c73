#!/bin/sh
# class: while its Guest sweeps writes over 1 MiB of its memory (never flushing: only the Host's MMU notifier can make it fault again), the Launcher munmap()s it, mprotect()s it PROT_NONE or PROT_READ, maps an empty file over it, or truncates the shared file behind it: the Guest is killed ("cannot map guest page") before its next message once the Launcher's call has returned, the Host neither oopses nor hangs, and the truncated file gets none of the Guest's writes
. "$(dirname "$0")/lib.sh"

fail=0
for how in munmap prot-none prot-read map-empty truncate; do
	echo "$how:"
	out=$("$d/lgattack" ram $how "$d/ramprobe.elf" /tmp/launcher-ram.file 2>&1); rc=$?
	echo "$out" | grep '^lgattack' | sed 's/^/  /'
	if [ $rc -ne 0 ]; then
		echo "  wanted the Guest killed, cleanly; exit $rc"
		echo "$out" | tail -n 5 | sed 's/^/    /'
		fail=1
	fi
done
rm -f /tmp/launcher-ram.file
exit $fail
