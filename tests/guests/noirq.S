/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A test guest that makes itself impossible to interrupt and then waits
 * for an interrupt forever.  Its "noirq" window (the range of eip where
 * the Host must not deliver interrupts) covers the whole address space;
 * its timer is armed, unmasked and has a handler, so an interrupt is soon
 * pending that can never be delivered.  Then, built with -DHALT, it HALTs
 * in a loop (each HALT returns at once if an interrupt could be taken);
 * built without, it just spins with virtual interrupts enabled.
 *
 * Either way the Guest never ends by itself.  The Host must keep the Host
 * CPU usable (sleep or reschedule), and the Launcher must stay killable.
 */
#include "lgtest.h"

/* struct lguest_data: noirq_start, noirq_end follow tsc_khz. */
#define LD_NOIRQ_START	1120
#define LD_NOIRQ_END	1124

	MSG	m_waiting, "noirq: window covers everything, timer armed, waiting"

	START
	/* The Host reads the window at LGUEST_INIT. */
	movl	$0, lguest_data + LD_NOIRQ_START
	movl	$0xFFFFFFFF, lguest_data + LD_NOIRQ_END
	HCALL	LHCALL_LGUEST_INIT, $PA(lguest_data)
	IDT	32, timer_handler, 0x8E
	movl	$0, lguest_data + LD_BLOCKED
	movl	$0x200, lguest_data + LD_IRQ_ENABLED
	HCALL	LHCALL_SET_CLOCKEVENT, $100000
	PRINT	m_waiting
1:
#ifdef HALT
	HCALL	LHCALL_HALT
#endif
	jmp	1b

/* Never reached: the window forbids it. */
timer_handler:
	CRASH	"interrupt delivered inside the noirq window"

	LGUEST_DATA
