// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the lguest Host's stand-alone checks.
 *
 * These are the rules that stand between a hostile Guest and the Host:
 * what a Guest may put in its GDT, IDT and page tables, which addresses it
 * may make us touch, and which hypercall arguments we accept.
 *
 * Tour stop 2: KUnit for checks.c.
 */
#include <kunit/test.h>
#include <linux/lguest.h>
#include <asm/irq_vectors.h>
#include <asm/segment.h>
#include <asm/trapnr.h>
#include "lg.h"

/* A few descriptors, as (lo, hi). */
#define FLAT_LO		0x0000FFFF
#define CODE_DPL0_HI	0x00CF9A00	/* present, S, DPL 0, exec/read */
#define DATA_DPL0_HI	0x00CF9200
#define DATA_DPL3_HI	0x00CFF200
#define CALL_GATE_HI	0x0000EC00	/* present, DPL 3, 32-bit call gate */
#define TSS_HI		0x00008900
#define NOT_PRESENT_HI	0x00CF1A00

static void gdt_kernel_code_goes_to_ring1(struct kunit *test)
{
	struct lg_desc d = { FLAT_LO, CODE_DPL0_HI };

	KUNIT_EXPECT_EQ(test, lg_sanitise_gdt_entry(&d), 0);
	KUNIT_EXPECT_EQ(test, (d.hi >> 13) & 3, 1U);	/* DPL 1 */
	KUNIT_EXPECT_TRUE(test, d.hi & (1U << 8));	/* accessed */
	KUNIT_EXPECT_EQ(test, d.lo, (u32)FLAT_LO);	/* base/limit kept */
	KUNIT_EXPECT_EQ(test, d.hi & ~0x6100U, CODE_DPL0_HI & ~0x6100U);
}

static void gdt_user_data_untouched_but_accessed(struct kunit *test)
{
	struct lg_desc d = { FLAT_LO, DATA_DPL3_HI };

	KUNIT_EXPECT_EQ(test, lg_sanitise_gdt_entry(&d), 0);
	KUNIT_EXPECT_EQ(test, d.hi, DATA_DPL3_HI | 0x100U);
}

static void gdt_system_descriptors_refused(struct kunit *test)
{
	struct lg_desc gate = { 0x00500000, CALL_GATE_HI };	/* to LGUEST_CS */
	struct lg_desc tss = { 0x00000067, TSS_HI };

	KUNIT_EXPECT_EQ(test, lg_sanitise_gdt_entry(&gate), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_sanitise_gdt_entry(&tss), -EINVAL);
}

static void gdt_not_present_zeroed(struct kunit *test)
{
	struct lg_desc d = { 0x12345678, NOT_PRESENT_HI };

	KUNIT_EXPECT_EQ(test, lg_sanitise_gdt_entry(&d), 0);
	KUNIT_EXPECT_EQ(test, d.lo, 0U);
	KUNIT_EXPECT_EQ(test, d.hi, 0U);
}

/*
 * What modify_ldt() writes passes; gates and other system descriptors,
 * present or not, and DPL 0 code do not.
 */
static void ldt_entries(struct kunit *test)
{
	struct lg_desc empty = { 0, 0 };
	struct lg_desc data = { FLAT_LO, DATA_DPL3_HI };
	struct lg_desc absent = { 0x12345678, DATA_DPL3_HI & ~0x8000U };
	struct lg_desc data0 = { FLAT_LO, DATA_DPL0_HI };
	struct lg_desc code0 = { FLAT_LO, CODE_DPL0_HI };
	struct lg_desc gate = { 0x00500000, CALL_GATE_HI };
	struct lg_desc gate_absent = { 0x00500000, CALL_GATE_HI & ~0x8000U };
	struct lg_desc tss = { 0x00000067, TSS_HI };

	KUNIT_EXPECT_EQ(test, lg_sanitise_ldt_entry(&empty), 0);
	KUNIT_EXPECT_EQ(test, empty.lo | empty.hi, 0U);
	KUNIT_EXPECT_EQ(test, lg_sanitise_ldt_entry(&data), 0);
	KUNIT_EXPECT_EQ(test, data.hi, DATA_DPL3_HI | 0x100U);
	/* Not present stays so, base and limit kept: loading it is a #NP. */
	KUNIT_EXPECT_EQ(test, lg_sanitise_ldt_entry(&absent), 0);
	KUNIT_EXPECT_EQ(test, absent.lo, 0x12345678U);
	KUNIT_EXPECT_FALSE(test, absent.hi & 0x8000U);
	KUNIT_EXPECT_EQ(test, lg_sanitise_ldt_entry(&data0), 0);
	KUNIT_EXPECT_EQ(test, (data0.hi >> 13) & 3, 1U);
	KUNIT_EXPECT_EQ(test, lg_sanitise_ldt_entry(&code0), -EPERM);
	KUNIT_EXPECT_EQ(test, lg_sanitise_ldt_entry(&gate), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_sanitise_ldt_entry(&gate_absent), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_sanitise_ldt_entry(&tss), -EINVAL);
}

