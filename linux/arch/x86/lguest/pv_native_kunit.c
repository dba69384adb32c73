// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: does a native boot of an lguest-capable kernel run native code?
 *
 * CONFIG_LGUEST_GUEST turns on PARAVIRT_XXL, which routes interrupt
 * flag changes, control register accesses, page-table writes and much
 * more through pv_ops.  Each such call site is compiled as an indirect
 * "call *pv_ops.op", and the alternatives machinery rewrites it once at
 * boot: into the native instruction itself where one fits (cli, sti,
 * pushf, mov from %cr2 ...), into a direct call otherwise.  If that ever
 * stopped happening, the kernel would still boot and work, only slower,
 * so nothing else would notice.  These tests notice.
 *
 * They look at four things:
 *   - pv_ops still points at the native functions;
 *   - small functions below, each holding one pv call site, were patched
 *     (their machine code is decoded and searched);
 *   - the hot ops whose native code is compiled inline next to the pv
 *     call (set_pte, lazy MMU mode, ...: see pv_native_inline()) take
 *     that inline path, without any call, and page-table values are
 *     converted without any pv call at all;
 *   - the lguest iret hook in entry_32.S became a NOP.
 *
 * Under lguest the pv ops are the Guest's own and none of this holds, so
 * the tests skip themselves there.
 *
 * Tour stop 1: the pv hooks a Guest needs cost a native boot nothing.
 */
#include <kunit/test.h>
#include <linux/irqflags.h>
#include <linux/string.h>
#include <asm/cpufeature.h>
#include <asm/fixmap.h>
#include <asm/insn.h>
#include <asm/nops.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>

/*
 * One pv call site each.  They are never called (disabling interrupts
 * inside a test would be rude): only their code is inspected.  noinline
 * keeps each a function of its own, and taking their addresses below
 * keeps them from being discarded.
 */
static noinline void site_irq_disable(void)
{
	arch_local_irq_disable();
}

static noinline void site_irq_enable(void)
{
	arch_local_irq_enable();
}

static noinline unsigned long site_save_fl(void)
{
	return arch_local_save_flags();
}

static noinline unsigned long site_read_cr2(void)
{
	return read_cr2();
}

static noinline unsigned long site_read_cr3(void)
{
	return __read_cr3();
}

/* An op without an inline native form: it must become a direct call. */
static noinline unsigned long site_read_cr0(void)
{
	return read_cr0();
}

/*
 * Hot ops with their native code inline: after patching, the path from
 * the function's entry to its first "ret" must hold no call at all.
 */
static noinline void site_set_pte(pte_t *ptep, pte_t pte)
{
	set_pte(ptep, pte);
}

static noinline void site_set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	set_pmd(pmdp, pmd);
}

static noinline void site_lazy_mmu(void)
{
	arch_enter_lazy_mmu_mode();
	arch_leave_lazy_mmu_mode();
}

static noinline void site_alloc_release_pte(struct mm_struct *mm,
					    unsigned long pfn)
{
	paravirt_alloc_pte(mm, pfn);
	paravirt_release_pte(pfn);
}

/*
 * Page-table value conversions, which on i386 must not be pv ops at all:
 * not even ones patched into NOPs at boot.
 */
static noinline unsigned long site_pte_round_trip(unsigned long v)
{
	return pte_val(__pte(v)) + pgd_val(__pgd(v));
}

/* What decoding one of the functions above found. */
struct site_scan {
	bool indirect_call;	/* "call *..." is still there */
	bool direct_call;	/* "call rel32" */
	bool native_seq;	/* the expected native bytes start an insn */
	bool nop;		/* a NOP of the kernel's (a patched site) */
	bool decoded;		/* reached the final "ret" cleanly */
};

/*
 * Decode @fn instruction by instruction up to its "ret", which the
 * functions above reach without any branch.  @want is the native code a
 * patched site should hold, or NULL if only calls are of interest.
 */
