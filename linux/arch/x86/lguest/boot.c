// SPDX-License-Identifier: GPL-2.0
/*
 * The lguest Guest: booting under an lguest Host, and the paravirt ops.
 *
 * An lguest Guest is an ordinary i386 kernel that runs in ring 1.  It
 * cannot execute anything privileged (cli, sti, loads of %cr3, the GDT or
 * the IDT, wrmsr, hlt...) and it does not own the page tables the CPU
 * walks: the Host keeps "shadow" copies built from the Guest's own tables.
 * So every such operation becomes a paravirt op here, implemented either
 * with a plain access to struct lguest_data (the page the Guest shares with
 * the Host) or with a hypercall.
 *
 * How we get here: the Launcher starts the kernel at startup_32 with
 * boot_params.hdr.hardware_subarch = X86_SUBARCH_LGUEST; startup_32 does
 * its unprivileged work and jumps to lguest_entry (head_32.S), which
 * introduces us to the Host (LHCALL_LGUEST_INIT), moves to the kernel's
 * initial page tables and calls lguest_init() below, at its virtual
 * address.  lguest_init() installs the pv ops and the platform hooks and
 * then goes on exactly like a native boot, at i386_start_kernel().
 *
 * The Guest has a single CPU: the Host runs one virtual CPU per Guest.
 * Several places below rely on that and say so.
 *
 * Tour stop 1, Guest boot, and the Guest's half of 2, 4, 5; next: hypercalls.c.
 */
#include <linux/clockchips.h>
#include <linux/clocksource.h>
#include <linux/console.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/pm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/acpi.h>
#include <asm/cpufeature.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/e820/api.h>
#include <asm/fixmap.h>
#include <asm/hw_irq.h>
#include <asm/i8259.h>
#include <asm/irq_vectors.h>
#include <asm/paravirt.h>
#include <asm/pci_x86.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/proto.h>
#include <asm/reboot.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/text-patching.h>
#include <asm/tlbflush.h>
#include <asm/x86_init.h>

#include <linux/lguest_launcher.h>

#include "lg_guest.h"

/* Status values of the async ring (lguest_data.hcall_status). */
#define LG_HCALL_FREE		0xFF	/* done (Host) or never used */
#define LG_HCALL_PENDING	0	/* queued by us, not run yet */

/*
 * The page we share with the Host.  Its guest-physical address is the
 * argument of LHCALL_LGUEST_INIT, made in head_32.S before any other
 * hypercall.  Interrupts start out disabled and the timer line masked
 * (until lguest_time_init() unmasks it); every ring slot starts free.
 */
struct lguest_data lguest_data = {
	.irq_enabled = 0,
	.blocked_interrupts = 1 << 0,
	.hcall_status = { [0 ... LHCALL_RING_SIZE - 1] = LG_HCALL_FREE },
	.noirq_start = (u32)lguest_noirq_iret,
	.noirq_end = (u32)lguest_noirq_end,
	.dr6 = DR6_RESERVED,
};

/*
 * Guest-physical address of a kernel virtual address.  Nearly everything
 * we hand the Host lives in the linear map, where __pa() does it.  The
 * exception is the cpu_entry_area, whose GDT and IDT aliases 6.12 loads:
 * those we look up in the page tables.  (Before high_memory is known only
 * the kernel image is in use, which is in the linear map.)
 */
unsigned long lguest_gpa(const void *addr)
{
	if (!high_memory || (addr >= (void *)PAGE_OFFSET && addr < high_memory))
		return __pa(addr);
	return slow_virt_to_phys((void *)addr);
}
EXPORT_SYMBOL_GPL(lguest_gpa);

/* For modules, which may not reach into lguest_data itself. */
u16 lguest_guest_id(void)
{
	return READ_ONCE(lguest_data.guestid);
}
EXPORT_SYMBOL_GPL(lguest_guest_id);

/*
 * Batching.
 *
 * Most page-table and context-switch notifications need not reach the
 * Host at once: Linux brackets runs of them with "lazy" modes (lazy MMU
 * around page-table walks, lazy CPU around a context switch), and only
 * promises that they take effect when the mode is left.  While one of
 * those modes is on we queue them in lguest_data's ring instead of
 * trapping for each one; the Host runs the ring on its next exit, always
 * before the hypercall that caused that exit.  So leaving the mode needs
 * just one LHCALL_FLUSH_ASYNC, and only if something was queued.
 *
 * One CPU, so these are plain variables; they are only changed with
 * interrupts off or from the CPU's own context.
 */
#define LG_LAZY_MMU	1
#define LG_LAZY_CPU	2
static unsigned int lguest_lazy_mode;
static unsigned int lguest_next_call;
static unsigned int lguest_last_call;
static bool lguest_ring_used;

static void lguest_async_hcall(unsigned long call, unsigned long arg1,
			       unsigned long arg2, unsigned long arg3)
{
	unsigned int i;
	unsigned long flags;

	local_irq_save(flags);
	i = lguest_next_call;
	if (READ_ONCE(lguest_data.hcall_status[i]) != LG_HCALL_FREE) {
		/*
		 * The ring is full.  A synchronous call makes the Host
		 * drain it first, so the order is still kept.
		 */
		lguest_hcall(call, arg1, arg2, arg3);
	} else {
		lguest_data.hcalls[i].eax = call;
		lguest_data.hcalls[i].edx = arg1;
		lguest_data.hcalls[i].ebx = arg2;
		lguest_data.hcalls[i].ecx = arg3;
		/* The Host must see the arguments before the status. */
		wmb();
		WRITE_ONCE(lguest_data.hcall_status[i], LG_HCALL_PENDING);
		lguest_next_call = (i + 1) % LHCALL_RING_SIZE;
		lguest_last_call = i;
		lguest_ring_used = true;
	}
	local_irq_restore(flags);
}

void lguest_lazy_hcall(unsigned long call, unsigned long arg1,
		       unsigned long arg2, unsigned long arg3)
{
	/*
	 * An interrupt handler that changes a mapping expects the change
	 * now, whatever mode the code it interrupted was in.
	 */
	if (!lguest_lazy_mode || in_interrupt())
		lguest_hcall(call, arg1, arg2, arg3);
	else
		lguest_async_hcall(call, arg1, arg2, arg3);
}

