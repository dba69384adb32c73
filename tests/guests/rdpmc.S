/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test guest that tries rdpmc (read a performance counter) in ring 1 and
 * in ring 3.  Both must raise #GP: the Host's counters are not the Guest's
 * to read, whatever the Launcher itself may do.  A #GP or #UD handler
 * counts the fault and skips the two-byte instruction; ring 3 comes back
 * with int $0x80.  Reported: "rdpmc: #GP in ring 1 and ring 3".
 */
#include "lgtest.h"

	MSG	m_ok, "rdpmc: #GP in ring 1 and ring 3"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	6, ud_handler, 0x8E
	IDT	13, gp_handler, 0x8E
	IDT	0x80, syscall_handler, 0xEE

	xorl	%ecx, %ecx
	rdpmc
	cmpl	$1, gps
	je	1f
	CRASH	"rdpmc in ring 1 did not fault with #GP"

	/* Ring 3: our own page table with user pages, a GDT, a stack. */
1:	OWN_PAGETABLE 0x67
	HCALL	LHCALL_LOAD_GDT, $PA(gdt), $32
	HCALL	LHCALL_SET_STACK, $KDS, $stack_top, $1
	pushl	$UDS
	pushl	$user_stack_top
	pushl	$0x202
	pushl	$UCS
	pushl	$user_code
	iret
user_code:
	xorl	%ecx, %ecx
	rdpmc
	int	$0x80

back_from_user:
	cmpl	$0, uds
	je	1f
	CRASH	"rdpmc raised #UD: the counters were readable"
1:	cmpl	$2, gps
	je	2f
	CRASH	"rdpmc in ring 3 did not fault with #GP"
2:	PRINT	m_ok
	CRASH	"Power down"

gp_handler:
	incl	gps
	addl	$4, %esp		/* the error code */
	addl	$2, (%esp)
	iret

/* QEMU's TCG raises #UD for an allowed rdpmc: it has no counters. */
ud_handler:
	incl	uds
	addl	$2, (%esp)
	iret

syscall_handler:
	movl	$stack_top, %esp
	jmp	back_from_user

	.data
	.balign	8
gdt:	.fill	12, 8, 0
	.quad	0x00cf9a000000ffff	/* 12: kernel code, DPL 0 */
	.quad	0x00cf92000000ffff	/* 13: kernel data, DPL 0 */
	.quad	0x00cffa000000ffff	/* 14: user code */
	.quad	0x00cff2000000ffff	/* 15: user data */
	.fill	16, 8, 0
gps:	.long	0
uds:	.long	0
	.balign	4096
pd:	.fill	1024, 4, 0
pt0:	.fill	1024, 4, 0
pt1:	.fill	1024, 4, 0

	LGUEST_DATA
