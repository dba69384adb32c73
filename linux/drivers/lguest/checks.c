// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions about values a Guest hands us.
 *
 * Everything a Guest gives the Host is hostile until proven otherwise:
 * descriptor table entries, page table entries, addresses, hypercall
 * arguments.  The functions here look at such values and nothing else: no
 * Guest memory, no Host state.  That keeps each rule in one place, and lets
 * KUnit (lguest_test.c) exercise the rules without running a Guest.
 *
 * Tour stop 2: the rules for Guest values; next: core.c, the Switcher (stop 3).
 */
#include <linux/errno.h>
#include <linux/mm.h>
#include <asm/segment.h>
#include "lg.h"

/* Bits of the high word of a segment descriptor or gate. */
#define DESC_TYPE_SHIFT		8
#define DESC_ACCESSED		BIT(8)	/* type bit 0 for code/data */
#define DESC_CODE		BIT(11)	/* type bit 3 for code/data */
#define DESC_S			BIT(12)	/* code/data, not system */
#define DESC_DPL_SHIFT		13
#define DESC_DPL_MASK		(3U << DESC_DPL_SHIFT)
#define DESC_P			BIT(15)

/* Page table entry bits (2-level, non-PAE). */
#define PTE_P		0x001
#define PTE_RW		0x002
#define PTE_US		0x004
#define PTE_PWT		0x008
#define PTE_A		0x020
#define PTE_D		0x040
#define PTE_PSE_PAT	0x080	/* PSE in a directory entry, PAT in a PTE */

/* The directory entry flags a Guest may use: P, RW, US, A, D. */
#define GPGD_ALLOWED	(PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)

/*
 * lg_range_ok - may the Guest make us touch [addr, addr + len)?
 *
 * Guest "physical" memory is the Launcher's memory from address 0 up to
 * pfn_limit pages.  The rule is deliberately strict: the page holding the
 * end address must be below the limit, and the sum must not wrap (a huge
 * len would otherwise look like a small end address).
 */
bool lg_range_ok(u32 addr, u32 len, u32 pfn_limit)
{
	u32 end = addr + len;

	if (end < addr)
		return false;
	return (end >> PAGE_SHIFT) < pfn_limit;
}

/*
 * lg_gdt_slot_reserved - GDT slots the Guest never controls.
 *
 * 10 and 11 hold the Switcher's own ring-0 segments, 16 the TSS the Host
 * sets up for this CPU.  17 and 31 are system descriptors: 17 describes
 * the Guest's LDT, which the Host builds from LHCALL_LOAD_LDT (core.c),
 * and 31 (double-fault TSS) is of no use to a ring-1 Guest: a double
 * fault while the Guest runs goes to the Host.
 */
bool lg_gdt_slot_reserved(unsigned int idx)
{
	return idx == LGUEST_CS / 8 || idx == LGUEST_DS / 8 ||
	       idx == GDT_ENTRY_TSS || idx == GDT_ENTRY_LDT ||
	       idx == GDT_ENTRY_DOUBLEFAULT_TSS;
}

/*
 * lg_sanitise_gdt_entry - make one Guest GDT entry safe to load.
 *
 * A not-present entry is stored as zero.  A present system descriptor (call
 * gate, task gate, TSS, LDT) is refused: a call gate in particular would let
 * the Guest jump into ring 0.  A code or data segment keeps its base and
 * limit (paging, not segmentation, protects the Host), but its DPL is raised
 * from 0 to 1, since the Guest kernel runs in ring 1 and writes its kernel
 * descriptors with DPL 0.  The accessed bit is preset: the CPU would try to
 * set it on first use, and the running GDT is read-only to the Guest.
 *
 * Returns 0, or -EINVAL if the entry must not be used.
 */
int lg_sanitise_gdt_entry(struct lg_desc *d)
{
	if (!(d->hi & DESC_P)) {
		d->lo = 0;
		d->hi = 0;
		return 0;
	}
	if (!(d->hi & DESC_S))
		return -EINVAL;
	if (!(d->hi & DESC_DPL_MASK))
		d->hi |= 1U << DESC_DPL_SHIFT;
	d->hi |= DESC_ACCESSED;
	return 0;
}

/*
 * lg_sanitise_ldt_entry - make one Guest LDT entry safe to load.
 *
 * The same rules as for the GDT, stricter where the LDT allows: a Guest's
 * LDT only ever holds what modify_ldt() writes (empty entries, or code and
 * data segments of DPL 3, accessed bit set).  An all-zero entry stays as
 * it is.  Any other system descriptor (a call gate above all), present or
 * not, is refused, and so is a code segment of DPL 0; data of DPL 0 is
 * raised to DPL 1 as in the GDT.  A not-present segment is kept, so that
 * loading it gives the Guest the #NP it would get natively.  The accessed
 * bit is preset, since the Guest's LDT is read-only to the CPU.
 *
 * Returns 0, -EINVAL for a system descriptor or -EPERM for DPL 0 code.
 */