/*
 * Make the Host run whatever is queued.  It runs the ring in order at
 * every exit (a page fault, an interrupt), so if the last call queued is
 * done, everything is, and no hypercall is needed.
 */
static void lguest_flush_ring(void)
{
	unsigned long flags;

	local_irq_save(flags);
	if (lguest_ring_used) {
		lguest_ring_used = false;
		if (READ_ONCE(lguest_data.hcall_status[lguest_last_call]) !=
		    LG_HCALL_FREE)
			lguest_hcall(LHCALL_FLUSH_ASYNC, 0, 0, 0);
	}
	local_irq_restore(flags);
}

static void lguest_leave_lazy(unsigned int mode)
{
	lguest_lazy_mode &= ~mode;
	lguest_flush_ring();
}

static void lguest_enter_lazy_mmu(void)
{
	lguest_lazy_mode |= LG_LAZY_MMU;
}

static void lguest_leave_lazy_mmu(void)
{
	lguest_leave_lazy(LG_LAZY_MMU);
}

static void lguest_flush_lazy_mmu(void)
{
	if (lguest_lazy_mode & LG_LAZY_MMU)
		lguest_flush_ring();
}

static void lguest_note_shadow_state(void);

static void lguest_start_context_switch(struct task_struct *prev)
{
	lguest_note_shadow_state();
	lguest_lazy_mode |= LG_LAZY_CPU;
}

/* A LOAD_LDT held back until the end of a context switch. */
static bool lguest_ldt_pending;
static void lguest_send_ldt(void);

static void lguest_end_context_switch(struct task_struct *next)
{
	/* __switch_to() has saved the old task's %gs: see lguest_set_ldt(). */
	if (lguest_ldt_pending)
		lguest_send_ldt();
	lguest_leave_lazy(LG_LAZY_CPU);
}

/*
 * Interrupts.
 *
 * The real interrupt flag stays on in the Guest (the Host needs its own
 * interrupts); the Guest's "interrupt flag" is lguest_data.irq_enabled,
 * which the Host consults before it delivers a virtual interrupt.  So
 * these three are single loads and stores, written in assembly
 * (head_32.S) as callee-save functions, since they are called from
 * anywhere, entry code included (the asm ENABLE_INTERRUPTS lands in
 * lguest_irq_enable_asm too).
 *
 * The Host only delivers an interrupt when it has control.  One that
 * comes in while our interrupts are off would wait for the next exit of
 * any kind, which may be a whole Host timer tick away, so the Host raises
 * lguest_data.irq_pending for it and irq_enable() looks there, after it
 * has enabled: the hypercall is the exit on whose way back the Host
 * delivers.  (The Host writes that word only while we are stopped, and an
 * exit after our store already finds interrupts enabled, so the order
 * store-then-look misses nothing.)  Our iret, which can enable interrupts
 * too, does not look: it cannot make a hypercall once irq_enabled is set
 * in the noirq window, and making one before would nest the interrupt on
 * the frame it is about to return through.
 */

/*
 * "hlt": sleep in the Host until an interrupt is due.  Linux calls this
 * with interrupts disabled, meaning "enable them and wait" (sti; hlt); the
 * Host enables them itself when it wakes us with an interrupt.
 */
static void lguest_safe_halt(void)
{
	lguest_hcall(LHCALL_HALT, 0, 0, 0);
}

/*
 * Control registers.  We keep our own copies: the Host does not let us
 * near the real ones, and only a few bits mean anything to a Guest.
 *
 * cr0: only TS would matter to the Host; 6.12 never sets it (eager FPU),
 * but if someone does, the Host is told.
 */
static unsigned long lguest_cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_PG;

static unsigned long lguest_read_cr0(void)
{
	return lguest_cr0;
}

static void lguest_write_cr0(unsigned long val)
{
	if ((val ^ lguest_cr0) & X86_CR0_TS)
		lguest_lazy_hcall(LHCALL_TS, val & X86_CR0_TS, 0, 0);
	lguest_cr0 = val;
}

/* cr2: the Host stores the faulting address before it passes a #PF on. */
__visible noinstr unsigned long lguest_read_cr2(void)
{
	return READ_ONCE(lguest_data.cr2);
}

__PV_CALLEE_SAVE_REGS_THUNK(lguest_read_cr2, ".noinstr.text");

static void lguest_write_cr2(unsigned long val)
{
	WRITE_ONCE(lguest_data.cr2, val);
}

/*
 * cr3: the guest-physical address of the current page directory, which
 * is also the tag the Host files its shadow copy under (SET_PTE).
 * lguest_entry made initial_page_table current.
 *
 * On real hardware without PCID a cr3 load flushes every non-global TLB
 * entry, and Linux counts on that: a change to the page tables of a
 * process that is switched out bumps its mm's tlb_gen but is flushed
 * nowhere; the flush is the cr3 load that brings the process back.  The
 * Host, though, keeps the shadow of a directory it finds again, user
 * half included, and cannot see those changes.
 *
 * Flushing the user half on every load (NEW_PGTABLE + FLUSH_TLB(0)) is
 * correct and makes every process rebuild its shadow, fault by fault,
 * each time it runs.  Instead we do what PCID hardware lets Linux do:
 * remember, for the last few address spaces, up to which tlb_gen the
 * Host's shadow is known to be current, and flush only if the mm has moved
 * on since.  While an mm is loaded every change to it is followed by one
 * of the flushes below, which reach the Host in order, so what
 * flush_tlb_func() records in cpu_tlbstate (the mm's ctx_id and the
 * tlb_gen its TLB, here our shadow, is current with) holds for the Host's
 * shadow too; lguest_note_shadow_state() copies it out before a context
 * switch replaces it.  ctx_id is never reused, so a freed mm whose page
 * directory page comes back for a new mm can never match.  Directory
 * entries need none of this: a cleared or changed one is announced by
 * SET_PMD, whichever mm it belongs to.  The Host may drop a shadow
 * whenever it likes; it then starts the next one empty, which is correct
 * too.
 */
struct lguest_shadow_gen {
	unsigned long pgdir;	/* gpa of the mm's page directory */
	u64 ctx_id;		/* the mm's context.ctx_id */
	u64 tlb_gen;		/* the shadow holds no change older than this */
};

