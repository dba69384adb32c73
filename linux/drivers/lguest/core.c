// SPDX-License-Identifier: GPL-2.0
/*
 * The heart of the lguest Host: setting up the Switcher, and running a
 * Guest once, from the Host's world to the Guest's and back.  What happens
 * after each return (the run loop) is run.c.
 *
 * Where the Switcher lives.  Changing from the Host's world to a Guest's
 * means changing page tables, and the code doing it must keep executing
 * across the change, so it has to be mapped at the same virtual address in
 * both.  A Guest gives up the top 4 MiB of its address space (page
 * directory entry 1023; lguest_data.reserve_mem says so).  The Host puts
 * the Switcher in permanent fixmap slots, which are in that same top 4 MiB
 * and present in every Host address space (see patch "x86/fixmap: add
 * lguest Switcher slots").  In a Guest's shadow page tables, entry 1023 is
 * a page table of ours that maps just the Switcher code and the two pages
 * of the CPU it is about to run on, at the same addresses as in the Host,
 * and below them, read-only, the Guest's own LDT (if it has one).
 *
 * What the Guest can see there.  Paging only separates ring 3 from the
 * rest, so the Guest kernel in ring 1 can read every page mapped for the
 * CPU, and write the regs page.  They must hold nothing of the Host's: no
 * Host cr3, no Host stack pointer.  Yet the way back needs both, in the
 * Guest's address space, before cr3 can change.  So the way back goes
 * through a bridge: a per-CPU page directory of ours that maps the same
 * Switcher pages plus a "host page" holding the Host's cr3, stack, GDT and
 * IDT.  The state page names only the bridge (a page we allocated at boot);
 * the exit path loads the bridge, reads the host page, and goes home.  The
 * regs page's spare area is cleared whenever another Guest takes the CPU.
 *
 * What the switch itself must take care of on a 6.12 Host:
 *
 * - CR4.  A real Host CPU has global pages (PGE), SMEP, SMAP and UMIP on.
 *   Global TLB entries of the Host would survive the Guest's cr3 load; SMEP
 *   and SMAP treat the Guest kernel's ring 1 as "supervisor" and fault on its
 *   user-mapped pages; UMIP makes ring 1's sgdt/sidt fault.  We clear those
 *   bits (and VME/PVI) with a raw cr4 write just before the switch and put
 *   them back right after, interrupts off throughout.  Clearing PGE also
 *   flushes global entries, which is exactly what we need.  The Host's cr4
 *   shadow is never changed, so CR4 pinning does not notice.
 *
 * - SYSENTER.  sysenter always enters ring 0 at the Host's entry point; a
 *   Guest user could try it.  SYSENTER_CS = 0 while the Guest runs makes
 *   it fault instead; we restore the Host's value afterwards.
 *
 * - The FPU.  The Guest's FPU state is the Launcher task's own user FPU
 *   state: the Guest is that task's code, running in another mode.  So we
 *   keep no copy of it.  Before entering we make sure the task's state is
 *   in the registers (switch_fpu_return(), what the return to user space
 *   does), interrupts off so that nothing can take the registers away;
 *   when the Guest comes back the registers are still the task's live user
 *   state, and the kernel's FPU code saves and restores them like any
 *   task's: all of xstate (x87, SSE, AVX, AVX-512...), with the CPU quirks
 *   handled (the AMD FXSAVE pointer leak, for one).  Whatever another task
 *   or Guest left in the registers is overwritten by that restore, and
 *   whatever the Guest leaves is saved into its own task.  The price: the
 *   Launcher thread that runs the Guest shares these registers with it, so
 *   between two reads of /dev/lguest it must keep the Guest's FPU state as
 *   it found it (save and restore what it uses).
 *
 * - Host interrupts.  An interrupt that arrives while the Guest runs exits
 *   through the Switcher with its vector as trapnum; it has already been
 *   taken from the interrupt controller, so re-enabling interrupts would not
 *   replay it.  We call the Host's own IDT handler for that vector, with a
 *   frame that looks like an interrupt of this very code (as KVM does).
 *   An NMI that interrupts the Guest exits the same way and goes to the
 *   Host's NMI handler just so; one that hits the few dozen instructions
 *   of the switch itself is dropped (see switcher_32.S).  A machine check
 *   goes to the Host's handler, as if it had interrupted user space, which
 *   is what a Guest is to the Host.
 *
 * - Debug registers.  The Host's hardware breakpoints are for Host
 *   addresses; in the Guest's address space they would fire on whatever
 *   the Guest keeps there, and the #DB would reach the Guest.  So while the
 *   Guest runs DR7 holds only the Guest's own breakpoints (debugregs.c), and
 *   the Host's are restored after.
 *
 * - cr2 is read right after the exit, before interrupts come back on.
 *
 * The Host only ever runs on real hardware (lg_host_init() checks that it
 * is in ring 0), so the control registers, MSRs and descriptor tables are
 * accessed with the native_*() helpers even in a kernel built with the
 * paravirt hooks the Guest side uses.
 *
 * Tour stop 3, the Switcher: read lg_run_guest_once(); next: switcher_32.S.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/fixmap.h>
#include <asm/desc.h>
#include <asm/fpu/api.h>
#include <asm/debugreg.h>
#include <asm/mce.h>
#include <asm/msr.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/irq_vectors.h>
#include <asm/trapnr.h>
#include <asm/io.h>
#include "lg.h"

/* Layout promises made to switcher_32.S. */
static_assert(sizeof(struct lguest_regs) == LG_REGS_SIZE);
static_assert(offsetof(struct lguest_regs, trapnum) == LG_REGS_TRAPNUM);
static_assert(offsetof(struct lguest_ro_state, bridge_cr3) == LG_ST_BRIDGE_CR3);
static_assert(offsetof(struct lguest_host_state, host_cr3) == LG_HS_CR3);
static_assert(offsetof(struct lguest_host_state, host_sp) == LG_HS_SP);
static_assert(offsetof(struct lguest_host_state, host_gdt.size) == LG_HS_GDT);
static_assert(offsetof(struct lguest_host_state, host_idt.size) == LG_HS_IDT);
static_assert(offsetof(struct lguest_ro_state, guest_gdt.size) == LG_ST_GUEST_GDT);
static_assert(offsetof(struct lguest_ro_state, guest_idt.size) == LG_ST_GUEST_IDT);
static_assert(offsetof(struct lguest_ro_state, guest_ldt) == LG_ST_GUEST_LDT);
static_assert(offsetof(struct lguest_ro_state, guest_tss) == LG_ST_GUEST_TSS);
static_assert(offsetof(struct lguest_ro_state, gdt) == LG_ST_GDT_TABLE);
static_assert(offsetof(struct lguest_ro_state, idt) == LG_ST_IDT_TABLE);
static_assert(sizeof(struct lguest_pages) == 2 * PAGE_SIZE);
static_assert(sizeof(struct lguest_data) == 1136);
static_assert(offsetof(struct lguest_data, time_nsec) ==
	      offsetof(struct lguest_data, time_sec) + 4);

