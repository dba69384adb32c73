// SPDX-License-Identifier: GPL-2.0
/*
 * Getting traps and interrupts into the Guest.
 *
 * While a Guest runs, every vector of the real IDT leads to the Switcher
 * and back to the Host.  When the Guest should see a trap (a page fault we
 * could not fix, an int $0x80, a #GP...) or a virtual interrupt (its timer,
 * an LHREQ_IRQ from the Launcher), we do what the CPU would have done: push
 * an interrupt frame on the right Guest stack and point the Guest's eip at
 * the handler named in the Guest's own IDT.
 *
 * The Guest's "interrupts enabled" flag is not the real IF (the Guest
 * always runs with IF set, so the Host keeps its interrupts): it is
 * lguest_data.irq_enabled.  An interrupt gate clears it, as it would clear
 * IF; the pushed eflags carry it in the IF position, so the Guest's iret
 * (which restores irq_enabled from the frame) undoes it.
 *
 * Tour stop 5: start at set_guest_interrupt(); next: segments.c.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <asm/irq_vectors.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/trapnr.h>
#include "lg.h"

/* Which exceptions push an error code. */
static bool has_err(unsigned int trap)
{
	return trap == 8 || (trap >= 10 && trap <= 14) || trap == 17;
}

/* Gate fields, as in checks.c. */
#define GATE_P			BIT(15)
#define GATE_DPL(hi)		(((hi) >> 13) & 3)
#define GATE_TYPE(hi)		(((hi) >> 8) & 0xF)
#define GATE_TYPE_INTR		0xE
#define GATE_TYPE_TRAP		0xF

/*
 * Walk the Guest's current page tables the way the CPU would for a ring 1
 * access, and give the guest-physical address behind vaddr.  We use this
 * for the stack we push frames on; it works for any mapping the Guest
 * kernel could use itself (the linear map, its cpu_entry_area, vmalloc).
 */
bool lg_gva_to_gpa(struct lguest *lg, u32 vaddr, bool write, u32 *gpa)
{
	u32 gpgdir = lg->pgdirs[lg->pgdidx].gpgdir;
	u32 gpgd, gpte;

	if (lg_vaddr_is_switcher(vaddr))
		return false;
	if (lg_read_guest(lg, &gpgd, gpgdir + (vaddr >> 22) * 4, 4))
		return false;
	if (!(gpgd & 1) || !lg_gpgd_ok(gpgd, lg->pfn_limit))
		return false;
	if (write && !(gpgd & 2))
		return false;
	if (lg_read_guest(lg, &gpte, (gpgd & PAGE_MASK) +
			  ((vaddr >> PAGE_SHIFT) & 1023) * 4, 4))
		return false;
	if (!(gpte & 1) || !lg_gpte_ok(gpte, lg->pfn_limit))
		return false;
	if (write && !(gpte & 2))
		return false;
	*gpa = (gpte & PAGE_MASK) | (vaddr & ~PAGE_MASK);
	return true;
}

/* The most a trap frame holds: ss, esp, eflags, cs, eip, error code. */
#define LG_MAX_FRAME	6

/* Push one word on a Guest stack; false (Guest killed) on failure. */
static bool push_guest(struct lguest *lg, u32 *sp, u32 val)
{
	u32 gpa;

	*sp -= 4;
	if ((*sp & 3) || !lg_gva_to_gpa(lg, *sp, true, &gpa)) {
		kill_guest(lg, "bad stack address %#x while delivering a trap",
			   *sp);
		return false;
	}
	return !lg_write_guest(lg, gpa, &val, sizeof(val));
}

/*
 * Push the @n words of @words (in the order the CPU pushes them) on a
 * Guest stack.  A frame nearly always lies within one page of the stack:
 * then one walk of the Guest's page tables and one write do it, where
 * pushing word by word would walk and write once per word (six of each
 * for a trap from user mode, on every reflected page fault).  A frame
 * that straddles a page, or a stack that cannot take it, goes word by
 * word, so it fails, and kills the Guest, exactly where the CPU would.
 */