static struct site_scan scan_site(const void *fn, const u8 *want,
				  size_t want_len)
{
	struct site_scan s = { };
	const u8 *p = fn;
	struct insn insn;
	int off;

	for (off = 0; off < 64; off += insn.length) {
		if (insn_decode_kernel(&insn, p + off))
			break;

		if (want && !memcmp(p + off, want, want_len))
			s.native_seq = true;
		if (insn.length <= ASM_NOP_MAX &&
		    !memcmp(p + off, x86_nops[insn.length], insn.length))
			s.nop = true;

		switch (insn.opcode.bytes[0]) {
		case 0xe8:
			s.direct_call = true;
			break;
		case 0xff:
			/* ff /2 is an indirect near call. */
			if (X86_MODRM_REG(insn.modrm.bytes[0]) == 2)
				s.indirect_call = true;
			break;
		case 0xc3:
			s.decoded = true;
			return s;
		}
	}
	return s;
}

static void skip_under_lguest(struct kunit *test)
{
	if (boot_cpu_has(X86_FEATURE_LGUEST))
		kunit_skip(test, "running as an lguest Guest: pv ops are not native");
}

/* pv_ops must be the native implementations on a native boot. */
static void pv_ops_are_native(struct kunit *test)
{
	skip_under_lguest(test);

	KUNIT_EXPECT_STREQ(test, pv_info.name, "bare hardware");

	KUNIT_EXPECT_PTR_EQ(test, pv_ops.irq.save_fl.func,
			    (void *)pv_native_save_fl);
	KUNIT_EXPECT_PTR_EQ(test, pv_ops.irq.irq_disable.func,
			    (void *)pv_native_irq_disable);
	KUNIT_EXPECT_PTR_EQ(test, pv_ops.irq.irq_enable.func,
			    (void *)pv_native_irq_enable);
	KUNIT_EXPECT_PTR_EQ(test, pv_ops.mmu.read_cr2.func,
			    (void *)pv_native_read_cr2);
	KUNIT_EXPECT_PTR_EQ(test, (void *)pv_ops.cpu.write_cr0,
			    (void *)native_write_cr0);
	KUNIT_EXPECT_PTR_EQ(test, (void *)pv_ops.cpu.write_cr4,
			    (void *)native_write_cr4);
	KUNIT_EXPECT_PTR_EQ(test, (void *)pv_ops.cpu.wbinvd,
			    (void *)pv_native_wbinvd);
	KUNIT_EXPECT_PTR_EQ(test, pv_ops.mmu.pte_val.func,
			    (void *)_paravirt_ident_64);
	KUNIT_EXPECT_PTR_EQ(test, pv_ops.mmu.make_pte.func,
			    (void *)_paravirt_ident_64);
	KUNIT_EXPECT_PTR_EQ(test, (void *)pv_ops.mmu.flush_tlb_user,
			    (void *)native_flush_tlb_local);
	KUNIT_EXPECT_PTR_EQ(test, (void *)pv_ops.mmu.flush_tlb_kernel,
			    (void *)native_flush_tlb_global);
	KUNIT_EXPECT_PTR_EQ(test, (void *)pv_ops.mmu.set_fixmap,
			    (void *)native_set_fixmap);
}

struct inline_case {
	const char *what;
	const void *fn;
	u8 native[4];
	size_t len;
};

/* Sites whose native instruction fits in the call slot: inlined. */
static const struct inline_case inline_cases[] = {
	{ "cli",		site_irq_disable, { 0xfa }, 1 },
	{ "sti",		site_irq_enable,  { 0xfb }, 1 },
	{ "pushf; pop %eax",	site_save_fl,	  { 0x9c, 0x58 }, 2 },
	{ "mov %cr2,%eax",	site_read_cr2,	  { 0x0f, 0x20, 0xd0 }, 3 },
	{ "mov %cr3,%eax",	site_read_cr3,	  { 0x0f, 0x20, 0xd8 }, 3 },
};

static void pv_sites_are_inlined(struct kunit *test)
{
	int i;

	skip_under_lguest(test);

	for (i = 0; i < ARRAY_SIZE(inline_cases); i++) {
		const struct inline_case *c = &inline_cases[i];
		struct site_scan s = scan_site(c->fn, c->native, c->len);

		KUNIT_EXPECT_TRUE_MSG(test, s.decoded,
				      "%s site: could not decode to ret", c->what);
		KUNIT_EXPECT_FALSE_MSG(test, s.indirect_call,
				       "%s site: indirect pv call left", c->what);
		KUNIT_EXPECT_FALSE_MSG(test, s.direct_call,
				       "%s site: called, not inlined", c->what);
		KUNIT_EXPECT_TRUE_MSG(test, s.native_seq,
				      "%s site: native code not found", c->what);
	}
}