static void gdt_reserved_slots(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, lg_gdt_slot_reserved(10));
	KUNIT_EXPECT_TRUE(test, lg_gdt_slot_reserved(11));
	KUNIT_EXPECT_TRUE(test, lg_gdt_slot_reserved(GDT_ENTRY_TSS));
	KUNIT_EXPECT_TRUE(test, lg_gdt_slot_reserved(GDT_ENTRY_DOUBLEFAULT_TSS));
	KUNIT_EXPECT_FALSE(test, lg_gdt_slot_reserved(GDT_ENTRY_KERNEL_CS));
	KUNIT_EXPECT_FALSE(test, lg_gdt_slot_reserved(GDT_ENTRY_TLS_MIN));
}

static void idt_gates(struct kunit *test)
{
	struct lg_desc out = { 1, 1 };
	/* Interrupt gate, DPL 3, offset 0xC0123456, selector 0x60. */
	u32 lo = 0x00603456, hi = 0xC012EE00;

	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(0x80, lo, hi, &out), 0);
	KUNIT_EXPECT_EQ(test, out.lo, 0x00613456U);	/* selector 0x61 */
	KUNIT_EXPECT_EQ(test, out.hi, hi);
	/* Trap gate fine too. */
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(14, lo, 0xC0128F00, &out), 0);
	/* A task gate (type 5) or call gate (0xC) kills. */
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(14, lo, 0x00008500, &out), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(14, lo, 0xC0128C00, &out), -EINVAL);
	/* A segment descriptor (S set) is not a gate. */
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(14, lo, 0xC0129E00, &out), -EINVAL);
	/* Host-owned vectors are ignored, even with a bad type. */
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(8, lo, 0x00008500, &out), 1);
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(LGUEST_TRAP_ENTRY, lo, hi, &out), 1);
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(2, lo, hi, &out), 1);
	/* Out of range. */
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(256, lo, hi, &out), -ERANGE);
	/* Not present: stored as empty. */
	KUNIT_EXPECT_EQ(test, lg_sanitise_idt_entry(33, lo, 0xC0120E00, &out), 0);
	KUNIT_EXPECT_EQ(test, out.hi, 0U);
}

static void range_checks(struct kunit *test)
{
	/* 16 pages of Guest memory. */
	KUNIT_EXPECT_TRUE(test, lg_range_ok(0, 4096, 16));
	KUNIT_EXPECT_TRUE(test, lg_range_ok(15 * 4096, 4095, 16));
	KUNIT_EXPECT_FALSE(test, lg_range_ok(15 * 4096, 4096, 16));
	KUNIT_EXPECT_FALSE(test, lg_range_ok(16 * 4096, 0, 16));
	/* Wrap-around: a huge length must not look like a small end. */
	KUNIT_EXPECT_FALSE(test, lg_range_ok(0x1000, 0xFFFFF000, 16));
	KUNIT_EXPECT_FALSE(test, lg_range_ok(0xFFFFFFF0, 0x20, 16));
}

