// SPDX-License-Identifier: GPL-2.0
/*
 * The Guest's debug registers.
 *
 * mov to or from a debug register needs ring 0, so a Guest sets DR0-DR3
 * and DR7 by hypercall (LHCALL_SET_DEBUGREG) and reads DR6 from
 * lguest_data, where we put it before we deliver a debug exception.
 * This is what makes a debugger's watchpoints (ptrace, gdb, perf) and the
 * single-step status work in a Guest as they do natively.
 *
 * The hardware registers are the Host's the rest of the time.  Around a
 * run, with interrupts off, we load the Guest's breakpoints (or clear DR7
 * if only the Host has some, so that they cannot fire in the Guest), and
 * afterwards clear them and put the Host's back, as KVM does.  A Guest
 * without breakpoints on a Host without any costs nothing here.
 *
 * Tour stop 5: the Guest's debug registers; next: dma.c (stop 6).
 */
#include <linux/sched.h>
#include <asm/debugreg.h>
#include <asm/hw_breakpoint.h>
#include <asm/trapnr.h>
#include "lg.h"

/* LHCALL_SET_DEBUGREG(regno, value). */
void lg_set_debugreg(struct lguest *lg, u32 regno, u32 value)
{
	if (regno < 4) {
		lg->dr[regno] = value;
	} else if (regno == 7) {
		lg->dr7 = value;
	} else {
		kill_guest(lg, "bad debug register %u", regno);
		return;
	}
	/* Only the Guest's user space: see lg_dr7_allowed(). */
	lg->dr7_load = lg_dr7_allowed(lg->dr, lg->dr7,
				      min_t(u32, lg->page_offset, TASK_SIZE));
}

/* Just before the switch, interrupts off. */
void lg_debugregs_enter(struct lguest *lg)
{
	unsigned int i;

	if (!lg->dr7_load && !hw_breakpoint_active())
		return;
	if (lg->dr7_load)
		for (i = 0; i < 4; i++)
			set_debugreg(lg->dr[i], i);
	set_debugreg(lg->dr7_load, 7);
}

/*
 * Right after it, interrupts still off.  A debug exception's status is
 * read now, before anything else can change DR6, and DR6 is reset as the
 * kernel's own handler would.
 */
void lg_debugregs_exit(struct lguest *lg, unsigned int trap)
{
	if (trap == X86_TRAP_DB) {
		get_debugreg(lg->dr6, 6);
		set_debugreg(DR6_RESERVED, 6);
	}
	if (!lg->dr7_load && !hw_breakpoint_active())
		return;
	if (hw_breakpoint_active())
		hw_breakpoint_restore();
	else
		set_debugreg(0, 7);
}

/* Before a debug exception goes to the Guest: the DR6 it will read. */
void lg_tell_dr6(struct lguest *lg)
{
	if (lg->have_data)
		lg_write_guest(lg, lg_data_addr(lg, dr6), &lg->dr6, 4);
}