#define LG_SHADOW_GENS	8
static struct lguest_shadow_gen lguest_shadow_gens[LG_SHADOW_GENS];
static unsigned int lguest_shadow_next;
static unsigned long lguest_cr3;

static struct lguest_shadow_gen *lguest_shadow_gen_of(unsigned long pgdir,
						      u64 ctx_id)
{
	unsigned int i;

	for (i = 0; i < LG_SHADOW_GENS; i++)
		if (lguest_shadow_gens[i].pgdir == pgdir &&
		    lguest_shadow_gens[i].ctx_id == ctx_id)
			return &lguest_shadow_gens[i];
	return NULL;
}

static void lguest_set_shadow_gen(unsigned long pgdir, u64 ctx_id, u64 gen)
{
	struct lguest_shadow_gen *g = lguest_shadow_gen_of(pgdir, ctx_id);

	if (!g) {
		g = &lguest_shadow_gens[lguest_shadow_next];
		lguest_shadow_next = (lguest_shadow_next + 1) % LG_SHADOW_GENS;
	}
	g->pgdir = pgdir;
	g->ctx_id = ctx_id;
	g->tlb_gen = gen;
}

/*
 * Before a context switch: how current is the outgoing mm's shadow?  (We
 * hide PCID, so Linux only ever uses ASID 0, ctxs[0].)
 */
static void lguest_note_shadow_state(void)
{
	struct mm_struct *mm = this_cpu_read(cpu_tlbstate.loaded_mm);
	u64 ctx_id = this_cpu_read(cpu_tlbstate.ctxs[0].ctx_id);

	if (mm == LOADED_MM_SWITCHING || !mm ||
	    mm->context.ctx_id != ctx_id || __pa(mm->pgd) != lguest_cr3)
		return;
	lguest_set_shadow_gen(lguest_cr3, ctx_id,
			      this_cpu_read(cpu_tlbstate.ctxs[0].tlb_gen));
}

static unsigned long lguest_read_cr3(void)
{
	return lguest_cr3;
}

static void lguest_write_cr3(unsigned long cr3)
{
	struct lguest_shadow_gen *g = NULL;
	u64 ctx_id = this_cpu_read(cpu_tlbstate.ctxs[0].ctx_id);
	u64 gen = this_cpu_read(cpu_tlbstate.ctxs[0].tlb_gen);
	/*
	 * Only switch_mm_irqs_off() loads a new mm with loaded_mm set to
	 * LOADED_MM_SWITCHING, after writing the incoming mm's ctx_id and
	 * current tlb_gen into ctxs[]; any other cr3 load is a flush.
	 */
	bool switching = this_cpu_read(cpu_tlbstate.loaded_mm) ==
			 LOADED_MM_SWITCHING;

	lguest_cr3 = cr3;
	if (switching)
		g = lguest_shadow_gen_of(cr3, ctx_id);
	if (!g || g->tlb_gen != gen) {
		/*
		 * Both, for one exit: the Host runs the ring before the
		 * flush, so the flush is of the new table.  (exec and the
		 * first run of a forked child come here outside lazy mode.)
		 */
		lguest_async_hcall(LHCALL_NEW_PGTABLE, cr3, 0, 0);
		lguest_lazy_hcall(LHCALL_FLUSH_TLB, 0, 0, 0);
	} else {
		lguest_lazy_hcall(LHCALL_NEW_PGTABLE, cr3, 0, 0);
	}
	if (switching)
		lguest_set_shadow_gen(cr3, ctx_id, gen);
}

/* cr4: nothing in it concerns the Host; remember what Linux wrote. */
static unsigned long lguest_cr4;

static unsigned long lguest_read_cr4(void)
{
	return lguest_cr4;
}

static void lguest_write_cr4(unsigned long val)
{
	lguest_cr4 = val;
}

/*
 * Page tables.
 *
 * The Host fills its shadow tables on demand, from page faults, so a new
 * mapping (not present -> present) needs no word from us, and neither
 * does a more permissive one: the stale shadow entry faults and the Host
 * looks again.  What it cannot see is a mapping taken away or changed.
 * Native Linux must flush the TLB after every such change, and those
 * flushes are pv ops, so they are where we tell the Host; set_pte() itself
 * stays a plain store (in 6.12 it no longer knows its mm or address
 * anyway).
 *
 *  flush_tlb_one_user(addr): SET_PTE(cr3, addr, 0), which throws the
 *			shadow entry away (for a kernel address, in every
 *			shadow table);
 *  flush_tlb_user():	FLUSH_TLB(0), all user mappings of this table;
 *  flush_tlb_kernel():	FLUSH_TLB(1), everything, every table.
 *
 * A page directory entry is different: the Host keeps the shadow page
 * table below it, so pointing an entry somewhere else, or clearing it,
 * must be reported (SET_PMD); filling an empty one need not.  On 2-level
 * paging set_pgd/set_pud all end up in set_pmd.  SET_PMD always goes in
 * the ring, lazy mode or not, without an exit of its own: natively too a
 * changed directory entry may live on in the CPU's paging-structure
 * caches until the TLB flush Linux always does after one (freeing page
 * tables, mremap), and the Host runs the ring at every exit, before the
 * hypercall of that flush and before it lets us run again.
 */
static void lguest_flush_tlb_user(void)
{
	lguest_lazy_hcall(LHCALL_FLUSH_TLB, 0, 0, 0);
}

static void lguest_flush_tlb_kernel(void)
{
	lguest_lazy_hcall(LHCALL_FLUSH_TLB, 1, 0, 0);
}

static void lguest_flush_tlb_one_user(unsigned long addr)
{
	lguest_lazy_hcall(LHCALL_SET_PTE, lguest_cr3, addr, 0);
}

/* Only ever asked for other CPUs, of which we have none: flush it all. */
static void lguest_flush_tlb_multi(const struct cpumask *cpus,
				   const struct flush_tlb_info *info)
{
	lguest_lazy_hcall(LHCALL_FLUSH_TLB, 1, 0, 0);
}

static void lguest_set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	bool was_present = native_pmd_val(*pmdp) & _PAGE_PRESENT;
	unsigned long gpa = __pa(pmdp);

	native_set_pmd(pmdp, pmd);
	if (was_present)
		lguest_async_hcall(LHCALL_SET_PMD, gpa & PAGE_MASK,
				   (gpa & ~PAGE_MASK) / sizeof(pmd_t), 0);
}