static void page_table_entries(struct kunit *test)
{
	/* Directory entries: only P RW US A D. */
	KUNIT_EXPECT_TRUE(test, lg_gpgd_ok(0x00003067, 16));
	KUNIT_EXPECT_FALSE(test, lg_gpgd_ok(0x000030E7, 16));	/* 4 MiB page */
	KUNIT_EXPECT_FALSE(test, lg_gpgd_ok(0x0000300F, 16));	/* PWT */
	KUNIT_EXPECT_FALSE(test, lg_gpgd_ok(0x00010067, 16));	/* beyond limit */
	/* PTEs: frame below the limit, no PWT/PAT. */
	KUNIT_EXPECT_TRUE(test, lg_gpte_ok(0x0000F163, 16));	/* global is fine */
	KUNIT_EXPECT_FALSE(test, lg_gpte_ok(0x00010063, 16));
	KUNIT_EXPECT_FALSE(test, lg_gpte_ok(0x0000306B, 16));
	KUNIT_EXPECT_FALSE(test, lg_gpte_ok(0x000030E3, 16));
	/* Shadow flags: no global, RW only once dirty. */
	KUNIT_EXPECT_EQ(test, lg_shadow_pte_flags(0x00003167), 0x67U);
	KUNIT_EXPECT_EQ(test, lg_shadow_pte_flags(0x00003027), 0x25U);
	KUNIT_EXPECT_EQ(test, lg_shadow_pte_flags(0x00003013), 0x01U);
	/* The Switcher's 4 MiB. */
	KUNIT_EXPECT_TRUE(test, lg_vaddr_is_switcher(0xFFC00000));
	KUNIT_EXPECT_TRUE(test, lg_vaddr_is_switcher(0xFFFFF000));
	KUNIT_EXPECT_FALSE(test, lg_vaddr_is_switcher(0xFFBFFFFF));
}

static void shadow_budget(struct kunit *test)
{
	/* 16 MiB: 4 tables per directory, plus the spare ones. */
	KUNIT_EXPECT_EQ(test, lg_shadow_budget(4096), 4U * 4 + 256);
	/* 1 GiB: its whole linear map in every cached directory. */
	KUNIT_EXPECT_GE(test, lg_shadow_budget(262144), 4U * 256);
	/* Never more than the cached directories hold... */
	KUNIT_EXPECT_EQ(test, lg_shadow_budget(0xFFFFFFFF), 4U * 1022);
	/* ...and always some, however small the Guest. */
	KUNIT_EXPECT_GE(test, lg_shadow_budget(1), 256U);
}

static void invalidation_ranges(struct kunit *test)
{
	u32 first = 7, last = 7;

	/* A 16 MiB Guest: pages [0, 4096), Launcher addresses [0, 16 MiB). */
	KUNIT_EXPECT_TRUE(test, lg_inval_pfns(0x800000, 0x900000, 4096,
					      &first, &last));
	KUNIT_EXPECT_EQ(test, first, 0x800U);
	KUNIT_EXPECT_EQ(test, last, 0x900U);
	/* A range past the end of Guest memory is cut at its end. */
	KUNIT_EXPECT_TRUE(test, lg_inval_pfns(0xFFF000, 0xB0000000, 4096,
					      &first, &last));
	KUNIT_EXPECT_EQ(test, first, 4095U);
	KUNIT_EXPECT_EQ(test, last, 4096U);
	/* Unaligned: every page with a byte in it. */
	KUNIT_EXPECT_TRUE(test, lg_inval_pfns(0x1FFF, 0x2001, 4096,
					      &first, &last));
	KUNIT_EXPECT_EQ(test, first, 1U);
	KUNIT_EXPECT_EQ(test, last, 3U);
	/* The Launcher's own memory, above the Guest's: nothing to do. */
	first = last = 7;
	KUNIT_EXPECT_FALSE(test, lg_inval_pfns(0x1000000, 0x1001000, 4096,
					       &first, &last));
	KUNIT_EXPECT_FALSE(test, lg_inval_pfns(0xBFFFF000, 0xC0000000, 4096,
					       &first, &last));
	/* Empty and backwards ranges touch nothing either. */
	KUNIT_EXPECT_FALSE(test, lg_inval_pfns(0x5000, 0x5000, 4096,
					       &first, &last));
	KUNIT_EXPECT_FALSE(test, lg_inval_pfns(0x6000, 0x5000, 4096,
					       &first, &last));
	KUNIT_EXPECT_EQ(test, first, 7U);
	KUNIT_EXPECT_EQ(test, last, 7U);
}

