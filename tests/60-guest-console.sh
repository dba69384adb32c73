#!/bin/bash
# Console input, inside the QEMU Host: lines fed to the Launcher's stdin
# reach a shell in the Guest (hvc0, a driver on the lguest bus) and their
# output comes back on the Launcher's stdout; "poweroff -f" typed there
# ends the Guest and the Launcher exits 0.  Host dmesg clean.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
log=build/logs/guest-console.log
vm_test guest-console "$log" --timeout 400
grep -a 'guest-console: ' "$log" | tr -d '\r'
