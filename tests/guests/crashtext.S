/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test guest that crashes with a message made to forge lines in the
 * Host's kernel log: a newline, a line of its own ("kernel: ..."; a real
 * attacker would write "BUG: ..." but the suite must not trip over its own
 * test), a terminal escape sequence, bytes above 0x7E, and far more text
 * than the Host keeps.  The Host must turn it into one bounded line of
 * printable ASCII.
 */
#include "lgtest.h"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	HCALL	LHCALL_CRASH, $PA(text)

	.section .rodata
text:	.ascii	"\nkernel: forged by a guest\n\033[1m\xc3\xa9X"
	.fill	300, 1, 'A'
	.byte	0

	LGUEST_DATA
