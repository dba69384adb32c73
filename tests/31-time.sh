#!/bin/bash
# Time works in the VM: sleep and timeout take as long as they should.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/qemu-run.sh --test time --timeout 120