static void hypercall_arguments(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lg_check_set_stack(__KERNEL_DS | 1, 2), 0);
	KUNIT_EXPECT_EQ(test, lg_check_set_stack(__KERNEL_DS, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_set_stack(__USER_DS, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_set_stack(0x6D, 1), -EINVAL);	/* LDT */
	KUNIT_EXPECT_EQ(test, lg_check_set_stack(__KERNEL_DS | 1, 3), -E2BIG);

	KUNIT_EXPECT_EQ(test, lg_check_bind_dma(0x1000, (4 << 8) | 3), 0);
	KUNIT_EXPECT_EQ(test, lg_check_bind_dma(0x1000, 0), 0);	/* unbind */
	KUNIT_EXPECT_EQ(test, lg_check_bind_dma(0x1000, (4 << 8) | 32), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_bind_dma(0x1000, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_bind_dma(0x1000,
						(LGUEST_MAX_DMA_BUFS << 8) | 3), 0);
	KUNIT_EXPECT_EQ(test, lg_check_bind_dma(0x1000,
						((LGUEST_MAX_DMA_BUFS + 1) << 8) | 3),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_bind_dma(0x1002, (1 << 8) | 3), -EINVAL);

	/* INITIALIZE: pfnlimit, pgdir, start, page_offset. */
	KUNIT_EXPECT_EQ(test, lg_check_initialize(4096, 0x00FFF000, 0x100000,
						  0xC0000000), 0);
	KUNIT_EXPECT_EQ(test, lg_check_initialize(0, 0, 0, 0xC0000000), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_initialize(0x100000, 0, 0, 0xC0000000),
			-EINVAL);
	/* Guest memory ends at 2 GiB: GETDMA's result stays positive. */
	KUNIT_EXPECT_EQ(test, lg_check_initialize(0x80000, 0, 0, 0xC0000000), 0);
	KUNIT_EXPECT_EQ(test, lg_check_initialize(0x80001, 0, 0, 0xC0000000),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_initialize(4096, 0x00FFF800, 0, 0xC0000000),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_initialize(4096, 0x01000000, 0, 0xC0000000),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_initialize(4096, 0, 0, 0xFFC00000), -EINVAL);
	KUNIT_EXPECT_EQ(test, lg_check_initialize(4096, 0, 0, 0xC0001000), -EINVAL);
}

static void dma_lists(struct kunit *test)
{
	struct lguest_dma d = {};
	unsigned int i;

	/* Empty: no sections, which is allowed (a "doorbell"). */
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16), 0);

	d.addr[0] = 0x1000;
	d.len[0] = 4096;
	d.addr[1] = 0x2F00;
	d.len[1] = 0x100;
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16), 2);

	/* One byte over the end of its page. */
	d.len[1] = 0x101;
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16), -EINVAL);
	d.len[1] = 0x100;

	/* Past the Guest's memory (16 pages). */
	d.addr[1] = 0xFE00;
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16), 2);
	d.addr[1] = 0x10000;
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16), -EINVAL);
	d.addr[1] = 0xFFFFFF00;
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16), -EINVAL);

	/* More than a page in one section. */
	d.addr[1] = 0x2000;
	d.len[1] = 0x1001;
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16), -EINVAL);

	/* All sixteen in use: no terminator needed, none read beyond. */
	for (i = 0; i < LGUEST_MAX_DMA_SECTIONS; i++) {
		d.addr[i] = 0x3000 + 16 * i;
		d.len[i] = 16;
	}
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16),
			LGUEST_MAX_DMA_SECTIONS);

	/* Whatever follows the first zero length is not looked at. */
	d.len[3] = 0;
	d.addr[4] = 0xFFFFF000;
	KUNIT_EXPECT_EQ(test, lg_check_dma(&d, 16), 3);
}