static bool push_frame(struct lguest *lg, u32 *sp, const u32 *words,
		       unsigned int n)
{
	u32 top = *sp, base = top - 4 * n, frame[LG_MAX_FRAME], gpa;
	unsigned int i;

	if (!(top & 3) && base < top &&
	    (base >> PAGE_SHIFT) == ((top - 1) >> PAGE_SHIFT) &&
	    lg_gva_to_gpa(lg, base, true, &gpa)) {
		/* The first word pushed is the highest in memory. */
		for (i = 0; i < n; i++)
			frame[n - 1 - i] = words[i];
		*sp = base;
		return !lg_write_guest(lg, gpa, frame, 4 * n);
	}
	for (i = 0; i < n; i++)
		if (!push_guest(lg, sp, words[i]))
			return false;
	return true;
}

/*
 * Deliver through IDT gate @gate, as the CPU would: switch to the ring-1
 * stack given by SET_STACK if the Guest was in user mode, push the frame,
 * jump to the handler.
 */
static bool set_guest_interrupt(struct lguest *lg, const struct lg_desc *gate,
				bool push_err)
{
	u32 sp, ss, eflags, irq_enabled, words[LG_MAX_FRAME];
	struct lguest_regs *regs = &lg->regs;
	unsigned int n = 0;

	if ((regs->cs & 3) != 1) {
		/* From ring 3 (user): use the kernel stack and save user's. */
		if (!lg->ss1) {
			kill_guest(lg, "trap from user mode before SET_STACK");
			return false;
		}
		ss = lg->ss1;
		sp = lg->esp1;
		words[n++] = regs->ss;
		words[n++] = regs->esp;
	} else {
		ss = regs->ss;
		sp = regs->esp;
	}

	/* The pushed IF is the Guest's virtual one. */
	eflags = regs->eflags & ~X86_EFLAGS_IF;
	if (lg->have_data) {
		if (get_user(irq_enabled,
			     (u32 __user *)lg_data_addr(lg, irq_enabled))) {
			kill_guest(lg, "bad lguest_data");
			return false;
		}
		eflags |= irq_enabled & X86_EFLAGS_IF;
	}

	words[n++] = eflags;
	words[n++] = regs->cs;
	words[n++] = regs->eip;
	if (push_err)
		words[n++] = regs->errcode;
	if (!push_frame(lg, &sp, words, n))
		return false;

	regs->ss = ss;
	regs->esp = sp;
	regs->cs = __KERNEL_CS | 1;
	regs->eip = (gate->lo & 0xFFFF) | (gate->hi & 0xFFFF0000);
	/* What the CPU clears on any interrupt or exception. */
	regs->eflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
			  X86_EFLAGS_VM | X86_EFLAGS_AC);

	/* An interrupt gate disables (virtual) interrupts. */
	if (GATE_TYPE(gate->hi) == GATE_TYPE_INTR && lg->have_data) {
		if (put_user(0U, (u32 __user *)lg_data_addr(lg, irq_enabled))) {
			kill_guest(lg, "bad lguest_data");
			return false;
		}
	}
	return true;
}

/*
 * Reflect trap @vector (from lg->regs.trapnum) into the Guest.  Returns
 * false if the Guest has no handler for it; the caller kills the Guest.
 */
bool lg_deliver_trap(struct lguest *lg, unsigned int vector)
{
	const struct lg_desc *gate;

	if (vector >= 256)
		return false;
	gate = &lg->idt[vector];
	if (!(gate->hi & GATE_P))
		return false;
	/*
	 * A software "int n" from user mode must respect the gate's DPL;
	 * the CPU checked that against the real IDT, whose DPLs follow the
	 * Guest's (lg_copy_idt), so there is nothing more to check here.
	 */
	return set_guest_interrupt(lg, gate, has_err(vector));
}

/* Is this a legacy instruction prefix (segment, size, lock, rep)? */
static bool is_prefix(u8 b)
{
	switch (b) {
	case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
		return true;
	}
	return false;
}

/* The byte at Guest virtual address vaddr, as the Guest kernel sees it. */
static bool read_guest_byte(struct lguest *lg, u32 vaddr, u8 *b)
{
	u32 gpa;

	return lg_gva_to_gpa(lg, vaddr, false, &gpa) &&
	       !lg_read_guest(lg, b, gpa, 1);
}

