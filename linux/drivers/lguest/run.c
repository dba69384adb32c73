// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop: the body of the Launcher's read() of /dev/lguest.
 *
 * Each turn runs the Guest's pending hypercalls, gives it a waiting
 * interrupt, switches to it once (core.c) and, when it comes back, looks
 * at why: a hypercall, a page fault the shadow page tables can fill
 * (page_tables.c), a trap to reflect into the Guest
 * (interrupts_and_traps.c), or a Host interrupt that was already handled.
 * The loop returns to the Launcher only when there is something for it: a
 * DMA to a key the Host does not know (dma.c), a signal, LHREQ_BREAK, or
 * a dead Guest.
 *
 * Tour stop 3: the run loop after each exit; next: page_tables.c (stop 4).
 */
#include <linux/freezer.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <asm/trapnr.h>
#include <asm/irq_vectors.h>
#include "lg.h"

/*
 * A Guest kernel probing I/O ports gets a #GP (it has no I/O privilege).
 * Emulate "nothing there": outs are dropped, ins read all ones.  Only
 * in/out with an immediate port or %dx, with an optional 0x66 prefix.
 */
static bool emulate_insn(struct lguest *lg)
{
	struct lguest_regs *r = &lg->regs;
	u8 insn[2];
	u32 gpa, len = 1;
	bool in = false, word = false;

	if ((r->cs & 3) != 1 || r->errcode || r->eip < lg->page_offset)
		return false;
	if (!lg_gva_to_gpa(lg, r->eip, false, &gpa) ||
	    (gpa & ~PAGE_MASK) > PAGE_SIZE - 2 ||
	    lg_read_guest(lg, insn, gpa, 2))
		return false;

	if (insn[0] == 0x66) {
		word = true;
		len = 2;
		insn[0] = insn[1];
	}
	switch (insn[0]) {
	case 0xE4:		/* in $imm8, %al */
	case 0xE5:		/* in $imm8, %eax */
		in = true;
		fallthrough;
	case 0xE6:		/* out %al, $imm8 */
	case 0xE7:		/* out %eax, $imm8 */
		len++;
		break;
	case 0xEC:		/* in (%dx), %al */
	case 0xED:		/* in (%dx), %eax */
		in = true;
		break;
	case 0xEE:		/* out %al, (%dx) */
	case 0xEF:		/* out %eax, (%dx) */
		break;
	default:
		return false;
	}
	if (in) {
		if (!(insn[0] & 1))
			r->eax |= 0xFF;
		else if (word)
			r->eax |= 0xFFFF;
		else
			r->eax = 0xFFFFFFFF;
	}
	r->eip += len;
	return true;
}

/* After an exit: what happened, and what to do about it. */
static void handle_trap(struct lguest *lg)
{
	struct lguest_regs *r = &lg->regs;
	unsigned int trap = r->trapnum;

	switch (trap) {
	case LGUEST_TRAP_ENTRY:
		/* A hypercall: the top of the run loop deals with it. */
		return;
	case X86_TRAP_NMI:
	case X86_TRAP_MC:
		/* The Host's: core.c has handed it to the Host already. */
		return;
	case X86_TRAP_GP:
		if (emulate_insn(lg) || lg_emulate_soft_int(lg))
			return;
		break;
	case X86_TRAP_PF:
		if (lg_demand_page(lg, lg->cr2, r->errcode) || lg->dead)
			return;
		/* The Guest's own fault: tell it where, then reflect it. */
		lg_stat_inc(lg, LG_STAT_PF_GUEST);
		if (lg->have_data &&
		    lg_write_guest(lg, lg_data_addr(lg, cr2), &lg->cr2, 4))
			return;
		break;
	case X86_TRAP_DB:
		/* The Guest's handler reads DR6 from lguest_data. */
		lg_tell_dr6(lg);
		break;
	}

	if (trap >= LG_TRAP_SWITCHER_FAULT) {
		kill_guest(lg,
			   "fault %u while loading guest state (cs %#x ss %#x ds %#x es %#x fs %#x gs %#x)",
			   trap - LG_TRAP_SWITCHER_FAULT, lg->regs.cs,
			   lg->regs.ss, lg->regs.ds, lg->regs.es,
			   lg->regs.fs, lg->regs.gs);
		return;
	}
	/* A Host interrupt: handled already. */
	if (trap >= FIRST_EXTERNAL_VECTOR && trap != IA32_SYSCALL_VECTOR)
		return;

	if (!lg_deliver_trap(lg, trap))
		kill_guest(lg, "unhandled trap %u at %#x (%#x)", trap, r->eip,
			   trap == X86_TRAP_PF ? lg->cr2 : r->errcode);
	else
		lg_stat_inc(lg, LG_STAT_REFLECT);
}

