#!/bin/sh
# class: a Guest makes a hypercall (LOAD_GDT) before LGUEST_INIT: killed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-2.elf 'hypercall 3 before LGUEST_INIT'
