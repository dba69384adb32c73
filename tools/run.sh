#!/bin/bash
# run.sh: what `make run` does.  On a terminal: boot the Host in QEMU with
# an interactive shell on its serial console (Ctrl-A X leaves QEMU).
# Without a terminal: boot it, run the smoke script, exit with its status.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -t 0 ] && [ -t 1 ] && [ "${CI:-}" != true ]; then
	echo "Booting the lguest Host in QEMU; 'reboot -f' or Ctrl-A X to leave."
	exec "$top/tools/qemu-run.sh" --shell
fi
echo "No terminal: booting the Host and running the smoke test."
if "$top/tools/qemu-run.sh" --test smoke --timeout 180; then
	echo "make run: smoke test passed (log: build/logs/smoke.log)"
else
	rc=$?
	echo "make run: smoke test FAILED (status $rc; log: build/logs/smoke.log)"
	exit $rc
fi
