/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clockabuse: a Guest that programs its clock event absurdly.
 *
 * A: 4000 SET_CLOCKEVENTs cycling through 0, 1 ns, 2 ns, 99 ns, the
 *    largest delta (0xFFFFFFFF, about 4.3 s), "negative" ones (0x80000000
 *    and 0xFFFFFFF0 as signed values) and 100 ns, with interrupts off.
 * B: the timer re-armed at 1 ns and HALT until it ticks, 1000 times: as
 *    fast as the Host lets it go.
 * C: the timer set to 0x80000000 ns (2.1 s; negative as a signed number)
 *    and HALT until it fires: the Host must sleep, not spin, and must
 *    not take it for "now".
 * Then a clean power off.  Each phase prints a line; the class times them.
 */
#include "lgtest.h"

#define LD_NOIRQ_START	1120
#define LD_NOIRQ_END	1124
#define TICKS		1000

	MSG	m_a, "clockabuse: A: 4000 absurd deltas set"
	MSG	m_b, "clockabuse: B: 1000 ticks re-armed at 1 ns"
	MSG	m_c, "clockabuse: C: halting on a 0x80000000 ns timer"
	MSG	m_d, "clockabuse: C: woke from the halt"

	START
	/* The handler's last two instructions must not be interrupted. */
	movl	$irq_ret, lguest_data + LD_NOIRQ_START
	movl	$irq_ret_end, lguest_data + LD_NOIRQ_END
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	32, timer_handler, 0x8E
	movl	$0, lguest_data + LD_BLOCKED

	/* A: interrupts off (irq_enabled is 0). */
	movl	$4000, %esi
	xorl	%edi, %edi
1:	movl	deltas(, %edi, 4), %eax
	HCALL	LHCALL_SET_CLOCKEVENT, %eax
	incl	%edi
	andl	$7, %edi
	decl	%esi
	jnz	1b
	HCALL	LHCALL_SET_CLOCKEVENT, $0
	PRINT	m_a

	/*
	 * B: arm at 1 ns and HALT until the tick, again and again, as an
	 * idle loop with a tiny timer would.  Interrupts are off from the
	 * look at "ticks" to the HALT, which turns them on as it waits
	 * ("sti; hlt"): a tick taken in between would otherwise leave the
	 * HALT waiting for a tick that has already come.
	 */
	movl	$0, ticks
2:	movl	$0, lguest_data + LD_IRQ_ENABLED
	movl	ticks, %esi
	HCALL	LHCALL_SET_CLOCKEVENT, $1
3:	HCALL	LHCALL_HALT
	cmpl	ticks, %esi
	je	3b
	cmpl	$TICKS, ticks
	jb	2b
	movl	$0, lguest_data + LD_IRQ_ENABLED
	HCALL	LHCALL_SET_CLOCKEVENT, $0
	PRINT	m_b

	/* C: one far tick, HALTed until it comes. */
	PRINT	m_c
	movl	$0, ticks
	HCALL	LHCALL_SET_CLOCKEVENT, $0x80000000
3:	HCALL	LHCALL_HALT
	cmpl	$0, ticks
	je	3b
	PRINT	m_d
	CRASH	"Power down"

timer_handler:
	incl	ticks
irq_ret:
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	iret
irq_ret_end:

	.data
	.balign	4
deltas:	.long	0, 1, 0xFFFFFFFF, 2, 0x80000000, 99, 0xFFFFFFF0, 100
ticks:	.long	0

	LGUEST_DATA
