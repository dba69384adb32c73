#!/bin/bash
# Time works in the VM: sleep and timeout take as long as they should.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
vm_test time build/logs/time.log --timeout 120
