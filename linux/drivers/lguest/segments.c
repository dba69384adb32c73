// SPDX-License-Identifier: GPL-2.0
/*
 * The Guest's Global and Local Descriptor Tables.
 *
 * The Guest cannot load a GDT itself (lgdt is privileged), so it hands us
 * its table with LOAD_GDT, or just its three TLS entries with LOAD_TLS.  We
 * keep a sanitised copy per Guest; before each entry core.c copies it into
 * the GDT of the CPU the Guest runs on, around the slots the Host keeps for
 * itself (the Switcher's segments and TSS).
 *
 * Sanitising (checks.c) is what keeps a Guest out of ring 0: no system
 * descriptors (so no call gates), and kernel segments at DPL 1, never 0.
 *
 * The LDT (what modify_ldt() gives a Guest's programs) comes whole with
 * LOAD_LDT, at each change and each switch between processes with
 * different LDTs.  We copy it into pages of our own, sanitise every entry
 * the same way, and core.c maps those pages read-only just below the
 * Switcher and points the GDT's LDT slot at them while the Guest runs.
 *
 * Tour stop 5: the GDT, kept out of ring 0; next: debugregs.c.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/segment.h>
#include "lg.h"

/*
 * Flat 4 GiB segments for the Guest kernel, which it uses before its first
 * LOAD_GDT: code (type 0xB: execute/read, accessed) and data (type 0x3:
 * read/write, accessed), both DPL 1, 32-bit, page granular.
 */
#define FLAT_LO			0x0000FFFF
#define FLAT_CODE_DPL1_HI	0x00CFBB00
#define FLAT_DATA_DPL1_HI	0x00CFB300

void lg_setup_guest_gdt(struct lguest *lg)
{
	memset(lg->gdt, 0, sizeof(lg->gdt));
	lg->gdt[GDT_ENTRY_KERNEL_CS] = (struct lg_desc){ FLAT_LO, FLAT_CODE_DPL1_HI };
	lg->gdt[GDT_ENTRY_KERNEL_DS] = (struct lg_desc){ FLAT_LO, FLAT_DATA_DPL1_HI };
	lg->changed |= LG_CHANGED_GDT;
}

/* Copy the Guest's entries into a running GDT, leaving the Host's alone. */
void lg_copy_gdt(const struct lguest *lg, struct lg_desc *gdt)
{
	unsigned int i;

	for (i = 0; i < GDT_ENTRIES; i++)
		if (!lg_gdt_slot_reserved(i))
			gdt[i] = lg->gdt[i];
}

void lg_copy_gdt_tls(const struct lguest *lg, struct lg_desc *gdt)
{
	unsigned int i;

	for (i = GDT_ENTRY_TLS_MIN; i <= GDT_ENTRY_TLS_MAX; i++)
		gdt[i] = lg->gdt[i];
}

/*
 * Sanitise entries [start, start + num) of a table read from the Guest
 * into our copy.  Reserved slots are skipped (they stay zero in our copy;
 * the Host fills them in the running GDT).
 */
static bool install_entries(struct lguest *lg, const struct lg_desc *src,
			    unsigned int start, unsigned int num)
{
	struct lg_desc d;
	unsigned int i;

	for (i = 0; i < num; i++) {
		unsigned int idx = start + i;

		if (lg_gdt_slot_reserved(idx))
			continue;
		d = src[i];
		if (lg_sanitise_gdt_entry(&d)) {
			kill_guest(lg, "bad GDT entry %u (%08x %08x): system descriptor",
				   idx, src[i].hi, src[i].lo);
			return false;
		}
		lg->gdt[idx] = d;
	}
	return true;
}

