/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test guest that keeps a value in the x87 stack across many exits to
 * the Host: hypercalls and timer interrupts.  If the
 * Host ever loses or mixes up FPU state (with the Launcher's, or another
 * guest's), the value changes and we crash with "fpu corrupted".
 */
#include "lgtest.h"

	MSG	m_ok, "fpu: x87 state survived 20000 exits"

	START
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	32, timer_handler, 0x8E
	movl	$0, lguest_data + LD_BLOCKED
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	HCALL	LHCALL_SET_CLOCKEVENT, $100000

	/* A value of our own: guestid + pi, in the x87 stack. */
	fninit
	fldpi
	fiaddl	lguest_data + LD_GUESTID
	/* Round it to a double, so comparing with the stored copy is exact. */
	fstpl	expected
	fldl	expected

	movl	$20000, %esi
1:	HCALL	LHCALL_FLUSH_ASYNC
	decl	%esi
	jnz	1b

	fcompl	expected
	fnstsw	%ax
	andw	$0x4500, %ax		/* C3 C2 C0: equal is C3 only */
	cmpw	$0x4000, %ax
	je	2f
	CRASH	"fpu corrupted"
2:	PRINT	m_ok
	CRASH	"Power down"

/*
 * The timer keeps firing (every 100 us): more exits at any instruction,
 * and FPU use of our own, saved and restored as a kernel would.
 */
timer_handler:
	pushal
	fnsave	env
	fldz
	fstp	%st(0)
	frstor	env
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	HCALL	LHCALL_SET_CLOCKEVENT, $100000
	popal
	iret

	.data
	.balign	8
expected:	.quad 0
env:		.fill 108, 1, 0

	LGUEST_DATA
