/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ldtr.S - a Guest that looks for its Launcher's LDT.
 *
 * LDTR survives a GDT switch with the descriptor it was loaded with, so a
 * Switcher that never touches it lets a Guest whose Launcher has an LDT
 * (modify_ldt) use that LDT's selectors, and a call gate the Guest plants
 * at the LDT's address leads into ring 0.  We check that LDTR is 0 in
 * the Guest (sldt) and that LDT selector 7 (entry 0, RPL 3), which the
 * Launcher filled in, means nothing here (lar fails, without a page
 * fault at the Host's LDT address).  Power down if so, crash if not.
 */
#include "lgtest.h"

	MSG	m_ok, "ldtr: no LDT in the Guest"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	13, fault_handler, 0x8E
	IDT	14, fault_handler, 0x8E
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1

	sldt	%eax
	testw	%ax, %ax
	jz	1f
	CRASH	"LDTR holds the Launcher's LDT"
1:	movl	$7, %ecx
	xorl	%eax, %eax
	lar	%ecx, %eax
	jnz	2f
	CRASH	"LDT selector 7 is valid in the Guest"
2:	cmpl	$0, faults
	je	3f
	CRASH	"lar faulted: the Host's LDT address was used"
3:	PRINT	m_ok
	CRASH	"Power down"

/* A fault: count it and skip the 3-byte lar. */
fault_handler:
	incl	faults
	addl	$4, %esp		/* error code */
	addl	$3, (%esp)
	iret

	LGUEST_DATA
	.data
faults:	.long	0