/*
 * Descriptor tables.
 *
 * The Host keeps one GDT and one IDT for us, filled by hypercall.  The
 * GDT always goes as a whole (LOAD_GDT); we remember which table that was
 * so that writing an entry of it can send it again.  6.12 loads the GDT
 * and IDT through read-only aliases in the cpu_entry_area, which
 * lguest_gpa() resolves.
 */
static unsigned long lguest_gdt_gpa;

static void lguest_load_gdt(const struct desc_ptr *desc)
{
	unsigned int n = (desc->size + 1) / sizeof(struct desc_struct);

	lguest_gdt_gpa = lguest_gpa((void *)desc->address);
	lguest_hcall(LHCALL_LOAD_GDT, lguest_gdt_gpa, min(n, GDT_ENTRIES), 0);
}

static void lguest_write_gdt_entry(struct desc_struct *dt, int entry,
				   const void *desc, int type)
{
	native_write_gdt_entry(dt, entry, desc, type);
	if (lguest_gpa(dt) == lguest_gdt_gpa)
		lguest_hcall(LHCALL_LOAD_GDT, lguest_gdt_gpa, GDT_ENTRIES, 0);
}

/*
 * The three TLS entries change at every context switch, so they have
 * their own (batchable) hypercall.  Our GDT copy gets them too, for any
 * later LOAD_GDT.
 *
 * %gs is the catch.  On i386 the kernel leaves the user's %gs loaded all
 * the time, and the Host reloads every segment register from the GDT
 * each time it resumes us: a selector whose entry is about to change or
 * vanish could stop us there.  So %gs holds 0 while the entries change.
 * In a context switch (lazy CPU mode, the hypercall still queued)
 * __switch_to() has saved %gs and loads the next task's afterwards.  But
 * set_thread_area() also lands here, for the running task, and nothing
 * reloads %gs after it: there we make the hypercall at once and put the
 * user's selector back ourselves.  loadsegment() turns a selector
 * that no longer loads into 0, as a native reload would.
 */
static void lguest_load_tls(struct thread_struct *t, unsigned int cpu)
{
	unsigned int gs;

	savesegment(gs, gs);
	loadsegment(gs, 0);
	native_load_tls(t, cpu);
	if (lguest_lazy_mode & LG_LAZY_CPU) {
		lguest_lazy_hcall(LHCALL_LOAD_TLS, __pa(&t->tls_array), cpu, 0);
		return;
	}
	lguest_hcall(LHCALL_LOAD_TLS, __pa(&t->tls_array), cpu, 0);
	if (gs)
		loadsegment(gs, gs);
}

/*
 * The IDT goes one gate at a time.  Linux rewrites its whole IDT several
 * times during boot and most gates do not change, so we only send those
 * that differ from what the Host has.
 *
 * One gate we change on the way: the system call gate.  Linux makes it an
 * interrupt gate to entry_INT80_32.  The Host can put a Guest's own gate
 * for int $0x80 into the real IDT, so that system calls reach us without
 * a Host exit, but only a trap gate: an interrupt gate would turn off the
 * real interrupt flag, which is the Host's.  So we send a trap gate to
 * lguest_int80 (head_32.S), which disables our interrupts, as the
 * interrupt gate would have, and goes on to entry_INT80_32.
 */
static gate_desc lguest_idt_sent[IDT_ENTRIES];

static void lguest_send_gate(unsigned int vector, const gate_desc *gate)
{
	gate_desc direct;
	u32 w[2];

	if (!memcmp(&lguest_idt_sent[vector], gate, sizeof(*gate)))
		return;
	lguest_idt_sent[vector] = *gate;
	if (vector == IA32_SYSCALL_VECTOR && gate->bits.p &&
	    gate_offset(gate) == (unsigned long)entry_INT80_32) {
		pack_gate(&direct, GATE_TRAP, (unsigned long)lguest_int80,
			  3, 0, __KERNEL_CS);
		gate = &direct;
	}
	memcpy(w, gate, sizeof(w));
	lguest_hcall(LHCALL_LOAD_IDT_ENTRY, vector, w[0], w[1]);
}

static void lguest_write_idt_entry(gate_desc *dt, int entry,
				   const gate_desc *gate)
{
	native_write_idt_entry(dt, entry, gate);
	lguest_send_gate(entry, gate);
}

static void lguest_load_idt(const struct desc_ptr *desc)
{
	const gate_desc *idt = (const gate_desc *)desc->address;
	unsigned int i, n = (desc->size + 1) / sizeof(gate_desc);

	for (i = 0; i < n && i < IDT_ENTRIES; i++)
		lguest_send_gate(i, &idt[i]);
}

/*
 * The LDT that modify_ldt() gives a process.  The Host keeps a sanitised
 * copy of ours and loads it whenever we run; we send it whole with
 * LOAD_LDT at each change: when a program changes its LDT, and when we
 * switch between processes whose LDTs differ.  (Linux never edits an LDT
 * in place: modify_ldt() builds a new one, so write_ldt_entry() can stay
 * native.)
 *
 * %gs is the catch, as for the TLS entries above: if it holds an LDT
 * selector, the Host reloads it from the new LDT when it resumes us, and
 * that fails if the new LDT lacks the entry.  So %gs holds 0 during the
 * call and gets its selector back after (0 if it no longer loads, as a
 * native reload would give).  A context switch reaches us from
 * switch_mm(), before __switch_to() has saved the old task's %gs: there
 * we must not touch %gs, so the call waits for the end of the switch.
 */
static const void *lguest_ldt;
static unsigned int lguest_ldt_entries;

static void lguest_send_ldt(void)
{
	unsigned int gs;

	lguest_ldt_pending = false;
	savesegment(gs, gs);
	if (gs & SEGMENT_TI_MASK)
		loadsegment(gs, 0);
	lguest_hcall(LHCALL_LOAD_LDT, (unsigned long)lguest_ldt,
		     lguest_ldt_entries, 0);
	if (gs & SEGMENT_TI_MASK)
		loadsegment(gs, gs);
}

