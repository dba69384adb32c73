// SPDX-License-Identifier: GPL-2.0
/*
 * The one piece of the lguest Host that is built into the kernel even when
 * the rest of it is the module lg.ko: filling and emptying the Switcher's
 * fixmap slots.
 *
 * The Switcher must sit at the same address in the Host and in every
 * Guest, in the top 4 MiB a Guest leaves its Host, and be mapped in every
 * Host address space.  The fixmap gives exactly that: slots reserved at
 * build time (FIX_LGUEST_SWITCHER_FIRST to _LAST in asm/fixmap.h, present
 * only when CONFIG_LGUEST is y or m) in the kernel page table that all
 * address spaces share.  Writing them takes __set_fixmap(), which x86
 * keeps to the kernel proper, rightly: a module able to point any fixmap
 * slot anywhere could map over the APIC or the kernel's own text.  So the
 * module gets these two calls, which only ever touch lguest's slots, and
 * nothing more.
 *
 * Tour stop 3: where the Switcher's pages are mapped; read core.c's
 * lg_host_init() for how they are filled.
 */
#include <linux/export.h>
#include <linux/mm.h>
#include <asm/fixmap.h>
#include <asm/io.h>
#include <asm/tlbflush.h>
#include "lg.h"

/*
 * Map pages[i] at slot FIX_LGUEST_SWITCHER_LAST - i (fixmap slots grow
 * downwards, so the array goes up in addresses): the first text_pages
 * read-only and executable, the per-CPU pairs after them read-write.  The
 * slots were empty, so no CPU can hold a stale translation for them.
 */
void lguest_map_switcher(struct page **pages, unsigned int text_pages)
{
	unsigned int i;

	for (i = 0; i < LGUEST_SWITCHER_PAGES; i++)
		__set_fixmap(FIX_LGUEST_SWITCHER_LAST - i, page_to_phys(pages[i]),
			     i < text_pages ? PAGE_KERNEL_ROX : PAGE_KERNEL);
}
EXPORT_SYMBOL_GPL(lguest_map_switcher);

/*
 * Empty the slots again (rmmod lg, or a failed load) and flush them from
 * every CPU's TLB before the caller frees the pages behind them.
 */
void lguest_unmap_switcher(void)
{
	unsigned int i;

	for (i = 0; i < LGUEST_SWITCHER_PAGES; i++)
		clear_fixmap(FIX_LGUEST_SWITCHER_LAST - i);
	flush_tlb_kernel_range(fix_to_virt(FIX_LGUEST_SWITCHER_LAST),
			       fix_to_virt(FIX_LGUEST_SWITCHER_FIRST) + PAGE_SIZE);
}
EXPORT_SYMBOL_GPL(lguest_unmap_switcher);