/*
 * lg_emulate_soft_int - finish an "int n" (or int3, into) the real IDT
 * refused.
 *
 * The running IDT (lg_copy_idt) keeps DPL 0 on vectors 32 and up, on
 * those that push an error code and on any the Guest gave DPL 0: there
 * the CPU answers a software interrupt with #GP, error code (n << 3) | 2.
 * Natively the Guest's own gate decides: its kernel (ring 0 to itself)
 * may use any present gate, its users those of DPL 3.  So on such a #GP
 * we look at the instruction, and if it is that software interrupt and
 * the Guest's gate allows it, we do what the CPU would have: deliver
 * vector n, with no error code, returning after the instruction.
 * Vector 18 stays the Host's (int $18 is a #GP, like 2, 8, 15 and the
 * hypercall vector, whose gates the Guest never has).  Returns true if
 * the trap was dealt with.
 */
bool lg_emulate_soft_int(struct lguest *lg)
{
	struct lguest_regs *r = &lg->regs;
	unsigned int vector = r->errcode >> 3, i;
	const struct lg_desc *gate;
	u8 op, imm;

	/* IDT bit set, EXT clear: a software interrupt's gate check. */
	if ((r->errcode & 3) != 2 || r->errcode > 0xFFFF ||
	    vector == X86_TRAP_MC)
		return false;
	gate = &lg->idt[vector];
	if (!(gate->hi & GATE_P) ||
	    ((r->cs & 3) != 1 && GATE_DPL(gate->hi) < (r->cs & 3)))
		return false;

	/* At most 14 prefixes: an instruction is no longer than 15 bytes. */
	for (i = 0; i < 15; i++) {
		if (!read_guest_byte(lg, r->eip + i, &op))
			return false;
		if (!is_prefix(op))
			break;
	}
	if (i == 15)
		return false;
	if (op == 0xCD) {			/* int imm8 */
		if (!read_guest_byte(lg, r->eip + i + 1, &imm) || imm != vector)
			return false;
		i += 2;
	} else if ((op == 0xCC && vector == X86_TRAP_BP) ||	/* int3 */
		   (op == 0xCE && vector == X86_TRAP_OF)) {	/* into */
		i += 1;
	} else {
		return false;
	}
	r->eip += i;
	set_guest_interrupt(lg, gate, false);
	return true;
}

/* LHCALL_LOAD_IDT_ENTRY(vector, lo, hi). */
void lg_load_idt_entry(struct lguest *lg, u32 vector, u32 lo, u32 hi)
{
	struct lg_desc gate;
	int err = lg_sanitise_idt_entry(vector, lo, hi, &gate);

	if (err == 1)
		return;
	if (err == -ERANGE) {
		kill_guest(lg, "bad IDT vector %u", vector);
		return;
	}
	if (err) {
		kill_guest(lg, "bad IDT type %#x for vector %u",
			   (hi >> 8) & 0x1F, vector);
		return;
	}
	lg->idt[vector] = gate;
	lg->changed |= LG_CHANGED_IDT;
}

/* A real IDT gate: interrupt gate to @addr in LGUEST_CS at @dpl. */
static struct lg_desc switcher_gate(unsigned long addr, unsigned int dpl)
{
	struct lg_desc g;

	g.lo = (addr & 0xFFFF) | (LGUEST_CS << 16);
	g.hi = (addr & 0xFFFF0000) | GATE_P | (dpl << 13) | (GATE_TYPE_INTR << 8);
	return g;
}

/*
 * System calls without a Host exit.  A user's "int $0x80" can go straight
 * to the Guest kernel if the real IDT holds the Guest's own gate: the CPU
 * then switches to the ring-1 stack in the TSS (which we keep equal to
 * SET_STACK's) and pushes the frame itself.  We allow it for a gate that
 * the Guest made a trap gate with DPL 3 into its kernel, once it has a
 * stack: an interrupt gate would clear the real interrupt flag, leaving
 * the Host's interrupts off while the Guest runs.  The gate was sanitised
 * on its way in (lg_load_idt_entry), so its selector is the Guest's ring-1
 * code segment and the CPU cannot end up in ring 0.  If the stack is not
 * in the shadow tables yet, the push faults, we fill the entry in and the
 * int $0x80 runs again.
 */
bool lg_direct_syscall_ok(const struct lguest *lg)
{
	const struct lg_desc *g = &lg->idt[IA32_SYSCALL_VECTOR];
	u32 off = (g->lo & 0xFFFF) | (g->hi & 0xFFFF0000);

	return (g->hi & GATE_P) && GATE_TYPE(g->hi) == GATE_TYPE_TRAP &&
	       GATE_DPL(g->hi) == 3 && lg->ss1 &&
	       off >= lg->page_offset && !lg_vaddr_is_switcher(off);
}

