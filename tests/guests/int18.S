/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test guest that fakes a machine check: it gives vector 18 a gate with
 * DPL 1 and runs "int $18".  Vector 18 is the Host's (a real machine check
 * while a Guest runs goes to the Host's handler), so the software
 * interrupt must be refused with a #GP, like any int n through a DPL-0
 * gate, and reach neither the Host's handler nor ours.
 */
#include "lgtest.h"

	MSG	m_ok, "int18: int $18 from ring 1 is a #GP"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	13, gp_handler, 0x8E
	IDT	18, mc_handler, 0xAE		/* interrupt gate, DPL 1 */
	int	$18
	cmpl	$0, mcs
	je	1f
	CRASH	"int $18 reached the Guest's machine check handler"
1:	cmpl	$1, gps
	je	2f
	CRASH	"int $18 did not fault"
2:	PRINT	m_ok
	CRASH	"Power down"

/* #GP: skip the two-byte int $18. */
gp_handler:
	incl	gps
	addl	$4, %esp
	addl	$2, (%esp)
	iret

mc_handler:
	incl	mcs
	iret

	.data
gps:	.long	0
mcs:	.long	0

	LGUEST_DATA
