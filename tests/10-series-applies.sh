#!/bin/bash
# Every patch of `series` applies to the pristine tree with quilt at fuzz 0
# and without offsets (assemble.py refuses anything else, naming the patch).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/assemble.py --check