/* LHCALL_LOAD_GDT(gpa, num): a whole new table. */
void lg_load_gdt(struct lguest *lg, u32 gpa, u32 num)
{
	struct lg_desc table[GDT_ENTRIES];

	/* Bound the copy before anything else: we have room for 32. */
	if (num > GDT_ENTRIES) {
		kill_guest(lg, "too many GDT entries %u", num);
		return;
	}
	if (lg_read_guest(lg, table, gpa, num * sizeof(table[0])))
		return;
	/* Entries the Guest did not send are empty. */
	memset(&table[num], 0, (GDT_ENTRIES - num) * sizeof(table[0]));
	if (install_entries(lg, table, 0, GDT_ENTRIES))
		lg->changed |= LG_CHANGED_GDT;
}

/* LHCALL_LOAD_TLS(gpa): the three thread-local-storage entries. */
void lg_load_tls(struct lguest *lg, u32 gpa)
{
	struct lg_desc tls[GDT_ENTRY_TLS_ENTRIES];

	if (lg_read_guest(lg, tls, gpa, sizeof(tls)))
		return;
	if (install_entries(lg, tls, GDT_ENTRY_TLS_MIN, GDT_ENTRY_TLS_ENTRIES))
		lg->changed |= LG_CHANGED_GDT_TLS;
}

/*
 * LHCALL_LOAD_LDT(vaddr, entries): the Guest's new LDT, @entries
 * descriptors at Guest-virtual @vaddr (Linux keeps a large LDT in vmalloc
 * space, so only the virtual address is whole), or none if @entries is 0.
 * Linux's LDTs start on a page; we insist on that, so each Guest page we
 * read fills one page of ours.  The pages are charged to the Launcher.
 */
void lg_load_ldt(struct lguest *lg, u32 vaddr, u32 entries)
{
	u32 bytes, done, gpa, len;
	unsigned int i, n;

	lg->ldt_entries = 0;
	lg->changed |= LG_CHANGED_LDT;
	if (!entries)
		return;
	if (entries > LDT_ENTRIES) {
		kill_guest(lg, "LDT of %u entries (at most %u)", entries,
			   LDT_ENTRIES);
		return;
	}
	bytes = entries * LDT_ENTRY_SIZE;
	if (vaddr & ~PAGE_MASK) {
		kill_guest(lg, "LDT at %#x does not start a page", vaddr);
		return;
	}
	if (vaddr + bytes < vaddr || lg_vaddr_is_switcher(vaddr + bytes - 1)) {
		kill_guest(lg, "LDT at %#x runs into the Switcher", vaddr);
		return;
	}

	for (i = 0, done = 0; done < bytes; i++, done += len) {
		struct lg_desc *d;

		len = min_t(u32, bytes - done, PAGE_SIZE);
		if (!lg_gva_to_gpa(lg, vaddr + done, false, &gpa)) {
			kill_guest(lg, "LDT page at %#x is not mapped to Guest memory",
				   vaddr + done);
			return;
		}
		if (!lg->ldt_pages[i]) {
			/* Zeroed: the Guest can read all of the page. */
			lg->ldt_pages[i] = alloc_page(LG_GFP |
						      __GFP_ZERO);
			if (!lg->ldt_pages[i]) {
				kill_guest(lg, "no memory for the LDT");
				return;
			}
		}
		d = page_address(lg->ldt_pages[i]);
		if (lg_read_guest(lg, d, gpa, len))
			return;
		for (n = 0; n < len / LDT_ENTRY_SIZE; n++) {
			struct lg_desc orig = d[n];
			int err = lg_sanitise_ldt_entry(&d[n]);

			if (err) {
				kill_guest(lg, "bad LDT entry %u (%08x %08x): %s",
					   done / LDT_ENTRY_SIZE + n, orig.hi,
					   orig.lo, err == -EPERM ?
					   "code of DPL 0" : "system descriptor");
				return;
			}
		}
	}
	lg->ldt_entries = entries;
}

void lg_free_ldt(struct lguest *lg)
{
	unsigned int i;

	for (i = 0; i < LG_LDT_PAGES; i++)
		if (lg->ldt_pages[i])
			__free_page(lg->ldt_pages[i]);
}
