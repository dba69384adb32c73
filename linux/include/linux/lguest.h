/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between an lguest Guest and its Host.
 *
 * Both halves include this header, and assembly code can use the numbers
 * below too, so everything that is C lives under !__ASSEMBLY__.
 *
 * A Guest asks the Host for something with a hypercall: it loads the call
 * number into %eax, up to three arguments into %edx, %ebx and %ecx (in
 * that order) and executes "int $LGUEST_TRAP_ENTRY".  Addresses passed
 * this way are guest-physical unless a call says otherwise.  The trap gate
 * is only reachable from the Guest kernel (ring 1); the Guest's user mode
 * gets a general protection fault instead.  A malformed request is not
 * answered with an error: the Host kills the Guest.
 *
 * This interface is private to one kernel version: Host and Guest are
 * always built from the same tree, so it may change at any time.
 *
 * Tour (Documentation/lguest/tour.rst): the Host-Guest ABI; read before stop 1.
 */
#ifndef _LINUX_LGUEST_H
#define _LINUX_LGUEST_H

/* Vector 31: the last one Intel reserves, unused by Linux itself. */
#define LGUEST_TRAP_ENTRY	0x1F

#define LHCALL_FLUSH_ASYNC	0	/* only makes the Host drain the ring */
#define LHCALL_LGUEST_INIT	1	/* edx: gpa of struct lguest_data */
#define LHCALL_CRASH		2	/* edx: gpa of a NUL-terminated reason */
#define LHCALL_LOAD_GDT		3	/* edx: gpa of the GDT, ebx: entries */
#define LHCALL_NEW_PGTABLE	4	/* edx: gpa of the new page directory */
#define LHCALL_FLUSH_TLB	5	/* edx: 0 = user mappings, else all */
#define LHCALL_LOAD_IDT_ENTRY	6	/* edx: vector, ebx/ecx: gate words */
#define LHCALL_SET_STACK	7	/* edx: ss, ebx: esp, ecx: pages */
#define LHCALL_TS		8	/* edx: wanted CR0.TS */
#define LHCALL_SET_CLOCKEVENT	9	/* edx: ns until the next tick, 0 off */
#define LHCALL_HALT		10	/* sleep until an interrupt is due */
/* 11 is unused: calling it is a fatal error like any unknown number. */
#define LHCALL_BIND_DMA		12	/* edx: key, ebx: dmas, ecx: num<<8|irq */
#define LHCALL_SEND_DMA		13	/* edx: key, ebx: gpa of one dma */
#define LHCALL_SET_PTE		14	/* edx: pgdir gpa, ebx: va, ecx: pte */
#define LHCALL_SET_PMD		15	/* edx: pgdir gpa, ebx: index */
#define LHCALL_LOAD_TLS		16	/* edx: gpa of the 3 TLS descriptors */
/* Our extension: edx: debug register 0-3 or 7, ebx: its new value. */
#define LHCALL_SET_DEBUGREG	17
/*
 * Our extension: the Guest's LDT, for its programs' modify_ldt().  edx:
 * Guest-VIRTUAL address of the table, page aligned (a large one is in
 * vmalloc space); ebx: entries, at most 8192 (LDT_ENTRIES), 0 for no LDT.
 * The Host keeps a sanitised copy (no system descriptors, no code of DPL
 * 0) and loads it whenever the Guest runs; changing the table afterwards
 * takes another call.  A Guest that never makes it runs with no LDT.
 */
#define LHCALL_LOAD_LDT		18

/* Clock event limits, in nanoseconds. */
#define LG_CLOCK_MIN_DELTA	100UL
#define LG_CLOCK_MAX_DELTA	ULONG_MAX

/* Entries in the asynchronous hypercall ring. */
#define LHCALL_RING_SIZE	64

/* Interrupt lines the Guest can see (one bit each in a 32-bit word). */
#define LGUEST_IRQS		32

#ifndef __ASSEMBLY__
#include <linux/types.h>

/*
 * One queued hypercall: the four registers a synchronous call would have
 * carried, in this order.
 */
struct hcall_args {
	u32 eax, edx, ebx, ecx;
};

/*
 * struct lguest_data is the page the Guest shares with the Host.  Its
 * guest-physical address is the argument of LHCALL_LGUEST_INIT, which
 * must be the Guest's first hypercall.  Both sides read and write it
 * without hypercalls, which is what makes the common operations cheap.
 */
struct lguest_data {
	/*
	 * The Guest's virtual interrupt flag: X86_EFLAGS_IF (0x200) when
	 * interrupts are enabled, 0 when not.  Disabling and enabling
	 * interrupts is just a store here; the Host clears it when it
	 * delivers an interrupt, as the hardware clears IF.
	 */
	u32 irq_enabled;
	/* Bit n set: the Guest does not want interrupt n for now. */
	u32 blocked_interrupts;

	/* Faulting address of the last page fault the Host passed on. */
	u32 cr2;

	/* Wall-clock time, kept up to date by the Host. */
	u32 time_sec;
	u32 time_nsec;

	/*
	 * The asynchronous hypercall ring.  The Guest fills a slot and sets
	 * its status to 0; the Host runs it the next time it gets control
	 * and sets the status back to 0xFF.
	 */
	u8 hcall_status[LHCALL_RING_SIZE];
	struct hcall_args hcalls[LHCALL_RING_SIZE];

	/* Filled in by the Host at LHCALL_LGUEST_INIT: */
	/* Bytes at the top of the address space the Guest must not use. */
	u32 reserve_mem;
	/* This Guest's number, e.g. for a unique network address. */
	u16 guestid;
	/* TSC frequency in kHz, or 0 if the TSC cannot be trusted. */
	u32 tsc_khz;

	/* Filled in by the Guest before LHCALL_LGUEST_INIT: */
	/*
	 * The Host never delivers an interrupt while the Guest's instruction
	 * pointer is in [noirq_start, noirq_end): the Guest's iret sequence
	 * lives there, so re-enabling interrupts and returning are atomic.
	 */
	u32 noirq_start, noirq_end;

	/*
	 * Our extension to the seed ABI, appended so that every field above
	 * keeps its seed offset.
	 *
	 * Set to 1 by the Host when an interrupt is waiting that the Guest
	 * could take but for irq_enabled being 0, and back to 0 once nothing
	 * is.  The Host delivers interrupts only when it has control, so
	 * without this an interrupt that came in while the Guest had
	 * interrupts off would wait for the next exit of any kind (up to a
	 * Host timer tick).  Instead, the Guest's irq_enable stores
	 * irq_enabled first and then looks here; if the word is set it makes
	 * any hypercall (LHCALL_FLUSH_ASYNC), on whose way back the Host
	 * delivers the interrupt.  The Host only writes this while the Guest
	 * is stopped, so that order leaves no window.  Written by the Host
	 * alone; a Guest that writes it only misleads itself.
	 */
	u32 irq_pending;

	/*
	 * Also ours: the Guest cannot read the debug status register DR6 in
	 * ring 1, so the Host stores the hardware's DR6 here before it
	 * delivers a debug exception (vector 1).  The Guest reads and
	 * clears it here as it would the register.
	 */
	u32 dr6;
};

extern struct lguest_data lguest_data;
#endif /* !__ASSEMBLY__ */

#endif /* _LINUX_LGUEST_H */
