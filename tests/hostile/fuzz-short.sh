#!/bin/sh
# class: the /dev/lguest fuzzer (tests/fuzz/lgfuzz.c), a short run: random and mutated LHREQ_* writes, reads, closes, forks and threads, Guests making random hypercalls and async-ring entries, seeds 1 to 3: every run ends normally (the runner checks the Host's log)
. "$(dirname "$0")/lib.sh"
rc=0
for s in 1 2 3; do
	out=$("$d/lgfuzz" $s 1500 2>&1) || rc=1
	echo "$out" | tail -n 2
done
exit $rc
