#!/bin/bash
# make fuzz: the /dev/lguest fuzzer's long run in the QEMU Host.
#   tests/fuzz/run.sh [FIRST-LAST [CALLS]]   (default seeds 1-20, 10000 calls
#   each: 200,000 calls; seeds 1-10 took 60 s, clean).  A failing seed can
#   be rerun alone: run.sh 7-7.
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-1-20}
calls=${2:-10000}
log=build/logs/fuzz.log
mkdir -p build/logs
rc=0
tools/qemu-run.sh --test fuzz --log "$log" --timeout 3000 -- \
	"lgfuzz_seeds=$seeds" "lgfuzz_calls=$calls" || rc=$?
# Each seed's summary (or the seed that crashed), and the verdict.
tr -d '\r' <"$log" | grep -a '^fuzz: \|^ *lgfuzz: seed [0-9]*: \|lgfuzz: CRASH\|died of signal' | tail -n 40
exit $rc