/* Which Guest breakpoints the Host arms. */
static void debug_registers(struct kunit *test)
{
	u32 dr[4] = { 0x08049000, 0xbffffffe, 0xc0001000, 0x1000 };
	u32 lim = 0xc0000000;

	/* Slot 0: a 4-byte read/write watch on user memory: kept. */
	KUNIT_EXPECT_EQ(test, lg_dr7_allowed(dr, 0x000f0001, lim), 0x000f0001U);
	/* GD, LE/GE and reserved bits are never loaded. */
	KUNIT_EXPECT_EQ(test, lg_dr7_allowed(dr, 0x000f2301, lim), 0x000f0001U);
	/* Slot 1: 4 bytes from 0xbffffffe cross the limit; 2 bytes fit. */
	KUNIT_EXPECT_EQ(test, lg_dr7_allowed(dr, 0x00f00004, lim), 0U);
	KUNIT_EXPECT_EQ(test, lg_dr7_allowed(dr, 0x00700004, lim), 0x00700004U);
	/* Slot 2: a kernel address is dropped. */
	KUNIT_EXPECT_EQ(test, lg_dr7_allowed(dr, 0x0f000010, lim), 0U);
	/* Slot 3: an I/O breakpoint (type 2) is dropped, execute kept. */
	KUNIT_EXPECT_EQ(test, lg_dr7_allowed(dr, 0x20000040, lim), 0U);
	KUNIT_EXPECT_EQ(test, lg_dr7_allowed(dr, 0x000000c0, lim), 0xc0U);
	/* A disabled slot stays off whatever its other bits say. */
	KUNIT_EXPECT_EQ(test, lg_dr7_allowed(dr, 0x000f0000, lim), 0U);
}

static void lguest_data_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, cr2), 8U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, time_sec), 12U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, time_nsec), 16U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, hcall_status), 20U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, hcalls), 84U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, reserve_mem), 1108U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, guestid), 1112U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, tsc_khz), 1116U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, noirq_start), 1120U);
	/* Ours, after the seed's fields. */
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, irq_pending), 1128U);
	KUNIT_EXPECT_EQ(test, offsetof(struct lguest_data, dr6), 1132U);
	KUNIT_EXPECT_EQ(test, sizeof(struct lguest_data), 1136U);
}

/* The real IDT a Guest runs with: which vectors "int n" may reach. */
static void running_idt_dpls(struct kunit *test)
{
	struct lguest *lg = kunit_kzalloc(test, sizeof(*lg), GFP_KERNEL);
	struct lg_desc *idt = kunit_kcalloc(test, 256, sizeof(*idt), GFP_KERNEL);
	unsigned long *stubs = kunit_kcalloc(test, 256, sizeof(*stubs), GFP_KERNEL);
	unsigned int v;

	KUNIT_ASSERT_NOT_NULL(test, lg);
	KUNIT_ASSERT_NOT_NULL(test, idt);
	KUNIT_ASSERT_NOT_NULL(test, stubs);
	for (v = 0; v < 256; v++)
		stubs[v] = 0xFFFF6000 + v * 12;
	/* The Guest asks for DPL 3 on int3, int $0x80, #PF and IRQ 0x30. */
	lg->idt[3].hi = 0x0000EE00;
	lg->idt[0x80].hi = 0x0000EE00;
	lg->idt[14].hi = 0x0000EE00;
	lg->idt[0x30].hi = 0x0000EE00;
	lg_copy_idt(lg, idt, stubs);

#define DPL(v) ((idt[v].hi >> 13) & 3)
	KUNIT_EXPECT_EQ(test, DPL(3), 3U);
	KUNIT_EXPECT_EQ(test, DPL(0x80), 3U);
	KUNIT_EXPECT_EQ(test, DPL(14), 0U);	/* pushes an error code */
	KUNIT_EXPECT_EQ(test, DPL(0x30), 0U);	/* Host interrupts only */
	KUNIT_EXPECT_EQ(test, DPL(LGUEST_TRAP_ENTRY), 1U);
	KUNIT_EXPECT_EQ(test, DPL(0), 0U);	/* not present in the Guest */
#undef DPL
	/* Every gate: present 32-bit interrupt gate into LGUEST_CS. */
	for (v = 0; v < 256; v++) {
		KUNIT_EXPECT_EQ(test, idt[v].hi & 0x9F00, 0x8E00U);
		KUNIT_EXPECT_EQ(test, idt[v].lo >> 16, (u32)LGUEST_CS);
		KUNIT_EXPECT_EQ(test, (idt[v].lo & 0xFFFF) | (idt[v].hi & 0xFFFF0000),
				(u32)stubs[v]);
	}
}

/*
 * int $0x80 goes straight to the Guest only through a DPL-3 trap gate into
 * its kernel, once it has a stack; anything else keeps the Switcher stub.
 */