static void pv_sites_are_direct_calls(struct kunit *test)
{
	struct site_scan s;

	skip_under_lguest(test);

	s = scan_site(site_read_cr0, NULL, 0);
	KUNIT_EXPECT_TRUE(test, s.decoded);
	KUNIT_EXPECT_FALSE_MSG(test, s.indirect_call,
			       "read_cr0 site: indirect pv call left");
	KUNIT_EXPECT_TRUE_MSG(test, s.direct_call,
			      "read_cr0 site: no direct call");
}

/*
 * The exit path's iret hook is a 5-byte jump the Guest aims at its own
 * iret; natively it must have become the kernel's 5-byte NOP (what
 * alternatives pad with), right before the iret instruction.
 */
struct fast_case {
	const char *what;
	const void *fn;
};

static const struct fast_case fast_cases[] = {
	{ "set_pte",			site_set_pte },
	{ "set_pmd",			site_set_pmd },
	{ "lazy mmu enter/leave",	site_lazy_mmu },
	{ "alloc/release_pte",		site_alloc_release_pte },
};

static void pv_fast_paths_are_native(struct kunit *test)
{
	pte_t pte = native_make_pte(0);
	int i;

	skip_under_lguest(test);

	/* The switch every fast path tests must have been thrown. */
	KUNIT_EXPECT_TRUE_MSG(test, pv_native_inline(),
			      "pv_native_inline() still false: not patched");

	for (i = 0; i < ARRAY_SIZE(fast_cases); i++) {
		const struct fast_case *c = &fast_cases[i];
		struct site_scan s = scan_site(c->fn, NULL, 0);

		KUNIT_EXPECT_TRUE_MSG(test, s.decoded,
				      "%s site: could not decode to ret", c->what);
		KUNIT_EXPECT_FALSE_MSG(test, s.indirect_call,
				       "%s site: indirect pv call", c->what);
		KUNIT_EXPECT_FALSE_MSG(test, s.direct_call,
				       "%s site: still calls", c->what);
	}

	/* And the inline path does the job (on a pte that maps nothing). */
	site_set_pte(&pte, native_make_pte(0x1234067));
	KUNIT_EXPECT_EQ(test, native_pte_val(pte), 0x1234067UL);
}

/*
 * On i386 page-table values are converted natively at compile time, not
 * by pv ops patched into NOPs at boot (which would still pin registers
 * and act as compiler barriers): the conversions compile to plain
 * arithmetic, with neither a call nor a patched NOP on the way.
 */
static void pte_conversions_are_native(struct kunit *test)
{
	struct site_scan s = scan_site(site_pte_round_trip, NULL, 0);

	KUNIT_EXPECT_TRUE(test, s.decoded);
	KUNIT_EXPECT_FALSE_MSG(test, s.indirect_call || s.direct_call,
			       "pte/pgd conversion site calls");
	KUNIT_EXPECT_FALSE_MSG(test, s.nop,
			       "pte/pgd conversion site holds a patched NOP");
	KUNIT_EXPECT_EQ(test, site_pte_round_trip(0x5000063), 0xa0000c6UL);
}

static void iret_hook_is_nop(struct kunit *test)
{
	static const u8 nop5[] = { BYTES_NOP5 };
	const u8 *p = early_lguest_iret_patch;

	skip_under_lguest(test);

	KUNIT_EXPECT_MEMEQ_MSG(test, p, nop5, sizeof(nop5),
			       "iret hook is %*ph, not a NOP", 5, p);
	KUNIT_EXPECT_EQ_MSG(test, p[5], 0xcf, "iret hook not followed by iret");
}

static struct kunit_case lguest_pv_native_cases[] = {
	KUNIT_CASE(pv_ops_are_native),
	KUNIT_CASE(pv_sites_are_inlined),
	KUNIT_CASE(pv_sites_are_direct_calls),
	KUNIT_CASE(pv_fast_paths_are_native),
	KUNIT_CASE(pte_conversions_are_native),
	KUNIT_CASE(iret_hook_is_nop),
	{}
};

static struct kunit_suite lguest_pv_native_suite = {
	.name = "lguest_pv_native",
	.test_cases = lguest_pv_native_cases,
};
kunit_test_suite(lguest_pv_native_suite);
