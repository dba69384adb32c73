#!/bin/sh
# class: the Guest gives vector 18 (machine check, the Host's) a DPL-1 gate and runs int $18: a #GP, neither the Host's machine check handler nor the Guest's runs
. "$(dirname "$0")/lib.sh"
expect_clean int18.elf "int18: int \$18 from ring 1 is a #GP"
