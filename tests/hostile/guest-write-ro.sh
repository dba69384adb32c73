#!/bin/sh
# class: the Guest maps with writable PTEs Launcher memory that is PROT_NONE or a file the Launcher opened read-only (mapped shared): it reads the file's bytes, its first write kills it ("cannot map guest page"), and the file is unchanged; the PROT_NONE window kills it on first touch
. "$(dirname "$0")/lib.sh"

fail=0
for how in ro-file none-first; do
	echo "$how:"
	out=$("$d/lgattack" ram $how "$d/ramprobe.elf" /tmp/guest-write-ro.file 2>&1); rc=$?
	echo "$out" | grep '^lgattack\|ramprobe: sum' | sed 's/^/  /'
	if [ $rc -ne 0 ]; then
		echo "  wanted the Guest killed and the file as it was; exit $rc"
		echo "$out" | tail -n 5 | sed 's/^/    /'
		fail=1
	fi
	if [ $how = ro-file ] && ! echo "$out" | grep -q 'ramprobe: sum 00107f80'; then
		echo "  the Guest did not read the file's bytes"
		fail=1
	fi
done
rm -f /tmp/guest-write-ro.file
exit $fail