static void lguest_set_ldt(const void *addr, unsigned int entries)
{
	lguest_ldt = addr;
	lguest_ldt_entries = entries;
	if (lguest_lazy_mode & LG_LAZY_CPU)
		lguest_ldt_pending = true;
	else
		lguest_send_ldt();
}

/* The Host owns the TSS. */
static void lguest_load_tr_desc(void)
{
}

static unsigned long lguest_store_tr(void)
{
	return GDT_ENTRY_TSS * 8;
}

/*
 * The kernel stack.  A trap from user mode lands on the stack whose top
 * is TSS.sp0: on i386 6.12 that is this CPU's entry stack, set once in
 * cpu_init().  The Host pushes such frames for us, so it needs the stack
 * (SET_STACK, ring-1 data segment); the entry code reads the field from
 * our own TSS, so it gets the native store as well.
 */
static void lguest_load_sp0(unsigned long sp0)
{
	lguest_lazy_hcall(LHCALL_SET_STACK, __KERNEL_DS | 1, sp0, 1);
	this_cpu_write(cpu_tss_rw.x86_tss.sp0, sp0);
}

/*
 * cpuid, as far as the kernel asks (user space still sees the real one).
 * We only let through what a ring-1 Guest can actually use:
 *
 *  leaf 0:	no leaves above 4, which keeps leaf 7 (SMEP, SMAP,
 *		INVPCID, FSGSBASE ...) and leaf 0xd (XSAVE) out of sight.
 *  leaf 1:	ecx: SSE3, PCLMULQDQ, SSSE3, CX16, SSE4.1/4.2, MOVBE,
 *		POPCNT, AES, RDRAND and the "hypervisor" bit; not MONITOR,
 *		VMX, PDCM, PCID, x2APIC, TSC_DEADLINE, XSAVE/OSXSAVE, AVX.
 *		edx: FPU, TSC, CX8, CMOV, CLFLUSH, MMX, FXSR, SSE, SSE2,
 *		plus PGE; not VME, DE, PSE (the Host has no 4 MiB shadow
 *		pages), MSR, PAE, MCE, APIC, SEP (sysexit needs ring 0),
 *		MTRR, MCA, PAT, DS, ACPI, HTT.
 *		PGE is advertised although nothing is global in a shadow
 *		table: with PGE Linux tells kernel flushes (FLUSH_TLB(1))
 *		from user flushes (FLUSH_TLB(0)); without it even a kernel
 *		flush would be a user flush.
 *  leaves 0x40000000-0x4fffffff:  the Host's hypervisor (if any) is not
 *		ours; nothing there.
 *  0x80000000:	no extended leaves above 0x80000008.
 *  0x80000001:	only LAHF, ABM, SSE4A, PREFETCHW and the 3DNow!/MMXEXT
 *		bits (no RDTSCP, whose TSC_AUX we cannot set, no SVM).
 *  0x80000007:	only the invariant-TSC bit.
 *  0x80000008:	address sizes, without the mitigation bits in ebx.
 */
#define LG_CPUID1_ECX	(BIT(0) | BIT(1) | BIT(9) | BIT(13) | BIT(19) | \
			 BIT(20) | BIT(22) | BIT(23) | BIT(25) | BIT(30))
#define LG_CPUID1_EDX	(BIT(0) | BIT(4) | BIT(8) | BIT(15) | BIT(19) | \
			 BIT(23) | BIT(24) | BIT(25) | BIT(26))
#define LG_CPUID1_PGE	BIT(13)
#define LG_CPUID1_HYPERVISOR	BIT(31)

static void lguest_cpuid(unsigned int *ax, unsigned int *bx,
			 unsigned int *cx, unsigned int *dx)
{
	unsigned int leaf = *ax;

	if (leaf >= 0x40000000 && leaf <= 0x4fffffff) {
		*ax = *bx = *cx = *dx = 0;
		return;
	}

	native_cpuid(ax, bx, cx, dx);
	switch (leaf) {
	case 0:
		*ax = min(*ax, 4U);
		break;
	case 1:
		*cx = (*cx & LG_CPUID1_ECX) | LG_CPUID1_HYPERVISOR;
		*dx = (*dx & LG_CPUID1_EDX) | LG_CPUID1_PGE;
		/* With HTT off, the logical-CPU count means nothing. */
		*bx &= 0xFF00FFFF;
		break;
	case 0x80000000:
		*ax = min(*ax, 0x80000008U);
		break;
	case 0x80000001:
		*cx &= BIT(0) | BIT(5) | BIT(6) | BIT(8);
		*dx &= BIT(22) | BIT(30) | BIT(31);
		break;
	case 0x80000007:
		*ax = *bx = *cx = 0;
		*dx &= BIT(8);
		break;
	case 0x80000008:
		*bx = 0;
		break;
	}
}

/*
 * MSRs do not exist for us.  Reads give 0 and writes vanish; the "safe"
 * versions say so, which their callers are ready for.
 */
static u64 lguest_read_msr(unsigned int msr)
{
	return 0;
}

static void lguest_write_msr(unsigned int msr, unsigned int low,
			     unsigned int high)
{
}

static u64 lguest_read_msr_safe(unsigned int msr, int *err)
{
	*err = -EIO;
	return 0;
}

static int lguest_write_msr_safe(unsigned int msr, unsigned int low,
				 unsigned int high)
{
	return -EIO;
}

static u64 lguest_read_pmc(int counter)
{
	return 0;
}

/*
 * Debug registers.  Ring 1 cannot touch them: the Host loads DR0-DR3 and
 * DR7 for us while we run (LHCALL_SET_DEBUGREG; it arms only breakpoints
 * on user addresses), and hands us DR6 in lguest_data when it delivers a
 * debug exception.  Reads come from our copy, so they give back what was
 * written.
 */
static unsigned long lguest_debugreg[8] = {
	[7] = 0x400,
};

static unsigned long lguest_get_debugreg(int regno)
{
	if (regno == 6)
		return READ_ONCE(lguest_data.dr6);
	return regno >= 0 && regno < 8 ? lguest_debugreg[regno] : 0;
}

