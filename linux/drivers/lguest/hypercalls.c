// SPDX-License-Identifier: GPL-2.0
/*
 * What the Guest asks of us.
 *
 * A synchronous hypercall is an "int $LGUEST_TRAP_ENTRY" in the Guest,
 * which brings us back to the run loop with trapnum 31 and the call in the
 * saved registers.  Asynchronous ones are queued by the Guest in the ring
 * inside lguest_data and run on every exit, before any synchronous call of
 * that exit, so the Guest's order is kept.
 *
 * Every argument comes from the Guest and is checked where it is used; a
 * call we do not know kills the Guest.
 *
 * Tour stop 2, hypercalls: start at do_hcall(); next: core.c (stop 3).
 */
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/lguest_launcher.h>
#include <asm/tsc.h>
#include <asm/cpufeature.h>
#include "lg.h"

#define CRASH_MSG_MAX	128

/*
 * The crash text goes to the Host's log and to the Launcher.  Keep it one
 * line of plain printable ASCII, so that a Guest cannot start lines of its
 * own in the Host's log ("\nBUG: ...") or send terminal escapes: every
 * other byte becomes '?'.  Its length is bounded by the caller.
 */
static void sanitise_crash_text(char *msg)
{
	unsigned char c;

	for (; *msg; msg++) {
		c = *msg;
		if (c < ' ' || c > '~')
			*msg = '?';
	}
}

/* LHCALL_CRASH(gpa of a NUL-terminated message). */
static void guest_crash(struct lguest *lg, u32 gpa)
{
	char msg[CRASH_MSG_MAX];
	u32 limit = lg->pfn_limit << PAGE_SHIFT;
	u32 len = CRASH_MSG_MAX - 1;
	long got;

	/* Read no further than the Guest may let us (lg_range_ok's rule). */
	if (gpa >= limit) {
		kill_guest(lg, "CRASH with bad message address %#x", gpa);
		return;
	}
	if (len > limit - 1 - gpa)
		len = limit - 1 - gpa;
	got = strncpy_from_user(msg, (const char __user *)gpa, len);
	if (got < 0) {
		kill_guest(lg, "CRASH with unreadable message at %#x", gpa);
		return;
	}
	msg[got] = '\0';
	sanitise_crash_text(msg);
	lg_guest_crashed(lg, msg);
}

/*
 * Carry out one hypercall.  @ret is where a result goes (the Guest's eax
 * for a synchronous call); the async ring discards results.
 */
static void run_hcall(struct lguest *lg, const struct hcall_args *h, u32 *ret)
{
	switch (h->eax) {
	case LHCALL_FLUSH_ASYNC:
		/* Nothing: the ring was drained on the way here. */
		break;
	case LHCALL_LGUEST_INIT:
		kill_guest(lg, "already have lguest_data");
		break;
	case LHCALL_CRASH:
		guest_crash(lg, h->edx);
		break;
	case LHCALL_LOAD_GDT:
		lg_load_gdt(lg, h->edx, h->ebx);
		break;
	case LHCALL_NEW_PGTABLE:
		lg_new_pagetable(lg, h->edx);
		break;
	case LHCALL_FLUSH_TLB:
		if (h->edx)
			lg_guest_pagetable_clear_all(lg);
		else
			lg_flush_user_mappings(lg);
		break;
	case LHCALL_LOAD_IDT_ENTRY:
		lg_load_idt_entry(lg, h->edx, h->ebx, h->ecx);
		break;
	case LHCALL_SET_STACK:
		lg_set_stack(lg, h->edx, h->ebx, h->ecx);
		break;
	case LHCALL_TS:
		lg->ts = h->edx != 0;
		break;
	case LHCALL_SET_CLOCKEVENT:
		lg_set_clockevent(lg, h->edx);
		break;
	case LHCALL_HALT:
		lg->halted = true;
		break;
	case LHCALL_BIND_DMA:
		*ret = lg_bind_dma(lg, h->edx, h->ebx, h->ecx);
		break;
	case LHCALL_SEND_DMA:
		lg_send_dma(lg, h->edx, h->ebx);
		break;
	case LHCALL_SET_PTE:
		lg_guest_set_pte(lg, h->edx, h->ebx, h->ecx);
		break;
	case LHCALL_SET_PMD:
		lg_guest_set_pmd(lg, h->edx, h->ebx);
		break;
	case LHCALL_LOAD_TLS:
		lg_load_tls(lg, h->edx);
		break;
	case LHCALL_SET_DEBUGREG:
		lg_set_debugreg(lg, h->edx, h->ebx);
		break;
	case LHCALL_LOAD_LDT:
		lg_load_ldt(lg, h->edx, h->ebx);
		break;
	default:
		kill_guest(lg, "Bad hypercall %u", h->eax);
		break;
	}
}

