// SPDX-License-Identifier: GPL-2.0
/*
 * The Guest's Global Descriptor Table.
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
 * Tour stop 5: the GDT, kept out of ring 0; next: debugregs.c.
 */
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