static void lguest_set_debugreg(int regno, unsigned long value)
{
	if (regno < 0 || regno >= 8)
		return;
	if (regno == 6) {
		WRITE_ONCE(lguest_data.dr6, value);
		return;
	}
	if (regno > 3 && regno != 7)
		return;
	if (lguest_debugreg[regno] == value)
		return;
	lguest_debugreg[regno] = value;
	lguest_lazy_hcall(LHCALL_SET_DEBUGREG, regno, value, 0);
}

/* wbinvd and port delays mean nothing to a Guest. */
static void lguest_nop(void)
{
}

/*
 * Virtual interrupts.
 *
 * The Host has LGUEST_IRQS lines, IRQ n arriving through vector
 * FIRST_EXTERNAL_VECTOR + n (32 + n) of our IDT, with a frame like the
 * CPU's.  Linux already points every external vector at its common stub,
 * which looks the vector up in this CPU's vector_irq[]; so wiring a line
 * up means giving it a descriptor, our irq_chip and that table entry.  The
 * chip masks a line by setting its bit in lguest_data.blocked_interrupts,
 * which the Host reads before it delivers.
 */
static void lguest_irq_mask(struct irq_data *d)
{
	set_bit(d->irq, (unsigned long *)&lguest_data.blocked_interrupts);
}

static void lguest_irq_unmask(struct irq_data *d)
{
	clear_bit(d->irq, (unsigned long *)&lguest_data.blocked_interrupts);
}

static struct irq_chip lguest_irq_chip = {
	.name		= "lguest",
	.irq_mask	= lguest_irq_mask,
	.irq_mask_ack	= lguest_irq_mask,
	.irq_unmask	= lguest_irq_unmask,
};

int lguest_setup_irq(unsigned int irq)
{
	int err;

	if (irq >= LGUEST_IRQS)
		return -EINVAL;
	err = irq_alloc_desc_at(irq, 0);
	if (err < 0 && err != -EEXIST)
		return err;
	irq_set_chip_and_handler_name(irq, &lguest_irq_chip,
				      handle_level_irq, "level");
	per_cpu(vector_irq, 0)[FIRST_EXTERNAL_VECTOR + irq] = irq_to_desc(irq);
	return 0;
}
EXPORT_SYMBOL_GPL(lguest_setup_irq);

/* x86_init.irqs.pre_vector_init: instead of the 8259 and the APIC. */
static void __init lguest_init_irq(void)
{
	if (lguest_setup_irq(0))
		panic("lguest: cannot set up the timer interrupt");
}

/*
 * Time.
 *
 * The clock is the TSC, at the rate the Host measured (tsc_khz); we tell
 * the TSC code the rate is known and reliable, so it neither refines it
 * nor watches it against another clock it does not have.  A Host that
 * cannot vouch for its TSC sends 0: then we do without the TSC and read
 * the wall-clock time the Host writes into lguest_data whenever it
 * delivers an interrupt, a coarse clock but one that is right.
 *
 * The timer is a one-shot clock event device: SET_CLOCKEVENT asks the
 * Host for IRQ 0 after so many nanoseconds.
 */
static unsigned long lguest_calibrate_tsc(void)
{
	return lguest_data.tsc_khz;
}

static void lguest_get_wallclock(struct timespec64 *ts)
{
	ts->tv_sec = READ_ONCE(lguest_data.time_sec);
	ts->tv_nsec = READ_ONCE(lguest_data.time_nsec);
}

static int lguest_set_wallclock(const struct timespec64 *ts)
{
	return -ENODEV;
}

static u64 lguest_clock_read(struct clocksource *cs)
{
	u32 sec, nsec;

	/*
	 * The Host rewrites both words whenever it delivers an interrupt,
	 * and that can happen between our two reads: retry until the
	 * seconds did not change around our read of the nanoseconds.
	 */
	do {
		sec = READ_ONCE(lguest_data.time_sec);
		/* Read the seconds before the nanoseconds ... */
		rmb();
		nsec = READ_ONCE(lguest_data.time_nsec);
		/* ... and the nanoseconds before the check. */
		rmb();
	} while (sec != READ_ONCE(lguest_data.time_sec));
	return (u64)sec * NSEC_PER_SEC + nsec;
}

static struct clocksource lguest_clock = {
	.name	= "lguest",
	.rating	= 400,
	.read	= lguest_clock_read,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS,
};

static int lguest_clockevent_set_next_event(unsigned long delta,
					    struct clock_event_device *evt)
{
	if (delta < LG_CLOCK_MIN_DELTA)
		return -ETIME;
	lguest_hcall(LHCALL_SET_CLOCKEVENT, delta, 0, 0);
	return 0;
}

static int lguest_clockevent_shutdown(struct clock_event_device *evt)
{
	lguest_hcall(LHCALL_SET_CLOCKEVENT, 0, 0, 0);
	return 0;
}

static struct clock_event_device lguest_clockevent = {
	.name			= "lguest",
	.features		= CLOCK_EVT_FEAT_ONESHOT,
	.set_next_event		= lguest_clockevent_set_next_event,
	.set_state_shutdown	= lguest_clockevent_shutdown,
	.rating			= INT_MAX,
	.irq			= 0,
};

static irqreturn_t lguest_timer_interrupt(int irq, void *dev_id)
{
	lguest_clockevent.event_handler(&lguest_clockevent);
	return IRQ_HANDLED;
}

/* x86_init.timers.timer_init: replaces the PIT and HPET. */
static void __init lguest_time_init(void)
{
	if (!lguest_data.tsc_khz)
		clocksource_register_hz(&lguest_clock, NSEC_PER_SEC);

	lguest_clockevent.cpumask = cpumask_of(0);
	clockevents_config_and_register(&lguest_clockevent, NSEC_PER_SEC,
					LG_CLOCK_MIN_DELTA, LG_CLOCK_MAX_DELTA);

	/* This unmasks IRQ 0, which lguest_data started out with masked. */
	if (request_irq(0, lguest_timer_interrupt, IRQF_TIMER | IRQF_NOBALANCING,
			"timer", NULL))
		pr_err("lguest: cannot get the timer interrupt\n");
}

/*
 * Power and panic.  LHCALL_CRASH ends the Guest with a reason; the texts
 * of lguest_launcher.h mean a power off or a restart (the Launcher exits
 * 0 or 4), any other is a crash.  A halted Guest can never run
 * again either, so halting is powering down too.
 */
