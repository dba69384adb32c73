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
 *	-DTEST=4  read all of the Switcher's code page that holds the timer
 *		  stub (its address is in the IDT) and call that stub from
 *		  ring 1: ring-0 code run in ring 1 must end in a #GP (its
 *		  load of the Switcher's DPL-0 data segment); then put a "ret"
 *		  in the regs page and call it: it runs, in ring 1, harmless.
 */
#include "lgtest.h"

#define T_READ_STATE	1
#define T_LEAVE_MARK	2
#define T_FIND_MARK	3
#define T_EXEC		4

#define MARK		0x4B52414D	/* "MARK" */
#define SPARE_WORDS	((4096 - 72) / 4)

	MSG	m_state, "switcher: state page has no Host kernel address"
	MSG	m_left, "switcher: marker left in the regs page"
	MSG	m_clean, "switcher: regs page spare area clean"
	MSG	m_exec, "switcher: its code ends in #GP in ring 1, the regs page runs in ring 1"

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
#elif TEST == T_FIND_MARK
	leal	-4096(%esi), %edi
	movl	$SPARE_WORDS, %ecx
	movl	$MARK, %eax
	repne scasl
	jne	1f
	CRASH	"another Guest's marker in the regs page"
1:	PRINT	m_clean
#else
	IDT	13, gp_handler, 0x8E
	/* Gate 32 of the real IDT: the stub's offset, split in two. */
	movl	1024 + 32 * 8(%esi), %eax
	movl	1024 + 32 * 8 + 4(%esi), %ebx
	andl	$0xFFFF, %eax
	andl	$0xFFFF0000, %ebx
	orl	%ebx, %eax
	movl	%eax, stub
	/* Read the whole code page it is in. */
	movl	%eax, %edi
	andl	$0xFFFFF000, %edi
	movl	$1024, %ecx
1:	movl	(%edi), %eax
	addl	$4, %edi
	loop	1b
	/* Call it, ready to come back from the #GP. */
	movl	%esp, saved_esp
	movl	$2f, recover
	call	*stub
	CRASH	"the Switcher's code ran to the end in ring 1"
2:	cmpl	$1, gps
	je	3f
	CRASH	"no #GP from the Switcher's code in ring 1"
3:	cmpl	$0x58, gp_err		/* the Switcher's data segment */
	je	4f
	CRASH	"a #GP, but not from loading the Switcher's data segment"
	/* A "ret" of our own in the regs page's spare area, and call it. */
4:	leal	-4096(%esi), %edi
	movb	$0xC3, (%edi)
	call	*%edi
	PRINT	m_exec
#endif
	CRASH	"Power down"

#if TEST == T_EXEC
/* Note the #GP and its error code, and go back to "recover". */
gp_handler:
	incl	gps
	movl	(%esp), %eax
	movl	%eax, gp_err
	movl	saved_esp, %esp
	movl	$KDS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	jmp	*recover
#endif

	.data
stub:		.long	0
saved_esp:	.long	0
recover:	.long	0
gps:		.long	0
gp_err:		.long	0
	.balign	4
	.short	0
idtr:	.short	0
	.long	0

	LGUEST_DATA