static void running_idt_direct_syscall(struct kunit *test)
{
	struct lguest *lg = kunit_kzalloc(test, sizeof(*lg), GFP_KERNEL);
	struct lg_desc *idt = kunit_kcalloc(test, 256, sizeof(*idt), GFP_KERNEL);
	unsigned long *stubs = kunit_kcalloc(test, 256, sizeof(*stubs), GFP_KERNEL);
	struct lg_desc gate;
	unsigned int v;
	static const struct {
		u32 hi;		/* the gate's high word as the Guest sends it */
		bool stack;	/* SET_STACK done */
		bool direct;
	} cases[] = {
		{ 0xC100EF00, true, true },	/* trap, DPL 3, kernel: yes */
		{ 0xC100EF00, false, false },	/* no stack yet */
		{ 0xC100EE00, true, false },	/* interrupt gate */
		{ 0xC100CF00, true, false },	/* trap gate, DPL 2 */
		{ 0xC1006F00, true, false },	/* not present */
		{ 0x0800EF00, true, false },	/* handler below PAGE_OFFSET */
		{ 0xFFC0EF00, true, false },	/* handler in the Switcher */
	};

	KUNIT_ASSERT_NOT_NULL(test, lg);
	KUNIT_ASSERT_NOT_NULL(test, idt);
	KUNIT_ASSERT_NOT_NULL(test, stubs);
	for (v = 0; v < 256; v++)
		stubs[v] = 0xFFFF6000 + v * 12;
	lg->page_offset = 0xC0000000;
	for (v = 0; v < ARRAY_SIZE(cases); v++) {
		KUNIT_ASSERT_EQ(test, lg_sanitise_idt_entry(0x80, 0x00601234,
							    cases[v].hi, &gate), 0);
		lg->idt[0x80] = gate;
		lg->ss1 = 0;
		if (cases[v].stack)
			lg->ss1 = __KERNEL_DS | 1;
		lg_copy_idt(lg, idt, stubs);
		KUNIT_EXPECT_EQ_MSG(test, lg_direct_syscall_ok(lg), cases[v].direct,
				    "case %u", v);
		if (cases[v].direct) {
			/* The Guest's gate, with its ring-1 code segment. */
			KUNIT_EXPECT_EQ(test, idt[0x80].lo,
					0x1234U | ((__KERNEL_CS | 1) << 16));
			KUNIT_EXPECT_EQ(test, idt[0x80].hi, cases[v].hi);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, idt[0x80].lo >> 16, (u32)LGUEST_CS,
					    "case %u", v);
		}
	}
}

/* The Guest's GDT goes into the running one around the Host's slots. */
static void running_gdt_keeps_host_slots(struct kunit *test)
{
	struct lguest *lg = kunit_kzalloc(test, sizeof(*lg), GFP_KERNEL);
	struct lg_desc gdt[GDT_ENTRIES];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, lg);
	for (i = 0; i < GDT_ENTRIES; i++) {
		lg->gdt[i].lo = 0x1000 + i;
		gdt[i].lo = 0x2000 + i;
	}
	lg_copy_gdt(lg, gdt);
	for (i = 0; i < GDT_ENTRIES; i++)
		KUNIT_EXPECT_EQ(test, gdt[i].lo,
				(lg_gdt_slot_reserved(i) ? 0x2000 : 0x1000) + i);

	/* Before any LOAD_GDT: flat ring-1 kernel code and data. */
	lg_setup_guest_gdt(lg);
	KUNIT_EXPECT_EQ(test, (lg->gdt[GDT_ENTRY_KERNEL_CS].hi >> 13) & 3, 1U);
	KUNIT_EXPECT_EQ(test, (lg->gdt[GDT_ENTRY_KERNEL_DS].hi >> 13) & 3, 1U);
	KUNIT_EXPECT_EQ(test, lg->gdt[GDT_ENTRY_KERNEL_CS].hi & 0x1F00, 0x1B00U);
	KUNIT_EXPECT_EQ(test, lg->gdt[GDT_ENTRY_KERNEL_DS].hi & 0x1F00, 0x1300U);
	KUNIT_EXPECT_EQ(test, lg->gdt[GDT_ENTRY_DEFAULT_USER_CS].hi, 0U);
}

/*
 * Exit statistics: each exit's trap number has one counter, and every
 * counter a distinct name that lgstat and the tests can find.
 */