static const char lguest_power_down_msg[] = LGUEST_CRASH_POWEROFF;
static const char lguest_restart_msg[] = LGUEST_CRASH_RESTART;

static void lguest_power_off(void)
{
	lguest_hcall(LHCALL_CRASH, __pa(lguest_power_down_msg), 0, 0);
}

static void lguest_restart(char *reason)
{
	lguest_hcall(LHCALL_CRASH, __pa(lguest_restart_msg), 0, 0);
}

static void lguest_emergency_restart(void)
{
	lguest_restart(NULL);
}

static void lguest_shutdown(void)
{
}

/* panic()'s message is in a static buffer, hence in the linear map. */
static int lguest_panic(struct notifier_block *nb, unsigned long event,
			void *msg)
{
	lguest_hcall(LHCALL_CRASH, __pa(msg), 0, 0);
	/* Not reached: the Host does not resume a crashed Guest. */
	return NOTIFY_DONE;
}

static struct notifier_block lguest_panic_block = {
	.notifier_call	= lguest_panic,
};

/*
 * x86_init.resources.memory_setup.  The Launcher describes our memory in
 * boot_params' E820 table, as one RAM entry; the default hook ignores a
 * table of fewer than two entries (firmware that produces one is taken to
 * be broken) and falls back to the BIOS's e801 numbers, which we do not
 * have.  So take the table as it is.
 */
static char *__init lguest_memory_setup(void)
{
	unsigned int i, n = min_t(unsigned int, boot_params.e820_entries,
				  ARRAY_SIZE(boot_params.e820_table));

	for (i = 0; i < n; i++)
		e820__range_add(boot_params.e820_table[i].addr,
				boot_params.e820_table[i].size,
				boot_params.e820_table[i].type);
	e820__update_table(e820_table);
	return "LGUEST";
}

/* What a PC would have and we do not. */
static void __init lguest_set_legacy_features(void)
{
	x86_platform.legacy.rtc = 0;
	x86_platform.legacy.reserve_bios_regions = 0;
	x86_platform.legacy.devices.pnpbios = 0;
	x86_platform.legacy.i8042 = X86_LEGACY_I8042_PLATFORM_ABSENT;
}

/*
 * x86_init.oem.arch_setup: one of the first things setup_arch() does.
 */
static void __init lguest_arch_setup(void)
{
	/* The Launcher passes no console=: ours is hvc0. */
	add_preferred_console("hvc", 0, NULL);

	/*
	 * No I/O ports: claiming them all keeps legacy drivers from probing
	 * (each probe would be a trip to the Host for an "in" that finds
	 * nothing).
	 */
	paravirt_disable_iospace();
	disable_acpi();

	atomic_notifier_chain_register(&panic_notifier_list,
				       &lguest_panic_block);
	machine_ops.restart = lguest_restart;
	machine_ops.halt = lguest_power_off;
	machine_ops.power_off = lguest_power_off;
	machine_ops.shutdown = lguest_shutdown;
	machine_ops.emergency_restart = lguest_emergency_restart;
	pm_power_off = lguest_power_off;
}

static void __init lguest_install_pv_ops(void)
{
	pv_info.name = "lguest";

	pv_ops.irq.save_fl = __PV_IS_CALLEE_SAVE(lguest_save_fl_asm);
	pv_ops.irq.irq_disable = __PV_IS_CALLEE_SAVE(lguest_irq_disable_asm);
	pv_ops.irq.irq_enable = __PV_IS_CALLEE_SAVE(lguest_irq_enable_asm);
	pv_ops.irq.safe_halt = lguest_safe_halt;
	pv_ops.irq.halt = lguest_safe_halt;

	pv_ops.cpu.io_delay = lguest_nop;
	pv_ops.cpu.get_debugreg = lguest_get_debugreg;
	pv_ops.cpu.set_debugreg = lguest_set_debugreg;
	pv_ops.cpu.read_cr0 = lguest_read_cr0;
	pv_ops.cpu.write_cr0 = lguest_write_cr0;
	pv_ops.cpu.read_cr4 = lguest_read_cr4;
	pv_ops.cpu.write_cr4 = lguest_write_cr4;
	pv_ops.cpu.load_tr_desc = lguest_load_tr_desc;
	pv_ops.cpu.load_gdt = lguest_load_gdt;
	pv_ops.cpu.load_idt = lguest_load_idt;
	pv_ops.cpu.set_ldt = lguest_set_ldt;
	pv_ops.cpu.store_tr = lguest_store_tr;
	pv_ops.cpu.load_tls = lguest_load_tls;
	pv_ops.cpu.write_gdt_entry = lguest_write_gdt_entry;
	pv_ops.cpu.write_idt_entry = lguest_write_idt_entry;
	pv_ops.cpu.load_sp0 = lguest_load_sp0;
	pv_ops.cpu.wbinvd = lguest_nop;
	pv_ops.cpu.cpuid = lguest_cpuid;
	pv_ops.cpu.read_msr = lguest_read_msr;
	pv_ops.cpu.write_msr = lguest_write_msr;
	pv_ops.cpu.read_msr_safe = lguest_read_msr_safe;
	pv_ops.cpu.write_msr_safe = lguest_write_msr_safe;
	pv_ops.cpu.read_pmc = lguest_read_pmc;
	pv_ops.cpu.start_context_switch = lguest_start_context_switch;
	pv_ops.cpu.end_context_switch = lguest_end_context_switch;

	pv_ops.mmu.flush_tlb_user = lguest_flush_tlb_user;
	pv_ops.mmu.flush_tlb_kernel = lguest_flush_tlb_kernel;
	pv_ops.mmu.flush_tlb_one_user = lguest_flush_tlb_one_user;
	pv_ops.mmu.flush_tlb_multi = lguest_flush_tlb_multi;
	pv_ops.mmu.read_cr2 = PV_CALLEE_SAVE(lguest_read_cr2);
	pv_ops.mmu.write_cr2 = lguest_write_cr2;
	pv_ops.mmu.read_cr3 = lguest_read_cr3;
	pv_ops.mmu.write_cr3 = lguest_write_cr3;
	pv_ops.mmu.set_pmd = lguest_set_pmd;
	pv_ops.mmu.lazy_mode.enter = lguest_enter_lazy_mmu;
	pv_ops.mmu.lazy_mode.leave = lguest_leave_lazy_mmu;
	pv_ops.mmu.lazy_mode.flush = lguest_flush_lazy_mmu;
}