/* The same, counted and timed under @stat (LG_STAT_HCALL or _ASYNC) + n. */
static void do_hcall(struct lguest *lg, const struct hcall_args *h, u32 *ret,
		     unsigned int stat)
{
	u64 start = lg_stat_clock();

	run_hcall(lg, h, ret);
	if (h->eax < LG_NR_HCALLS)
		lg_stat_add(lg, stat + h->eax, lg_stat_clock() - start);
}

/*
 * Run what the Guest queued in the ring, in order, at most one lap.  This
 * runs on every exit, and the ring is nearly always empty: so we look at
 * one status byte at a time, the next slot's first (a get_user() of
 * lguest_data, whose place was checked at LGUEST_INIT), rather than
 * copying the whole status array in each time.
 */
static void do_async_hcalls(struct lguest *lg)
{
	struct hcall_args h;
	unsigned int n, i;
	u32 ignored;
	u8 done = LHCALL_STATUS_DONE, status;

	/* As lg_read_guest() would: Guest memory is the Launcher's only. */
	if (current->mm != lg->mm) {
		kill_guest(lg, "async ring read outside the Launcher");
		return;
	}
	for (n = 0; n < LHCALL_RING_SIZE; n++) {
		i = lg->next_hcall;
		if (get_user(status, (u8 __user *)
			     lg_data_addr(lg, hcall_status[i]))) {
			kill_guest(lg, "bad lguest_data");
			return;
		}
		if (status == LHCALL_STATUS_DONE)
			break;
		lg->next_hcall = (i + 1) % LHCALL_RING_SIZE;

		if (lg_read_guest(lg, &h, lg_data_addr(lg, hcalls[i]),
				  sizeof(h)))
			return;
		do_hcall(lg, &h, &ignored, LG_STAT_ASYNC);
		if (lg_write_guest(lg, lg_data_addr(lg, hcall_status[i]),
				   &done, 1))
			return;
		if (lg->dma_pending || lg->dead)
			break;
	}
}

/*
 * LHCALL_LGUEST_INIT(gpa): the Guest tells us where its lguest_data is.
 * It must be the first hypercall.  We read the Guest's noirq window and
 * fill in what the Guest needs from us.
 */
static void guest_init(struct lguest *lg)
{
	struct lguest_regs *r = &lg->regs;
	u32 gpa = r->edx, reserve = LGUEST_RESERVE_MEM, khz = 0;
	u16 id = lg->guestid;

	/*
	 * Anything else first is fatal.  A CRASH still gets its message
	 * through: a Guest that dies this early has nothing else to say.
	 */
	if (r->eax == LHCALL_CRASH) {
		guest_crash(lg, r->edx);
		return;
	}
	if (r->eax != LHCALL_LGUEST_INIT) {
		kill_guest(lg, "hypercall %u before LGUEST_INIT", r->eax);
		return;
	}
	if (!lg_range_ok(gpa, sizeof(struct lguest_data), lg->pfn_limit)) {
		kill_guest(lg, "bad lguest_data address %#x", gpa);
		return;
	}
	lg->data_gpa = gpa;

	/* The TSC is only worth advertising if its rate never changes. */
	if (boot_cpu_has(X86_FEATURE_CONSTANT_TSC) && !check_tsc_unstable())
		khz = tsc_khz;

	if (lg_read_guest(lg, &lg->noirq_start, lg_data_addr(lg, noirq_start), 4) ||
	    lg_read_guest(lg, &lg->noirq_end, lg_data_addr(lg, noirq_end), 4) ||
	    lg_write_guest(lg, lg_data_addr(lg, reserve_mem), &reserve, 4) ||
	    lg_write_guest(lg, lg_data_addr(lg, guestid), &id, 2) ||
	    lg_write_guest(lg, lg_data_addr(lg, tsc_khz), &khz, 4))
		return;
	lg->have_data = true;
	lg_write_timestamp(lg);
}

/* Called at the top of every run-loop iteration. */
void do_hypercalls(struct lguest *lg)
{
	struct lguest_regs *r = &lg->regs;

	if (!lg->have_data) {
		if (r->trapnum == LGUEST_TRAP_ENTRY) {
			lg_stat_inc(lg, LG_STAT_HCALL + LHCALL_LGUEST_INIT);
			guest_init(lg);
			r->trapnum = LG_TRAP_DONE;
		}
		return;
	}

	do_async_hcalls(lg);

	if (!lg->dma_pending && !lg->dead && r->trapnum == LGUEST_TRAP_ENTRY) {
		struct hcall_args h = {
			.eax = r->eax, .edx = r->edx, .ebx = r->ebx, .ecx = r->ecx,
		};

		/* Mark it done first: the call may leave for the Launcher. */
		r->trapnum = LG_TRAP_DONE;
		do_hcall(lg, &h, &r->eax, LG_STAT_HCALL);
	}
}