/* Flat 4 GiB ring-0 segments for the Switcher (accessed bit preset). */
#define LG_FLAT_LO		0x0000FFFF
#define LG_CODE_RING0_HI	0x00CF9B00
#define LG_DATA_RING0_HI	0x00CF9300
/* The busy bit in a TSS descriptor's type (0xB busy, 0x9 available). */
#define LG_TSS_BUSY		(2U << 8)
/* An LDT descriptor: present, DPL 0, system type 2. */
#define LG_LDT_DESC_TYPE	(0x82U << 8)

/*
 * The CR4 bits a ring-1 Guest cannot live with (see the top comment), and
 * PCE: the Launcher may be allowed rdpmc of its own perf counters, but the
 * Guest's users, whom the Guest kernel could not stop, may not.
 */
#define LG_GUEST_CR4_CLEAR	(X86_CR4_PGE | X86_CR4_SMEP | X86_CR4_SMAP | \
				 X86_CR4_UMIP | X86_CR4_VME | X86_CR4_PVI | \
				 X86_CR4_PCE)

unsigned long lg_switcher_base;
/* Where a Guest's LDT appears while it runs: the pages below the Switcher. */
static unsigned long lg_ldt_base;
static unsigned long stub_addrs[256];
/* Per CPU: physical address of the page table mapping its Switcher pages. */
static unsigned long switcher_pte_pa[NR_CPUS];
/* Per CPU: its host page (see lg.h), at its address in the Host's map. */
static struct lguest_host_state *host_state[NR_CPUS];
/* Per CPU: the bridge's page table and directory (see setup_cpu()). */
static u32 *bridge_pt[NR_CPUS], *bridge_pd[NR_CPUS];
/* The pages behind the Switcher's fixmap slots: text, then a pair per CPU. */
static struct page *switcher_pages[LGUEST_SWITCHER_PAGES];
/* Per CPU: which Guest's tables are in its state page. */
static DEFINE_PER_CPU(u64, lg_last_serial);