/* CPU features a ring-1 Guest must not use, whatever cpuid said. */
static const unsigned int lguest_hidden_caps[] __initconst = {
	X86_FEATURE_VME, X86_FEATURE_DE, X86_FEATURE_PSE, X86_FEATURE_MCE,
	X86_FEATURE_APIC, X86_FEATURE_SEP, X86_FEATURE_MTRR, X86_FEATURE_MCA,
	X86_FEATURE_PAT, X86_FEATURE_DS, X86_FEATURE_ACPI, X86_FEATURE_MWAIT,
	X86_FEATURE_PDCM, X86_FEATURE_PCID, X86_FEATURE_X2APIC,
	X86_FEATURE_TSC_DEADLINE_TIMER, X86_FEATURE_XSAVE,
	X86_FEATURE_OSXSAVE, X86_FEATURE_SMEP, X86_FEATURE_SMAP,
	X86_FEATURE_INVPCID,
	/* Real iret is never used for a 16-bit stack here. */
	X86_BUG_ESPFIX,
};

static void __init lguest_setup_cpu_caps(void)
{
	unsigned int i;

	/* First: it keeps our pv ops from being patched over. */
	setup_force_cpu_cap(X86_FEATURE_LGUEST);
	setup_force_cpu_cap(X86_FEATURE_HYPERVISOR);

	for (i = 0; i < ARRAY_SIZE(lguest_hidden_caps); i++)
		setup_clear_cpu_cap(lguest_hidden_caps[i]);

	if (lguest_data.tsc_khz) {
		setup_force_cpu_cap(X86_FEATURE_TSC_KNOWN_FREQ);
		setup_force_cpu_cap(X86_FEATURE_TSC_RELIABLE);
		setup_force_cpu_cap(X86_FEATURE_CONSTANT_TSC);
		setup_force_cpu_cap(X86_FEATURE_NONSTOP_TSC);
	} else {
		setup_clear_cpu_cap(X86_FEATURE_TSC);
	}
}

#ifdef CONFIG_PCI
/*
 * x86_init.pci.arch_init.  A Guest has no PCI bus: its devices sit on the
 * lguest bus.  Returning 0 stops pci_arch_init() before it tries the PCI
 * BIOS and complains that no config space access works.
 */
static int __init lguest_pci_arch_init(void)
{
	return 0;
}
#endif

static void __init lguest_setup_platform(void)
{
	x86_init.oem.arch_setup = lguest_arch_setup;
	x86_init.resources.memory_setup = lguest_memory_setup;
	x86_init.resources.probe_roms = x86_init_noop;
	x86_init.resources.dmi_setup = x86_init_noop;
	x86_init.mpparse.find_mptable = x86_init_noop;
	x86_init.mpparse.early_parse_smp_cfg = x86_init_noop;
	x86_init.mpparse.parse_smp_cfg = x86_init_noop;
	x86_init.irqs.pre_vector_init = lguest_init_irq;
	x86_init.irqs.intr_mode_select = x86_init_noop;
	x86_init.irqs.intr_mode_init = x86_init_noop;
	x86_init.timers.timer_init = lguest_time_init;
	x86_init.timers.setup_percpu_clockev = x86_init_noop;
#ifdef CONFIG_PCI
	/* Not even the direct probe: each port access would trap to the Host. */
	pci_probe = 0;
	x86_init.pci.arch_init = lguest_pci_arch_init;
#endif

	x86_platform.calibrate_tsc = lguest_calibrate_tsc;
	x86_platform.calibrate_cpu = lguest_calibrate_tsc;
	x86_platform.get_wallclock = lguest_get_wallclock;
	x86_platform.set_wallclock = lguest_set_wallclock;
	x86_platform.realmode_reserve = x86_init_noop;
	x86_platform.realmode_init = x86_init_noop;
	x86_platform.set_legacy_features = lguest_set_legacy_features;

	/* No 8259: the Host is our interrupt controller. */
	legacy_pic = &null_legacy_pic;
}

/*
 * lguest_init - the Guest's first C code (from lguest_entry).
 *
 * We run on the initial kernel stack with initial_page_table loaded,
 * interrupts (virtually) disabled, no exception handlers yet and no
 * per-cpu segment.  Nothing here may fault or use the stack protector.
 */
asmlinkage __visible void __init lguest_init(void)
{
	/* Our iret writes the interrupt flag at offset 0. */
	BUILD_BUG_ON(offsetof(struct lguest_data, irq_enabled) != 0);
	/* head_32.S's irq_enable looks at irq_pending there. */
	BUILD_BUG_ON(offsetof(struct lguest_data, irq_pending) !=
		     LGUEST_DATA_IRQ_PENDING);

	lguest_cr3 = __pa(initial_page_table);
	lguest_install_pv_ops();
	lguest_setup_cpu_caps();

	/*
	 * Every return from the kernel goes through the jump in front of
	 * the iret in entry_32.S; send it to our iret now, before anything
	 * can enable interrupts.  Kernel text is still writable.
	 */
	__text_gen_insn(early_lguest_iret_patch, JMP32_INSN_OPCODE,
			early_lguest_iret_patch, lguest_iret, JMP32_INSN_SIZE);
	/* The same for the cmpxchg8b emulation, which uses cli (head_32.S). */
	__text_gen_insn(this_cpu_cmpxchg8b_emu, JMP32_INSN_OPCODE,
			this_cpu_cmpxchg8b_emu, lguest_cmpxchg8b_emu,
			JMP32_INSN_SIZE);

	/*
	 * What startup_32 would do next natively: load the boot CPU's GDT
	 * (through the Host) and the per-cpu segment.
	 */
	load_gdt(&early_gdt_descr);
	loadsegment(fs, __KERNEL_PERCPU);

	/* The Switcher owns the top of every address space. */
	reserve_top_address(lguest_data.reserve_mem);

	lguest_setup_platform();

	/*
	 * Console output works from here on: register the boot console now,
	 * so that even a failure before setup_arch() gets reported.
	 */
	lguest_early_console_init();

	i386_start_kernel();
}
