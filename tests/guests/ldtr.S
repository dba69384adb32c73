/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ldtr.S - a Guest that hunts for its Launcher's LDT and tries to reach
 * ring 0 through it.
 *
 * LDTR survives a GDT switch with the descriptor it was loaded with, so a
 * Switcher that never reloads it lets a Guest whose Launcher has an LDT
 * (modify_ldt) use that LDT, which lives at a Host kernel address.  The
 * Guest cannot write there, but it can map a page of its own at the same
 * address: the CPU reads the LDT through the Guest's page tables.  So:
 *
 *   1. sldt must say 0 (no LDT while the Guest runs);
 *   2. lar of selector 7 (LDT entry 0, which the Launcher filled in) reads
 *      the LDT: a page fault there tells us its address (cr2);
 *   3. we map a page of ours at that address, with a call gate in entry 0
 *      that leads to our own code through the Switcher's ring-0 segment;
 *   4. lcall through selector 7: with no LDT that is a #GP; with the
 *      Launcher's, our code runs in ring 0 and notes its %cs.
 *
 * Power down after printing the all-clear if every step came out as it
 * should with no LDT; crash saying what went wrong otherwise.
 */
#include "lgtest.h"

#define LGUEST_CS	0x50		/* the Switcher's ring-0 code segment */

	MSG	m_ok, "ldtr: no LDT in the Guest, the call gate faulted"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	13, gp_handler, 0x8E
	IDT	14, pf_handler, 0x8E
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1
	/* Only 0xC0000000-0xC03FFFFF mapped: a Host address will fault. */
	OWN_PAGETABLE 0x63

	sldt	%eax
	movl	%eax, ldtr

	/* 2: does selector 7 lead anywhere? */
	movl	$7, %ecx
	xorl	%eax, %eax
	lar	%ecx, %eax
	cmpl	$0, pf_count
	je	2f

	/* 3: put a page of ours where the LDT is (not in the Switcher's 4 MiB). */
	movl	pf_addr, %eax
	movl	%eax, %edx
	shrl	$22, %edx
	cmpl	$1023, %edx
	je	2f
	movl	$(PA(pt2) + 0x67), pd(, %edx, 4)
	movl	%eax, %edx
	shrl	$12, %edx
	andl	$1023, %edx
	movl	$(PA(gate_page) + 0x63), pt2(, %edx, 4)
	/* Entry 0 (offset 0 in the page): a DPL 3 call gate to ring0. */
	andl	$0xFFF, %eax
	movl	$ring0, %edx
	movl	%edx, %ecx
	andl	$0xFFFF, %ecx
	orl	$(LGUEST_CS << 16), %ecx
	movl	%ecx, gate_page(%eax)
	andl	$0xFFFF0000, %edx
	orl	$0xEC00, %edx
	movl	%edx, gate_page + 4(%eax)

	/* 4: through the gate (7 bytes, skipped by the #GP handler). */
2:	lcall	$7, $0

	cmpl	$0, ring0_cs
	je	3f
	CRASH	"reached ring 0 through a call gate in the Launcher's LDT"
3:	cmpl	$0, ldtr
	je	4f
	CRASH	"LDTR holds the Launcher's LDT"
4:	cmpl	$1, gp_count
	je	5f
	CRASH	"lcall through selector 7 did not fault"
5:	PRINT	m_ok
	CRASH	"Power down"

/* Ring 0, if the attack works: note %cs and go back to ring 1. */
ring0:
	movl	%cs, %eax
	movl	%eax, ring0_cs
	lret

/* A page fault (lar reading the LDT): note where, skip the 3-byte lar. */
pf_handler:
	incl	pf_count
	pushl	%eax
	movl	lguest_data + LD_CR2, %eax
	movl	%eax, pf_addr
	popl	%eax
	addl	$4, %esp		/* error code */
	addl	$3, (%esp)
	iret

/* A general protection fault (the lcall): skip its 7 bytes. */
gp_handler:
	incl	gp_count
	addl	$4, %esp
	addl	$7, (%esp)
	iret

	LGUEST_DATA
	.data
ldtr:		.long	0
pf_count:	.long	0
pf_addr:	.long	0
gp_count:	.long	0
ring0_cs:	.long	0
	.bss
	.balign	4096
pd:		.fill	4096, 1, 0
pt0:		.fill	4096, 1, 0
pt1:		.fill	4096, 1, 0
pt2:		.fill	4096, 1, 0
gate_page:	.fill	4096, 1, 0