/*
 * Fill the real IDT used while this Guest runs.  Every vector goes to its
 * Switcher stub; what the Guest's IDT changes is the DPL of vectors a
 * program can raise with "int n": the CPU checks the DPL, so a Guest
 * user's int $0x80 or int3 reaches us only if the Guest's gate allows
 * ring 3.  Vectors from 32 up (except 0x80) keep DPL 0: "int n" on them
 * gives a #GP, so whatever arrives there really is a Host interrupt.
 * The hypercall vector is DPL 1: the Guest kernel may use it, its users
 * may not.  The one exception to "every vector goes to its stub" is the
 * system call gate when lg_direct_syscall_ok().  Exceptions that push an error code stay DPL 0 too: an
 * "int $14" pushes none, and the Switcher's stub would misread the frame.
 * So does the machine check (as the NMI, whose gate the Guest cannot set):
 * the Host hands vector 18 to its own handler, which a Guest's "int $18"
 * must not reach.
 */
void lg_copy_idt(const struct lguest *lg, struct lg_desc *idt,
		 const unsigned long *stubs)
{
	unsigned int v, dpl;

	for (v = 0; v < 256; v++) {
		if (v == IA32_SYSCALL_VECTOR && lg_direct_syscall_ok(lg)) {
			idt[v] = lg->idt[v];
			continue;
		}
		dpl = 0;
		if (v == LGUEST_TRAP_ENTRY)
			dpl = 1;
		else if ((v < 32 || v == 0x80) && !has_err(v) &&
			 v != X86_TRAP_MC && (lg->idt[v].hi & GATE_P))
			dpl = GATE_DPL(lg->idt[v].hi);
		idt[v] = switcher_gate(stubs[v], dpl);
	}
}

/* LHCALL_SET_STACK(ss, esp, pages). */
void lg_set_stack(struct lguest *lg, u32 ss, u32 esp, u32 pages)
{
	int err = lg_check_set_stack(ss, pages);

	if (err == -E2BIG) {
		kill_guest(lg, "SET_STACK: too many stack pages %u", pages);
		return;
	}
	if (err) {
		kill_guest(lg, "bad stack segment %#x", ss);
		return;
	}
	/*
	 * We push most frames ourselves, through a walk of the Guest's page
	 * tables, and a direct system call whose push faults is simply run
	 * again once the shadow entry is there, so the stack need not be
	 * pinned in the shadow tables; a stack that is not mapped when we
	 * need it kills the Guest then.
	 */
	/* Whether int $0x80 may go direct depends on having a stack. */
	if (!lg->ss1)
		lg->changed |= LG_CHANGED_IDT;
	lg->ss1 = ss;
	lg->esp1 = esp;
	lg->stack_pages = pages;
}

/* Publish the wall-clock time in lguest_data.time. */
void lg_write_timestamp(struct lguest *lg)
{
	struct timespec64 now;
	u32 ts[2];

	ktime_get_real_ts64(&now);
	/* Two 32-bit words, time_sec then time_nsec, whatever time_t is. */
	ts[0] = (u32)now.tv_sec;
	ts[1] = (u32)now.tv_nsec;
	lg_write_guest(lg, lg_data_addr(lg, time_sec), ts, sizeof(ts));
}

/*
 * Is the Guest inside its "noirq" window, where it must not be interrupted?
 * The window is the Guest's choice and may cover anything, even its HALT.
 */
static bool in_noirq_window(const struct lguest *lg)
{
	return lg->regs.eip >= lg->noirq_start && lg->regs.eip < lg->noirq_end;
}

/* The lowest pending, unmasked virtual IRQ, or LGUEST_IRQS for none. */
static unsigned int next_irq(struct lguest *lg)
{
	u32 blocked;
	unsigned long cand;

	if (!lg->have_data || !READ_ONCE(lg->irqs_pending))
		return LGUEST_IRQS;
	if (get_user(blocked,
		     (u32 __user *)lg_data_addr(lg, blocked_interrupts))) {
		kill_guest(lg, "bad lguest_data");
		return LGUEST_IRQS;
	}
	cand = READ_ONCE(lg->irqs_pending) & ~(unsigned long)blocked;
	return cand ? __ffs(cand) : LGUEST_IRQS;
}