/* The far pointer "lcall" uses: Switcher entry, through LGUEST_CS. */
static struct {
	u32 offset;
	u16 segment;
} __packed lguest_entry;

static struct lguest_pages *lguest_pages(unsigned int cpu)
{
	return (struct lguest_pages *)(lg_switcher_base +
		(LGUEST_SWITCHER_TEXT_PAGES + 2 * cpu) * PAGE_SIZE);
}

/*
 * The Guest's registers go into the regs page before every entry and come
 * back after every exit.  gcc makes a plain struct copy of this size a
 * loop that moves a word in five instructions; written out, each word
 * takes two and nothing branches.  On the exits a page fault costs, that
 * is a tenth of the Host's time (measured under -icount, make bench).
 */
static void lg_copy_regs(struct lguest_regs *to, const struct lguest_regs *from)
{
	to->ebx = from->ebx;
	to->ecx = from->ecx;
	to->edx = from->edx;
	to->esi = from->esi;
	to->edi = from->edi;
	to->ebp = from->ebp;
	to->eax = from->eax;
	to->gs = from->gs;
	to->fs = from->fs;
	to->ds = from->ds;
	to->es = from->es;
	to->trapnum = from->trapnum;
	to->errcode = from->errcode;
	to->eip = from->eip;
	to->cs = from->cs;
	to->eflags = from->eflags;
	to->esp = from->esp;
	to->ss = from->ss;
}
/* A field added to lguest_regs must be added above too. */
static_assert(sizeof(struct lguest_regs) == 18 * sizeof(u32));

/* A raw cr4 write: native_write_cr4() would re-pin SMEP/SMAP/UMIP. */
static inline void lg_write_cr4(unsigned long val)
{
	asm volatile("mov %0, %%cr4" : : "r" (val) : "memory");
}

/*
 * Put the Guest's LDT where the CPU reads it while the Guest runs: its
 * pages (segments.c) at lg_ldt_base in this CPU's Switcher page table,
 * present but read-only, so ring 1 can read its own LDT and nobody in the
 * Guest can change it; and the LDT slot of this CPU's GDT pointing there,
 * which the Switcher loads (LG_ST_GUEST_LDT, 0 for none).  Slots beyond
 * this Guest's LDT are cleared: they may still map another Guest's.
 */
static void map_guest_ldt(const struct lguest *lg, struct lguest_ro_state *st,
			  unsigned int cpu)
{
	u32 *ptes = __va(switcher_pte_pa[cpu]);
	unsigned int first = (lg_ldt_base >> PAGE_SHIFT) & 1023;
	u32 bytes = lg->ldt_entries * LDT_ENTRY_SIZE, limit = bytes - 1;
	unsigned int i;

	for (i = 0; i < LG_LDT_PAGES; i++)
		ptes[first + i] = i * PAGE_SIZE < bytes ?
			page_to_phys(lg->ldt_pages[i]) | _PAGE_PRESENT |
			_PAGE_ACCESSED : 0;
	if (!bytes) {
		st->gdt[GDT_ENTRY_LDT] = (struct lg_desc){ 0, 0 };
		st->guest_ldt = 0;
		return;
	}
	st->gdt[GDT_ENTRY_LDT].lo = (lg_ldt_base << 16) | (limit & 0xFFFF);
	st->gdt[GDT_ENTRY_LDT].hi = (lg_ldt_base & 0xFF000000) |
		((lg_ldt_base >> 16) & 0xFF) | (limit & 0xF0000) |
		LG_LDT_DESC_TYPE;
	st->guest_ldt = GDT_ENTRY_LDT * 8;
}