int lg_sanitise_ldt_entry(struct lg_desc *d)
{
	if (!d->lo && !d->hi)
		return 0;
	if (!(d->hi & DESC_S))
		return -EINVAL;
	if (!(d->hi & DESC_DPL_MASK)) {
		if (d->hi & DESC_CODE)
			return -EPERM;
		d->hi |= 1U << DESC_DPL_SHIFT;
	}
	d->hi |= DESC_ACCESSED;
	return 0;
}

/*
 * lg_sanitise_idt_entry - check one LOAD_IDT_ENTRY request.
 *
 * The Guest's IDT is only data to us: we read it when we deliver a trap or
 * interrupt to the Guest.  Vectors 2 (NMI), 8 (double fault, a task gate
 * in Linux), 15 (reserved) and LGUEST_TRAP_ENTRY belong to the Host and are
 * ignored.  A not-present gate is stored as zero.  A present gate must be an
 * interrupt gate (type 0xE) or trap gate (0xF); its selector is replaced by
 * the Guest kernel's ring-1 code segment, whatever the Guest asked for.
 *
 * Returns 0 to store *out, 1 to ignore the request, -ERANGE for a vector
 * beyond 255 or -EINVAL for another kind of gate.
 */
int lg_sanitise_idt_entry(unsigned int vector, u32 lo, u32 hi,
			  struct lg_desc *out)
{
	u32 type;

	if (vector >= 256)
		return -ERANGE;
	if (vector == 2 || vector == 8 || vector == 15 ||
	    vector == LGUEST_TRAP_ENTRY)
		return 1;
	if (!(hi & DESC_P)) {
		out->lo = 0;
		out->hi = 0;
		return 0;
	}
	/* The S bit must be clear and the type 0xE or 0xF. */
	type = (hi >> DESC_TYPE_SHIFT) & 0x1F;
	if (type != 0xE && type != 0xF)
		return -EINVAL;
	out->lo = (lo & 0xFFFF) | ((__KERNEL_CS | 1) << 16);
	out->hi = hi & (0xFFFF0000 | DESC_P | DESC_DPL_MASK | (0xF << 8));
	return 0;
}

/*
 * lg_gpgd_ok - is this present Guest page directory entry acceptable?
 *
 * Only the ordinary flags are allowed (no 4 MiB pages, no caching tricks)
 * and the page table it names must be Guest memory.
 */
bool lg_gpgd_ok(u32 gpgd, u32 pfn_limit)
{
	if ((gpgd & ~PAGE_MASK) & ~GPGD_ALLOWED)
		return false;
	return (gpgd >> PAGE_SHIFT) < pfn_limit;
}

/*
 * lg_gpte_ok - is this present Guest page table entry acceptable?
 *
 * No write-through or PAT games, and the frame must be Guest memory: a
 * frame at or beyond pfn_limit would be the Launcher's own memory.
 */
bool lg_gpte_ok(u32 gpte, u32 pfn_limit)
{
	if (gpte & (PTE_PWT | PTE_PSE_PAT))
		return false;
	return (gpte >> PAGE_SHIFT) < pfn_limit;
}

/*
 * lg_shadow_pte_flags - flags for the shadow entry of a Guest PTE.
 *
 * We keep P, RW, US, A and D, and drop the rest (global pages would survive
 * our address-space switches; cache control is the Host's business).  A
 * page the Guest has not dirtied yet is mapped read-only, so that its first
 * write faults and we can set the Guest's dirty bit, as hardware would.
 */
u32 lg_shadow_pte_flags(u32 gpte)
{
	u32 flags = gpte & (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D);

	if (!(gpte & PTE_D))
		flags &= ~PTE_RW;
	return flags;
}

/*
 * lg_check_set_stack - SET_STACK(ss, esp, pages).
 *
 * The stack segment must be a GDT selector with RPL 1 (the Guest kernel's
 * ring), and the kernel stack is at most two pages.
 */
int lg_check_set_stack(u32 ss, u32 pages)
{
	if ((ss & 3) != 1 || (ss & SEGMENT_TI_MASK) || ss > 0xFFFF)
		return -EINVAL;
	if (pages > 2)
		return -E2BIG;
	return 0;
}

/*
 * lg_check_initialize - LHREQ_INITIALIZE's arguments.
 *
 * pfn_limit: at least one page, and no more than user space can hold, nor
 * 2 GiB: LHREQ_GETDMA returns a guest-physical address as write()'s
 * result, which is an error if negative, so every Guest address must be a
 * positive ssize_t.  (A Guest kernel without highmem uses less anyway.)
 * pgdir: a page-aligned page inside Guest memory.
 * page_offset: 4 MiB aligned (kernel mappings are whole directory
 * entries) and below the Switcher's directory entry.
 */
int lg_check_initialize(u32 pfn_limit, u32 pgdir, u32 start, u32 page_offset)
{
	if (!pfn_limit || pfn_limit > (TASK_SIZE >> PAGE_SHIFT) ||
	    pfn_limit > (LGUEST_GPA_LIMIT >> PAGE_SHIFT))
		return -EINVAL;
	if ((pgdir & ~PAGE_MASK) || (pgdir >> PAGE_SHIFT) >= pfn_limit)
		return -EINVAL;
	if ((page_offset & ((1U << 22) - 1)) || (page_offset >> 22) >= 1023)
		return -EINVAL;
	return 0;
}