static void exit_statistics(struct kunit *test)
{
	char a[32], b[32];
	unsigned int i, j;

	KUNIT_EXPECT_EQ(test, lg_stat_of_exit(X86_TRAP_PF),
			(unsigned int)LG_STAT_TRAP + 14);
	KUNIT_EXPECT_EQ(test, lg_stat_of_exit(LGUEST_TRAP_ENTRY),
			(unsigned int)LG_STAT_TRAP + 31);
	KUNIT_EXPECT_EQ(test, lg_stat_of_exit(IA32_SYSCALL_VECTOR),
			(unsigned int)LG_STAT_SYSCALL);
	KUNIT_EXPECT_EQ(test, lg_stat_of_exit(LOCAL_TIMER_VECTOR),
			(unsigned int)LG_STAT_HOST_IRQ);
	KUNIT_EXPECT_EQ(test, lg_stat_of_exit(32), (unsigned int)LG_STAT_HOST_IRQ);
	KUNIT_EXPECT_EQ(test, lg_stat_of_exit(LG_TRAP_SWITCHER_FAULT + 13),
			(unsigned int)LG_STAT_SWITCHER_FAULT);

	lg_stat_name(LG_STAT_HCALL + LHCALL_SET_PTE, a, sizeof(a));
	KUNIT_EXPECT_STREQ(test, a, "hcall_set_pte");
	lg_stat_name(LG_STAT_ASYNC + LHCALL_NEW_PGTABLE, a, sizeof(a));
	KUNIT_EXPECT_STREQ(test, a, "async_new_pgtable");
	lg_stat_name(LG_STAT_TRAP + 14, a, sizeof(a));
	KUNIT_EXPECT_STREQ(test, a, "trap_14_pf");
	lg_stat_name(LG_STAT_EXITS, a, sizeof(a));
	KUNIT_EXPECT_STREQ(test, a, "exits");
	lg_stat_name(LG_STAT_SPT_FREE, a, sizeof(a));
	KUNIT_EXPECT_STREQ(test, a, "shadow_pt_free");
	KUNIT_EXPECT_EQ(test, lg_stat_name(LG_STAT_NR, a, sizeof(a)), -EINVAL);

	/* Every name present, one word, short enough, and unique. */
	for (i = 0; i < LG_STAT_NR; i++) {
		int len = lg_stat_name(i, a, sizeof(a));

		KUNIT_EXPECT_GT(test, len, 0);
		KUNIT_EXPECT_LT(test, len, (int)sizeof(a));
		KUNIT_EXPECT_NULL(test, strchr(a, ' '));
		KUNIT_EXPECT_NULL(test, strstr(a, "(null)"));
		for (j = 0; j < i; j++) {
			lg_stat_name(j, b, sizeof(b));
			KUNIT_EXPECT_STRNEQ(test, a, b);
		}
	}
}

static struct kunit_case lguest_host_cases[] = {
	KUNIT_CASE(gdt_kernel_code_goes_to_ring1),
	KUNIT_CASE(gdt_user_data_untouched_but_accessed),
	KUNIT_CASE(gdt_system_descriptors_refused),
	KUNIT_CASE(gdt_not_present_zeroed),
	KUNIT_CASE(gdt_reserved_slots),
	KUNIT_CASE(ldt_entries),
	KUNIT_CASE(idt_gates),
	KUNIT_CASE(range_checks),
	KUNIT_CASE(page_table_entries),
	KUNIT_CASE(shadow_budget),
	KUNIT_CASE(invalidation_ranges),
	KUNIT_CASE(hypercall_arguments),
	KUNIT_CASE(dma_lists),
	KUNIT_CASE(debug_registers),
	KUNIT_CASE(lguest_data_layout),
	KUNIT_CASE(running_idt_dpls),
	KUNIT_CASE(running_idt_direct_syscall),
	KUNIT_CASE(running_gdt_keeps_host_slots),
	KUNIT_CASE(exit_statistics),
	{}
};

static struct kunit_suite lguest_host_suite = {
	.name = "lguest_host",
	.test_cases = lguest_host_cases,
};

kunit_test_suite(lguest_host_suite);

MODULE_DESCRIPTION("KUnit tests for the lguest Host");
MODULE_LICENSE("GPL");
