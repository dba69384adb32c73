#!/bin/bash
# run.sh: what `make run` does.  On a terminal: boot the Host in QEMU and
# start a Guest on its serial console, with a disk (/dev/lgba, ext2) and a
# network (eth0; the Host is 10.38.0.1 on the other end).  The Guest's shell
# is yours; when the Guest powers off, the Host's shell follows ('reboot -f'
# there, or Ctrl-A X at any time, leaves QEMU).  Without a terminal: boot
# the Host, run the same Guest through a script (tests/vm/smoke.sh), exit
# with its status.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -t 0 ] && [ -t 1 ] && [ "${CI:-}" != true ]; then
	echo "Booting the lguest Host in QEMU, then a Guest on this terminal."
	echo "In the Guest: mount /dev/lgba /mnt; ip addr add 10.38.0.2/24 dev eth0;"
	echo "ip link set eth0 up; ping 10.38.0.1.  'poweroff' ends the Guest,"
	echo "Ctrl-C three times quickly kills it; then 'reboot -f' (or Ctrl-A X)."
	exec "$top/tools/qemu-run.sh" --shell lgguest=1
fi
echo "No terminal: booting the Host and running the smoke test."
if "$top/tools/qemu-run.sh" --test smoke --timeout 180; then
	echo "make run: smoke test passed (log: build/logs/smoke.log)"
else
	rc=$?
	echo "make run: smoke test FAILED (status $rc; log: build/logs/smoke.log)"
	exit $rc
fi