/*
 * lg_shadow_budget - how many shadow page tables a Guest may have at once.
 *
 * Enough to map all of its memory once in each cached directory (a page
 * table maps 1024 pages), plus LG_SHADOW_PTES_SPARE for the scattered
 * tables of stacks, mmap areas and vmalloc: a Linux Guest never needs to
 * drop one to make room.  Never more than the cached directories can hold.
 */
unsigned int lg_shadow_budget(u32 pfn_limit)
{
	u32 want = LG_SHADOW_PTES_SPARE + pfn_limit / 1024 * LG_NUM_PGDIRS;

	return min_t(u32, want, LG_NUM_PGDIRS * 1022);
}

/*
 * lg_inval_pfns - the Guest pages a change of Launcher memory touches.
 *
 * Guest-physical address == Launcher address, and the Guest has pages
 * [0, pfn_limit).  An MMU notifier says the Launcher's [start, end) is
 * changing: return the Guest pages with any byte in it as [*first, *last),
 * or false if it misses Guest memory altogether (the Launcher's own heap,
 * stacks and files, the usual case).
 */
bool lg_inval_pfns(unsigned long start, unsigned long end, u32 pfn_limit,
		   u32 *first, u32 *last)
{
	u64 lo = start >> PAGE_SHIFT;
	u64 hi = DIV_ROUND_UP((u64)end, PAGE_SIZE);

	if (hi > pfn_limit)
		hi = pfn_limit;
	if (start >= end || lo >= hi)
		return false;
	*first = lo;
	*last = hi;
	return true;
}

/* The top directory entry (4 MiB) of every Guest belongs to the Switcher. */
bool lg_vaddr_is_switcher(u32 vaddr)
{
	return (vaddr >> 22) >= 1023;
}

/*
 * lg_dr7_allowed - the part of a Guest's DR7 the Host can load.
 *
 * A breakpoint fires on a linear address whoever touches it, and the Host
 * runs with the Guest's DR7 for a few instructions on each side of the
 * switch (and the Switcher touches its own pages in ring 0).  So a slot
 * stays enabled only if its whole range lies below limit (the Guest's
 * user space), and it is not an I/O breakpoint (type 2, which needs
 * CR4.DE).  Only the enable bits (L0-L3, G0-G3) and the slots' type and
 * length fields are kept: never GD, which would make the Host's own
 * debug-register accesses trap.  A slot we drop simply never fires; the
 * Guest's own copy still reads back what it wrote.
 */
u32 lg_dr7_allowed(const u32 dr[4], u32 dr7, u32 limit)
{
	static const u32 span[4] = { 1, 2, 8, 4 };	/* by LEN code */
	u32 out = 0;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		u32 enable = (dr7 >> (2 * i)) & 3;
		u32 ctl = (dr7 >> (16 + 4 * i)) & 0xF;
		u32 len = span[ctl >> 2];

		if (!enable || (ctl & 3) == 2)
			continue;
		/* Instruction breakpoints (type 0) are one byte. */
		if ((ctl & 3) == 0)
			len = 1;
		if (dr[i] >= limit || limit - dr[i] < len)
			continue;
		out |= (enable << (2 * i)) | (ctl << (16 + 4 * i));
	}
	return out;
}

/*
 * lg_check_bind_dma - BIND_DMA(key, dmas, (num << 8) | irq).
 *
 * irq 0 means "unbind".  Otherwise the irq must be a Guest IRQ other than
 * the timer, there must be 1 to LGUEST_MAX_DMA_BUFS buffers, and the key
 * (an address inside the device's page) must be 4-byte aligned.
 */
int lg_check_bind_dma(u32 key, u32 ecx)
{
	u32 irq = ecx & 0xFF, num = ecx >> 8;

	if (key & 3)
		return -EINVAL;
	if (irq == 0)
		return 0;
	if (irq >= LGUEST_IRQS || num == 0 || num > LGUEST_MAX_DMA_BUFS)
		return -EINVAL;
	return 0;
}

/*
 * lg_check_dma - is this buffer description safe to copy to or from?
 *
 * The sections run up to the first zero length (or all
 * LGUEST_MAX_DMA_SECTIONS of them).  Each must lie inside Guest memory and
 * inside one page: the Host copies a section at a time and must never be
 * led across a page into memory the Guest did not name.
 *
 * Returns the number of sections, or -EINVAL.
 */
int lg_check_dma(const struct lguest_dma *dma, u32 pfn_limit)
{
	unsigned int i;

	for (i = 0; i < LGUEST_MAX_DMA_SECTIONS && dma->len[i]; i++) {
		u32 addr = dma->addr[i], len = dma->len[i];

		if (offset_in_page(addr) + len > PAGE_SIZE ||
		    !lg_range_ok(addr, len, pfn_limit))
			return -EINVAL;
	}
	return i;
}
