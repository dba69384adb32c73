/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test guests that look at the Switcher pages mapped into their address
 * space: the state page (GDT, IDT, TSS) and the regs page of the CPU they
 * run on.  The Guest kernel in ring 1 can read both and write the regs
 * page (paging does not tell ring 1 from ring 0), so the Host must keep
 * them free of anything secret.  sidt gives the IDT's address, which is
 * LG_ST_IDT_TABLE (1024) into the state page; the regs page is the page
 * before it.
 *
 *	-DTEST=1  read the state page's header and TSS (its first 256
 *		  bytes; the GDT and IDT follow): no word may look like a
 *		  Host kernel address (0xC0000000 up to the Switcher at
 *		  0xFFC00000), other than the stack we gave SET_STACK.
 *	-DTEST=2  fill the regs page's spare area (all but the 72-byte
 *		  register block at its end) with a marker, power off.
 *	-DTEST=3  look for that marker in the spare area: a Guest that ran
 *		  on this CPU before must have left nothing.
 */
#include "lgtest.h"

#define T_READ_STATE	1
#define T_LEAVE_MARK	2
#define T_FIND_MARK	3

#define MARK		0x4B52414D	/* "MARK" */
#define SPARE_WORDS	((4096 - 72) / 4)

	MSG	m_state, "switcher: state page has no Host kernel address"
	MSG	m_left, "switcher: marker left in the regs page"
	MSG	m_clean, "switcher: regs page spare area clean"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1
	sidt	idtr
	movl	idtr + 2, %esi
	movl	%esi, %eax
	andl	$0xFFF, %eax
	cmpl	$1024, %eax
	je	1f
	CRASH	"the IDT is not where the Switcher keeps it"
1:	subl	$1024, %esi		/* %esi: the state page */

#if TEST == T_READ_STATE
	movl	$64, %ecx
1:	movl	(%esi), %eax
	cmpl	$stack_top, %eax
	je	2f
	cmpl	$0xC0000000, %eax
	jb	2f
	cmpl	$0xFFC00000, %eax
	jae	2f
	CRASH	"a Host kernel address in the Switcher state page"
2:	addl	$4, %esi
	loop	1b
	PRINT	m_state
#elif TEST == T_LEAVE_MARK
	leal	-4096(%esi), %edi
	movl	$SPARE_WORDS, %ecx
	movl	$MARK, %eax
	rep stosl
	PRINT	m_left
#else
	leal	-4096(%esi), %edi
	movl	$SPARE_WORDS, %ecx
	movl	$MARK, %eax
	repne scasl
	jne	1f
	CRASH	"another Guest's marker in the regs page"
1:	PRINT	m_clean
#endif
	CRASH	"Power down"

	.data
	.balign	4
	.short	0
idtr:	.short	0
	.long	0

	LGUEST_DATA