/* HALT: sleep until an interrupt the Guest can take, a break or a signal. */
static void halt_sleep(struct lguest *lg)
{
	unsigned long wake = lg_irq_wake_mask(lg);
	u64 start, slept;

	if (lg->dead)
		return;
	start = lg_stat_clock();
	set_current_state(TASK_INTERRUPTIBLE);
	if (!(READ_ONCE(lg->irqs_pending) & wake) &&
	    !atomic_read(&lg->break_out) && !signal_pending(current))
		schedule();
	__set_current_state(TASK_RUNNING);
	/* Asleep is not time spent on the exit: leave it out of that. */
	slept = lg_stat_clock() - start;
	lg->stats.exit_at += slept;
	lg_stat_add(lg, LG_STAT_HALT, slept);
}

/*
 * The last exit is dealt with (we are about to enter the Guest again, or
 * to go out to the Launcher): count it under its reason, with the Host
 * time it took.
 */
static void exit_done(struct lguest *lg, u64 now)
{
	struct lg_stats *s = &lg->stats;

	if (s->reason)
		lg_stat_add(lg, s->reason, now - s->exit_at);
	s->reason = 0;
}

/*
 * One entry, counted: the time inside goes to EXITS, and why it came back
 * is noted for exit_done() (a hypercall's exit is trap 31's; the call is
 * counted again by number when it runs).
 */
static bool run_guest_counted(struct lguest *lg)
{
	struct lg_stats *s = &lg->stats;
	u64 now = lg_stat_clock();

	exit_done(lg, now);
	if (!lg_run_guest_once(lg))
		return false;
	s->exit_at = lg_stat_clock();
	lg_stat_add(lg, LG_STAT_EXITS, s->exit_at - now);
	s->reason = lg_stat_of_exit(lg->regs.trapnum);
	return true;
}

/* Out to the Launcher: note when, so the time out there is counted. */
static int to_launcher(struct lguest *lg, int ret)
{
	lg->stats.left_at = lg_stat_clock();
	exit_done(lg, lg->stats.left_at);
	return ret;
}

/*
 * lguest_run - the body of read(): run the Guest until the Launcher has
 * something to do.  Returns 8 (a DMA for the Launcher, written to @user),
 * -EAGAIN (LHREQ_BREAK), -ERESTARTSYS (signal) or -ENOENT (Guest dead).
 */
int lguest_run(struct lguest *lg, u32 __user *user)
{
	struct lg_stats *s = &lg->stats;

	if (s->left_at)
		lg_stat_add(lg, LG_STAT_LAUNCHER, lg_stat_clock() - s->left_at);
	s->left_at = 0;
	while (!lg->dead) {
		/*
		 * Each turn of this loop is bounded work, but a Guest can
		 * make the turns go on forever without ever sleeping: give
		 * the CPU away whenever the scheduler wants it, whatever
		 * path the last turn took.
		 */
		cond_resched();
		do_hypercalls(lg);
		if (lg->dead)
			break;

		if (lg->dma_pending) {
			u32 out[2] = { lg->pending_dma, lg->pending_key };

			return to_launcher(lg, copy_to_user(user, out,
							    sizeof(out)) ?
					   -EFAULT : sizeof(out));
		}
		if (signal_pending(current))
			return to_launcher(lg, -ERESTARTSYS);
		if (atomic_read(&lg->break_out))
			return to_launcher(lg, -EAGAIN);

		lg_maybe_do_interrupt(lg);
		try_to_freeze();
		if (lg->dead)
			break;

		if (lg->halted) {
			halt_sleep(lg);
			continue;
		}

		/*
		 * The Switcher returns to the Guest with iret from ring 0: an
		 * RPL 0 code or stack selector would keep the Guest in ring 0.
		 * Nothing we build has one; make sure nothing ever does.
		 */
		if (!(lg->regs.cs & 3) || !(lg->regs.ss & 3)) {
			kill_guest(lg, "bad cs %#x / ss %#x", lg->regs.cs,
				   lg->regs.ss);
			break;
		}

		/*
		 * The shadow must not map what the Launcher has just taken
		 * away; if more changes come in before the switch, go round.
		 */
		if (!lg_mmu_sync(lg) || !run_guest_counted(lg))
			continue;
		handle_trap(lg);
	}
	return -ENOENT;
}