/*
 * Bring this CPU's state page up to date for @lg.  The tables are only
 * copied when they changed, or when another Guest (or this one, on another
 * CPU) used the page since.
 */
static void copy_in_guest_info(struct lguest *lg, struct lguest_pages *pages,
			       unsigned int cpu)
{
	struct lguest_ro_state *st = &pages->state;
	struct lguest_host_state *hs = host_state[cpu];
	struct desc_ptr d;

	hs->host_cr3 = __native_read_cr3();
	native_store_gdt(&d);
	hs->host_gdt.size = d.size;
	hs->host_gdt.address = d.address;
	store_idt(&d);
	hs->host_idt.size = d.size;
	hs->host_idt.address = d.address;

	if (__this_cpu_read(lg_last_serial) != lg->serial || lg->last_cpu != cpu) {
		__this_cpu_write(lg_last_serial, lg->serial);
		lg->last_cpu = cpu;
		lg->changed = LG_CHANGED_ALL;
		/*
		 * The Guest can write all of the regs page, not just its
		 * trap frame: leave nothing of the last Guest here.
		 */
		memset(pages->spare, 0, sizeof(pages->spare));
	}
	if (lg->changed & LG_CHANGED_IDT)
		lg_copy_idt(lg, st->idt, stub_addrs);
	if (lg->changed & LG_CHANGED_GDT)
		lg_copy_gdt(lg, st->gdt);
	else if (lg->changed & LG_CHANGED_GDT_TLS)
		lg_copy_gdt_tls(lg, st->gdt);
	if (lg->changed & LG_CHANGED_LDT)
		map_guest_ldt(lg, st, cpu);
	lg->changed = 0;

	/*
	 * A direct system call (lg_direct_syscall_ok) enters ring 1 on the
	 * stack the TSS names for it: the one the Guest gave SET_STACK.
	 */
	st->guest_tss.ss1 = lg->ss1;
	st->guest_tss.sp1 = lg->esp1;

	/* The Switcher's ltr wants an available (not busy) TSS. */
	st->gdt[GDT_ENTRY_TSS].hi &= ~LG_TSS_BUSY;

	lg_copy_regs(&pages->regs, &lg->regs);
	/*
	 * The Guest always runs with real interrupts on and no I/O
	 * privilege; never let it return to vm86 mode or nest tasks.
	 */
	pages->regs.eflags = (lg->regs.eflags | X86_EFLAGS_IF | X86_EFLAGS_FIXED) &
		~(X86_EFLAGS_IOPL | X86_EFLAGS_VM | X86_EFLAGS_NT);
}

/*
 * A machine check while the Guest ran: the Host's to handle, as one in
 * user mode (the Guest is just part of a process to it).
 */
static void lg_do_host_mce(void)
{
#ifdef CONFIG_X86_MCE
	struct pt_regs regs = {
		.cs = __USER_CS,
		.flags = X86_EFLAGS_IF,
	};

	do_machine_check(&regs);
#endif
}

/* Call the Host's handler for an interrupt that hit while the Guest ran. */
static void lg_do_host_irq(unsigned int vector)
{
	struct desc_ptr idt;
	gate_desc *gate;

	store_idt(&idt);
	gate = (gate_desc *)idt.address + vector;
	/*
	 * An interrupt frame (eflags, cs, eip) of this code, interrupts off:
	 * the handler's iret brings us back here, still with interrupts off.
	 */
	asm volatile("pushfl\n\t"
		     "pushl %[cs]\n\t"
		     "call *%[fn]"
		     : ASM_CALL_CONSTRAINT
		     : [fn] "r" (gate_offset(gate)), [cs] "i" (__KERNEL_CS)
		     : "memory", "cc");
}

/*
 * Switch to the Guest once.  false if it did not run: its Launcher's
 * memory changed since the run loop last looked (page_tables.c).
 */
