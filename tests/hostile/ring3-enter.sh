#!/bin/sh
# class: Guest user code (ring 3) tries sysenter and int $0x1f, the hypercall trap: neither reaches the Host, the Guest gets #GP and, with no handler, is killed
. "$(dirname "$0")/lib.sh"
rc=0
expect_killed hostile-13.elf 'unhandled trap' || rc=1
expect_killed hostile-14.elf 'unhandled trap 13 at .* (0xfa)' || rc=1
exit $rc
