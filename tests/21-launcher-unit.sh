#!/bin/bash
# The Launcher's unit tests (option parsing, ELF and bzImage loading, boot
# parameters, page tables, DMA validation, exit codes): static i386 programs
# run directly on the build machine; TAP output.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(tests/launcher/run.sh 2>&1); rc=$?
echo "$out"
[ $rc = 0 ] || exit 1
grep -q '^not ok' <<<"$out" && exit 1
echo "RESULT: launcher unit tests: $(grep -c '^ok' <<<"$out") ok," \
	"$(grep -c '# SKIP' <<<"$out") skipped, 0 failed"