bool lg_run_guest_once(struct lguest *lg)
{
	struct lguest_pages *pages;
	struct lg_desc *host_gdt;
	unsigned long cr4, guest_cr4;
	unsigned int cpu, trap;
	bool sep = boot_cpu_has(X86_FEATURE_SEP);
	u32 clobber_a, clobber_b, clobber_c;

	/*
	 * The Guest changes the FPU registers, which hold our task's user
	 * state: fpregs_lock() as for any edit of them.  With interrupts off
	 * from the load to the exit, nobody can save them behind our back.
	 */
	fpregs_lock();
	local_irq_disable();
	if (test_thread_flag(TIF_NEED_FPU_LOAD))
		switch_fpu_return();
	cpu = smp_processor_id();
	if (!lg_mmu_enter(lg, cpu)) {
		local_irq_enable();
		fpregs_unlock();
		return false;
	}
	pages = lguest_pages(cpu);

	copy_in_guest_info(lg, pages, cpu);
	lg_map_switcher_in_guest(lg, switcher_pte_pa[cpu]);

	/* The Switcher's way back does an ltr of the Host's TSS. */
	host_gdt = (struct lg_desc *)get_cpu_gdt_rw(cpu);
	host_gdt[GDT_ENTRY_TSS].hi &= ~LG_TSS_BUSY;

	if (sep)
		native_wrmsr(MSR_IA32_SYSENTER_CS, 0, 0);
	if (lg->ts)
		native_write_cr0(native_read_cr0() | X86_CR0_TS);
	cr4 = native_read_cr4();
	guest_cr4 = cr4 & ~LG_GUEST_CR4_CLEAR;
	if (guest_cr4 != cr4)
		lg_write_cr4(guest_cr4);
	/* Host breakpoints off, the Guest's on (debugregs.c). */
	lg_debugregs_enter(lg);

	asm volatile("pushfl\n\t"
		     "lcall *%[entry]"
		     : "=a" (clobber_a), "=b" (clobber_b), "=c" (clobber_c)
		     : "0" (pages), "1" (lg_current_shadow_pa(lg)),
		       "2" (host_state[cpu]), [entry] "m" (lguest_entry)
		     : "edx", "esi", "edi", "memory", "cc");

	trap = pages->regs.trapnum;
	lg_mmu_exit(lg);
	lg_debugregs_exit(lg, trap);
	if (trap == X86_TRAP_PF)
		lg->cr2 = native_read_cr2();
	if (guest_cr4 != cr4)
		lg_write_cr4(cr4);
	if (lg->ts)
		asm volatile("clts");
	if (sep)
		native_wrmsr(MSR_IA32_SYSENTER_CS,
			     this_cpu_read(cpu_tss_rw.x86_tss.ss1), 0);

	/*
	 * After a fault inside the Switcher the register block is rubble;
	 * keep the registers we tried to load, they tell what was wrong.
	 */
	if (trap >= LG_TRAP_SWITCHER_FAULT)
		lg->regs.trapnum = trap;
	else
		lg_copy_regs(&lg->regs, &pages->regs);

	if ((trap >= FIRST_EXTERNAL_VECTOR && trap < 256 &&
	     trap != IA32_SYSCALL_VECTOR) || trap == X86_TRAP_NMI)
		lg_do_host_irq(trap);
	else if (trap == X86_TRAP_MC)
		lg_do_host_mce();

	local_irq_enable();
	fpregs_unlock();
	return true;
}