/*
 * For HALT: the interrupts that would wake the Guest, i.e. those it has
 * not masked and has a handler for.  None can while it sits in its noirq
 * window: lg_maybe_do_interrupt() would not deliver them, so they must
 * not stop it sleeping either (or the run loop would spin).
 */
unsigned long lg_irq_wake_mask(struct lguest *lg)
{
	unsigned long mask = 0;
	unsigned int irq;
	u32 blocked;

	if (!lg->have_data || in_noirq_window(lg))
		return 0;
	if (get_user(blocked,
		     (u32 __user *)lg_data_addr(lg, blocked_interrupts))) {
		kill_guest(lg, "bad lguest_data");
		return 0;
	}
	for (irq = 0; irq < LGUEST_IRQS; irq++)
		if (!(blocked & (1U << irq)) && (lg->idt[32 + irq].hi & GATE_P))
			mask |= 1UL << irq;
	return mask;
}

/*
 * Keep lguest_data.irq_pending saying whether an interrupt waits only for
 * the Guest to enable interrupts.  We write it only when that changes.
 */
static void tell_irq_pending(struct lguest *lg, bool pending)
{
	u32 val = pending;

	if (!lg->have_data || lg->irq_pending_told == pending)
		return;
	if (put_user(val, (u32 __user *)lg_data_addr(lg, irq_pending))) {
		kill_guest(lg, "bad lguest_data");
		return;
	}
	lg->irq_pending_told = pending;
}

/*
 * Before each entry: deliver the lowest pending unmasked interrupt if the
 * Guest can take it now.
 */
void lg_maybe_do_interrupt(struct lguest *lg)
{
	unsigned int irq = next_irq(lg);
	u32 irq_enabled;

	if (irq >= LGUEST_IRQS) {
		tell_irq_pending(lg, false);
		return;
	}

	/* Never inside the Guest's "noirq" window (its iret sequence). */
	if (in_noirq_window(lg))
		return;

	if (lg->halted) {
		/* HALT means "enable interrupts and wait". */
		if (put_user((u32)X86_EFLAGS_IF,
			     (u32 __user *)lg_data_addr(lg, irq_enabled))) {
			kill_guest(lg, "bad lguest_data");
			return;
		}
		lg->halted = false;
	} else {
		if (get_user(irq_enabled,
			     (u32 __user *)lg_data_addr(lg, irq_enabled))) {
			kill_guest(lg, "bad lguest_data");
			return;
		}
		if (!(irq_enabled & X86_EFLAGS_IF)) {
			/* Its irq_enable will see this and come back. */
			tell_irq_pending(lg, true);
			return;
		}
	}

	/* No handler yet: leave it pending. */
	if (!(lg->idt[32 + irq].hi & GATE_P))
		return;

	clear_bit(irq, &lg->irqs_pending);
	lg_stat_inc(lg, LG_STAT_IRQ);
	if (set_guest_interrupt(lg, &lg->idt[32 + irq], false))
		lg_write_timestamp(lg);
	/*
	 * The handler runs with interrupts off; if another one is waiting,
	 * the next entry says so again.
	 */
	tell_irq_pending(lg, false);
}

/*
 * The Guest's clock event: a one-shot hrtimer.  When it fires, virtual
 * IRQ 0 becomes pending and the Launcher task is woken in case the Guest
 * is HALTed.
 */
static enum hrtimer_restart clockdev_fn(struct hrtimer *timer)
{
	struct lguest *lg = container_of(timer, struct lguest, hrt);

	set_bit(0, &lg->irqs_pending);
	wake_up_process(lg->tsk);
	return HRTIMER_NORESTART;
}

void lg_init_clockdev(struct lguest *lg)
{
	hrtimer_init(&lg->hrt, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	lg->hrt.function = clockdev_fn;
}

/* LHCALL_SET_CLOCKEVENT(delta ns): 0 stops the timer. */
void lg_set_clockevent(struct lguest *lg, u32 delta)
{
	if (!delta) {
		hrtimer_cancel(&lg->hrt);
		return;
	}
	/* The Guest promised never to ask for less; hold it to that. */
	if (delta < LG_CLOCK_MIN_DELTA)
		delta = LG_CLOCK_MIN_DELTA;
	hrtimer_start(&lg->hrt, ns_to_ktime(delta), HRTIMER_MODE_REL);
}
