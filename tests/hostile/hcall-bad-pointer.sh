#!/bin/sh
# class: hypercalls given addresses outside Guest memory (LOAD_GDT, CRASH text, SEND_DMA descriptor): killed, the Host reads nothing there
. "$(dirname "$0")/lib.sh"
rc=0
expect_killed hostile-16.elf 'bad read address' || rc=1
expect_killed hostile-17.elf 'CRASH with bad message address' || rc=1
expect_killed hostile-26.elf 'bad read address 0x7ffffff0' || rc=1
exit $rc