/* Set up one CPU's Switcher pages and its Guest-side page table. */
static int __init setup_cpu(unsigned int cpu)
{
	struct lguest_pages *pages = lguest_pages(cpu);
	struct lguest_ro_state *st = &pages->state;
	unsigned int first = LGUEST_SWITCHER_TEXT_PAGES + 2 * cpu;
	struct page **pg = switcher_pages;
	u32 tss = (u32)&st->guest_tss, *ptes, *pt, *pd;
	struct lg_desc *host_gdt;
	unsigned long hs_va;
	unsigned int i, v;

	st->guest_gdt.size = GDT_ENTRIES * 8 - 1;
	st->guest_gdt.address = (u32)st->gdt;
	st->guest_idt.size = 256 * 8 - 1;
	st->guest_idt.address = (u32)st->idt;

	/* Traps from the Guest land at the top of the regs page, in ring 0. */
	st->guest_tss.sp0 = (u32)(&pages->regs + 1);
	st->guest_tss.ss0 = LGUEST_DS;
	/* An I/O bitmap offset beyond the TSS limit: no port access. */
	st->guest_tss.io_bitmap_base = sizeof(struct x86_hw_tss);

	st->gdt[LGUEST_CS / 8] = (struct lg_desc){ LG_FLAT_LO, LG_CODE_RING0_HI };
	st->gdt[LGUEST_DS / 8] = (struct lg_desc){ LG_FLAT_LO, LG_DATA_RING0_HI };
	st->gdt[GDT_ENTRY_TSS].lo = (tss << 16) | (sizeof(struct x86_hw_tss) - 1);
	st->gdt[GDT_ENTRY_TSS].hi = (tss & 0xFF000000) | ((tss >> 16) & 0xFF) |
				    (0x89 << 8);
	for (v = 0; v < 256; v++) {
		u32 dpl = v == LGUEST_TRAP_ENTRY ? 1 : 0;

		st->idt[v].lo = (stub_addrs[v] & 0xFFFF) | (LGUEST_CS << 16);
		st->idt[v].hi = (stub_addrs[v] & 0xFFFF0000) | 0x8E00 |
				(dpl << 13);
	}

	/*
	 * The page table a Guest's directory entry 1023 points to while it
	 * runs on this CPU: the Switcher code (read-only), this CPU's regs
	 * page (writable: the CPU pushes trap frames there) and state page
	 * (read-only).  Nothing else of the Host, and nothing secret.
	 */
	ptes = (u32 *)get_zeroed_page(GFP_KERNEL);
	if (!ptes)
		return -ENOMEM;
	for (i = 0; i < LGUEST_SWITCHER_TEXT_PAGES; i++)
		ptes[((lg_switcher_base >> PAGE_SHIFT) + i) & 1023] =
			page_to_phys(pg[i]) | _PAGE_PRESENT | _PAGE_ACCESSED;
	ptes[((lg_switcher_base >> PAGE_SHIFT) + first) & 1023] =
		page_to_phys(pg[first]) | _PAGE_PRESENT | _PAGE_RW |
		_PAGE_ACCESSED | _PAGE_DIRTY;
	ptes[((lg_switcher_base >> PAGE_SHIFT) + first + 1) & 1023] =
		page_to_phys(pg[first + 1]) | _PAGE_PRESENT | _PAGE_ACCESSED;
	switcher_pte_pa[cpu] = __pa(ptes);

	/*
	 * The bridge: a page directory with nothing but entry 1023, whose
	 * page table maps what the Guest's does plus this CPU's host page,
	 * just after the pair (see the exit path in switcher_32.S).
	 */
	hs_va = (unsigned long)(pages + 1);
	if (WARN_ON((hs_va >> 22) != 1023))
		return -EINVAL;
	host_state[cpu] = (void *)get_zeroed_page(GFP_KERNEL);
	pt = bridge_pt[cpu] = (u32 *)get_zeroed_page(GFP_KERNEL);
	pd = bridge_pd[cpu] = (u32 *)get_zeroed_page(GFP_KERNEL);
	if (!host_state[cpu] || !pt || !pd)
		return -ENOMEM;
	memcpy(pt, ptes, PAGE_SIZE);
	pt[(hs_va >> PAGE_SHIFT) & 1023] = __pa(host_state[cpu]) |
		_PAGE_PRESENT | _PAGE_ACCESSED;
	pd[1023] = __pa(pt) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
	st->bridge_cr3 = __pa(pd);

	/* The Host's GDT needs the Switcher's segments too. */
	host_gdt = (struct lg_desc *)get_cpu_gdt_rw(cpu);
	host_gdt[LGUEST_CS / 8] = st->gdt[LGUEST_CS / 8];
	host_gdt[LGUEST_DS / 8] = st->gdt[LGUEST_DS / 8];
	return 0;
}

/*
 * Undo setup_cpu(), however far it got: the Host's GDT loses the
 * Switcher's segments and the CPU's private pages go back.
 */
static void free_cpu(unsigned int cpu)
{
	struct lg_desc *host_gdt = (struct lg_desc *)get_cpu_gdt_rw(cpu);

	host_gdt[LGUEST_CS / 8] = (struct lg_desc){ 0, 0 };
	host_gdt[LGUEST_DS / 8] = (struct lg_desc){ 0, 0 };
	if (switcher_pte_pa[cpu])
		free_page((unsigned long)__va(switcher_pte_pa[cpu]));
	free_page((unsigned long)host_state[cpu]);
	free_page((unsigned long)bridge_pt[cpu]);
	free_page((unsigned long)bridge_pd[cpu]);
	switcher_pte_pa[cpu] = 0;
	host_state[cpu] = NULL;
	bridge_pt[cpu] = bridge_pd[cpu] = NULL;
}

/*
 * Everything lg_host_init() built, in reverse; also its error path, so
 * each step copes with never having happened.  No Guest can be running:
 * each one holds the module through its open /dev/lguest.
 */
static void lg_host_teardown(void)
{
	unsigned int i, cpu;

	for_each_possible_cpu(cpu)
		free_cpu(cpu);
	if (lg_switcher_base)
		lguest_unmap_switcher();
	lg_switcher_base = 0;
	for (i = 0; i < LGUEST_SWITCHER_PAGES; i++) {
		if (switcher_pages[i])
			__free_page(switcher_pages[i]);
		switcher_pages[i] = NULL;
	}
}

static bool __init running_in_ring0(void)
{
	unsigned short cs;

	savesegment(cs, cs);
	return (cs & 3) == 0;
}

static int __init lg_host_init(void)
{
	size_t text = lguest_switcher_end - lguest_switcher_start;
	unsigned int i, cpu;
	int err;

	/* A Guest (in ring 1) cannot be a Host. */
	if (!running_in_ring0()) {
		pr_info("lguest: not in ring 0, so not a Host\n");
		return -ENODEV;
	}
	if (!boot_cpu_has(X86_FEATURE_FXSR)) {
		pr_info("lguest: the Host needs a CPU with FXSR\n");
		return -ENODEV;
	}
	if (WARN_ON(text > LGUEST_SWITCHER_TEXT_PAGES * PAGE_SIZE))
		return -EINVAL;

	err = -ENOMEM;
	for (i = 0; i < LGUEST_SWITCHER_PAGES; i++) {
		switcher_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!switcher_pages[i])
			goto fail;
	}
	memcpy(page_address(switcher_pages[0]), lguest_switcher_start, text);

	/* Page i at the i-th slot up from the lowest one (switcher_fixmap.c). */
	lguest_map_switcher(switcher_pages, LGUEST_SWITCHER_TEXT_PAGES);
	lg_switcher_base = fix_to_virt(FIX_LGUEST_SWITCHER_LAST);
	lg_ldt_base = lg_switcher_base - LG_LDT_PAGES * PAGE_SIZE;
	err = -EINVAL;
	if (WARN_ON((lg_ldt_base >> 22) != 1023))
		goto fail;

	for (i = 0; i < 256; i++)
		stub_addrs[i] = lg_switcher_base + lguest_stub_offsets[i];
	lguest_entry.offset = lg_switcher_base +
		(lguest_switch_to_guest - lguest_switcher_start);
	lguest_entry.segment = LGUEST_CS;

	for_each_possible_cpu(cpu) {
		err = setup_cpu(cpu);
		if (err)
			goto fail;
	}

	err = lguest_device_init();
	if (err)
		goto fail;
	pr_info("lguest: Host ready, Switcher at %#lx\n", lg_switcher_base);
	return 0;

fail:
	lg_host_teardown();
	return err;
}
module_init(lg_host_init);

/*
 * rmmod lg: only possible with no Guest left, since each open /dev/lguest
 * holds the module (lguest_fops.owner).  Once the device is gone nobody
 * can start a new one, so the Switcher can go too.
 */
static void __exit lg_host_exit(void)
{
	lguest_device_exit();
	lg_host_teardown();
	pr_info("lguest: Host unloaded\n");
}
module_exit(lg_host_exit);

MODULE_DESCRIPTION("lguest: the Host of a tiny paravirtual hypervisor (/dev/lguest)");
MODULE_LICENSE("GPL");
