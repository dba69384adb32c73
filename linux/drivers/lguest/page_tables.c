// SPDX-License-Identifier: GPL-2.0
/*
 * Shadow page tables.
 *
 * The Guest keeps ordinary 2-level i386 page tables, but they hold Guest
 * page numbers, and the Guest must not be trusted with real ones anyway.
 * So the CPU never sees them.  It walks "shadow" tables we build: same
 * shape, Host page numbers, and only permissions we have checked.
 *
 * Shadow entries are filled lazily.  A Guest page fault exits to us; we
 * look the address up in the Guest's own tables, and if the Guest maps it
 * legitimately we copy the entry into the shadow (demand_page) and resume
 * the Guest, which never knows.  If the Guest does not map it, the fault is
 * the Guest's: we reflect it.
 *
 * The Guest tells us when it changes a mapping we may have copied
 * (SET_PTE, SET_PMD, FLUSH_TLB) and when it switches page tables
 * (NEW_PGTABLE).  We cache a few shadow directories, tagged by the Guest
 * directory they shadow, so switching between processes is cheap; kernel
 * mappings (at and above page_offset) are the same in every Guest address
 * space, so a reused directory keeps them.
 *
 * Directory entry 1023 is never the Guest's: before each entry core.c
 * points it at a page table mapping the Switcher for this CPU.
 *
 * The Host pages behind the shadow entries must stay put while the CPU can
 * reach them, so we pin them (pin_user_pages on the Launcher's memory:
 * guest-physical address == Launcher address).  One pin per Guest page,
 * however many shadow entries map it: lg->pins holds, by Guest page
 * number, the pinned page and how many shadow PTEs use it (a flat table,
 * in page-sized chunks made as needed), and the pin goes when the last of
 * them does.  (A pin per shadow PTE would let a
 * Guest that maps one page a few million times overflow its refcount.)
 * So a Guest pins at most its own memory, once.  Those pins count against
 * the Launcher's RLIMIT_MEMLOCK (mm->pinned_vm, as RDMA does), and the
 * shadow tables and our bookkeeping are charged to its memory cgroup.
 *
 * Each shadow PTE page has a companion page (its struct page's private
 * field points to it) holding, for each present entry, the Guest page
 * number it was made from: the shadow entry only says which Host page it
 * maps, and the Guest's own entry may have changed since.
 *
 * Tour stop 4, shadow paging: start at lg_demand_page(); next: traps.
 */
#include <linux/capability.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <asm/pgtable_types.h>
#include "lg.h"

#define SWITCHER_PGD_INDEX	1023
#define GPGD_FLAGS	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)

static u32 *cur_pgdir(struct lguest *lg)
{
	return lg->pgdirs[lg->pgdidx].pgdir;
}

static u32 *ptes_of(u32 spgd)
{
	return __va(spgd & PAGE_MASK);
}

/* The Guest page numbers behind the entries of a shadow PTE page. */
static u32 *gpfns_of(u32 *ptes)
{
	return (u32 *)page_private(virt_to_page(ptes));
}

/*
 * Which entries of a shadow PTE page may be present: those in [lo, hi),
 * kept as lo | hi << 16 in the companion page's page_private.  Dropping a
 * page table then looks at the entries that were used, not at all 1024:
 * a process that exits drops several, each using a handful.
 */
static unsigned long *span_of(u32 *ptes)
{
	return &virt_to_page(gpfns_of(ptes))->private;
}

static void span_add(u32 *ptes, unsigned int i)
{
	unsigned long *span = span_of(ptes);
	unsigned int lo = *span & 0xFFFF, hi = *span >> 16;

	if (lo >= hi) {
		lo = i;
		hi = i + 1;
	} else if (i < lo) {
		lo = i;
	} else if (i >= hi) {
		hi = i + 1;
	}
	*span = lo | hi << 16;
}

/*
 * A shadow PTE page and its companion, both charged to the Launcher, and
 * counted in lg->shadow_ptes against the Guest's budget (see make_room()).
 * A few emptied ones are kept for reuse (a fork and its exit make and drop
 * several): a shadow PTE page is all zeroes once its entries are
 * released, so a kept one is as good as a new one.
 */
static u32 *alloc_shadow_ptes(struct lguest *lg)
{
	struct page *ptes, *gpfns;

	if (lg->nr_spare_ptes) {
		lg->shadow_ptes++;
		return lg->spare_ptes[--lg->nr_spare_ptes];
	}
	ptes = alloc_page(LG_GFP | __GFP_ZERO);
	gpfns = alloc_page(LG_GFP);
	if (!ptes || !gpfns) {
		if (ptes)
			__free_page(ptes);
		if (gpfns)
			__free_page(gpfns);
		return NULL;
	}
	set_page_private(gpfns, 0);
	set_page_private(ptes, (unsigned long)page_address(gpfns));
	lg_stat_inc(lg, LG_STAT_SPT_ALLOC);
	lg->shadow_ptes++;
	return page_address(ptes);
}

static void free_shadow_ptes(struct lguest *lg, u32 *ptes)
{
	struct page *page = virt_to_page(ptes);

	*span_of(ptes) = 0;
	lg->shadow_ptes--;
	if (lg->nr_spare_ptes < LG_REUSABLE_PTES) {
		lg->spare_ptes[lg->nr_spare_ptes++] = ptes;
		return;
	}
	free_page((unsigned long)gpfns_of(ptes));
	set_page_private(page, 0);
	__free_page(page);
	lg_stat_inc(lg, LG_STAT_SPT_FREE);
}

/*
 * Count a new pin against the Launcher's RLIMIT_MEMLOCK, as any other
 * long-term pin of user memory is (unless it may lock memory at will).
 */
static bool charge_pin(struct lguest *lg)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	s64 pinned = atomic64_inc_return(&lg->mm->pinned_vm);

	if (pinned > limit && !capable(CAP_IPC_LOCK)) {
		atomic64_dec(&lg->mm->pinned_vm);
		return false;
	}
	lg->pinned_pages++;
	return true;
}

static void uncharge_pin(struct lguest *lg)
{
	atomic64_dec(&lg->mm->pinned_vm);
	lg->pinned_pages--;
}

/* Our entry for Guest page gpfn (< pfn_limit), or NULL if out of memory. */
static struct lg_pin *pin_of(struct lguest *lg, u32 gpfn)
{
	unsigned int chunk = gpfn / LG_PINS_PER_CHUNK;

	if (!lg->pins) {
		lg->pins = kvcalloc(DIV_ROUND_UP(lg->pfn_limit,
						 LG_PINS_PER_CHUNK),
				    sizeof(*lg->pins), LG_GFP);
		if (!lg->pins)
			return NULL;
	}
	if (!lg->pins[chunk]) {
		lg->pins[chunk] = (struct lg_pin *)
			get_zeroed_page(LG_GFP);
		if (!lg->pins[chunk])
			return NULL;
	}
	return &lg->pins[chunk][gpfn % LG_PINS_PER_CHUNK];
}

/* One shadow PTE less maps Guest page gpfn; the last one drops the pin. */
static void put_guest_page(struct lguest *lg, u32 gpfn, bool dirty)
{
	struct lg_pin *pin = &lg->pins[gpfn / LG_PINS_PER_CHUNK]
				       [gpfn % LG_PINS_PER_CHUNK];

	if (WARN_ON_ONCE(!pin->refs))
		return;
	pin->dirty |= dirty;
	if (--pin->refs)
		return;
	unpin_user_pages_dirty_lock(&pin->page, 1, pin->dirty);
	uncharge_pin(lg);
	lg_stat_inc(lg, LG_STAT_UNPIN);
	memset(pin, 0, sizeof(*pin));
}

/*
 * Drop one shadow PTE and its reference on the Guest page.  Most calls
 * find the entry empty (a fill's slot; the holes of a span being
 * released), so that test is inline and the rest is not.
 */
static void release_present_pte(struct lguest *lg, u32 *ptes, unsigned int i)
{
	u32 val = ptes[i];

	ptes[i] = 0;
	put_guest_page(lg, gpfns_of(ptes)[i], val & _PAGE_DIRTY);
}

static inline void release_pte(struct lguest *lg, u32 *ptes, unsigned int i)
{
	if (ptes[i] & _PAGE_PRESENT)
		release_present_pte(lg, ptes, i);
	else
		ptes[i] = 0;
}

/* Drop one shadow directory entry and the page table under it. */
static void release_pgd(struct lguest *lg, u32 *spgd)
{
	unsigned long span;
	unsigned int i;
	u32 *ptes;

	if (!(*spgd & _PAGE_PRESENT))
		return;
	ptes = ptes_of(*spgd);
	span = *span_of(ptes);
	for (i = span & 0xFFFF; i < span >> 16; i++)
		release_pte(lg, ptes, i);
	free_shadow_ptes(lg, ptes);
	*spgd = 0;
}

/*
 * A whole table can hold a million pins: give the CPU back between
 * directory entries.  Every caller runs in the Launcher's process context
 * (a hypercall, or close).
 */
static void release_range(struct lguest *lg, u32 *pgdir, unsigned int from,
			  unsigned int to)
{
	unsigned int i;

	for (i = from; i < to; i++) {
		if (pgdir[i] & _PAGE_PRESENT) {
			release_pgd(lg, &pgdir[i]);
			cond_resched();
		}
	}
}

/*
 * The user half of a table: directory entries 0 up to the kernel's, of
 * which only those marked in the slot's user_used can be present.  A
 * process uses a handful at the bottom (program, heap) and one or two at
 * the top (stack); a table new to a process has none.  Walking all 768
 * entries cost a flush (every fork flushes the parent) and a release of
 * a user half (every exec) a few thousand instructions more than the
 * entries in use did.
 */
static unsigned int user_pgds(struct lguest *lg)
{
	return min(lg->page_offset >> 22, LG_USER_PGDS);
}

static void release_user(struct lguest *lg, struct lg_pgdir *slot)
{
	unsigned int i;

	for_each_set_bit(i, slot->user_used, user_pgds(lg)) {
		if (slot->pgdir[i] & _PAGE_PRESENT) {
			release_pgd(lg, &slot->pgdir[i]);
			cond_resched();
		}
	}
	bitmap_zero(slot->user_used, LG_USER_PGDS);
}

/* Everything below the Switcher, kernel half included. */
static void release_table(struct lguest *lg, struct lg_pgdir *slot)
{
	release_range(lg, slot->pgdir, 0, SWITCHER_PGD_INDEX);
	bitmap_zero(slot->user_used, LG_USER_PGDS);
}

/*
 * Pin Guest page gpfn (or find our pin of it) for one more shadow PTE.  We
 * ask for the page writable whenever we can, even for a read: that breaks
 * copy-on-write (and replaces the shared zero page) now, so the page
 * cannot change under a shadow entry later when the Host or the Launcher
 * writes the same Guest memory.  A pin (rather than a plain reference)
 * also keeps it that way if the Launcher forks: fork copies pinned pages
 * for the child instead of sharing them.  NULL (Guest killed) on failure.
 *
 * @ahead: nothing is accessing the page yet; we only map it ahead of use
 * (prefill(), SET_PTE).  Then we take only a page the Launcher already has
 * present and writable, without faulting anything in (FOLL_NOFAULT), and
 * on any failure return NULL with the Guest alive: the entry is left to a
 * real fault, which gives the full answer.  Faulting pages in here would
 * have the Host allocate for pages the Guest may never touch, and in a
 * Launcher the OOM killer has picked, fail with the allocator's warning.
 */
static struct lg_pin *get_guest_page(struct lguest *lg, u32 gpfn, bool write,
				     bool ahead)
{
	unsigned long addr = (unsigned long)gpfn << PAGE_SHIFT;
	struct lg_pin *pin = pin_of(lg, gpfn);
	struct page *page;

	if (!pin) {
		if (!ahead)
			kill_guest(lg, "out of memory for guest page pins");
		return NULL;
	}
	if (pin->refs && (pin->writable || !write))
		goto found;
	if (ahead) {
		/* Upgrading a read-only pin is left to a real write fault. */
		if (pin->refs || current->mm != lg->mm || !charge_pin(lg))
			return NULL;
		if (pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM |
					FOLL_NOFAULT, &pin->page) != 1) {
			memset(pin, 0, sizeof(*pin));
			uncharge_pin(lg);
			return NULL;
		}
		pin->writable = true;
		lg_stat_inc(lg, LG_STAT_PIN);
		goto found;
	}
	if (current->mm != lg->mm) {
		kill_guest(lg, "page table change outside the Launcher");
		return NULL;
	}
	if (pin->refs) {
		/*
		 * Pinned read-only so far, now wanted writable: pin it again
		 * for writing, which must find the very same page, since
		 * read-only shadow entries of it may exist.
		 */
		if (pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM,
					&page) != 1) {
			kill_guest(lg, "cannot map guest page %#lx writable",
				   addr);
			return NULL;
		}
		unpin_user_page(page);
		if (page != pin->page) {
			kill_guest(lg, "guest page %#lx changed under us", addr);
			return NULL;
		}
		pin->writable = true;
		lg_stat_inc(lg, LG_STAT_PIN_UPGRADE);
		goto found;
	}

	if (!charge_pin(lg)) {
		kill_guest(lg, "guest memory pinned beyond RLIMIT_MEMLOCK");
		return NULL;
	}
	pin->writable = true;
	if (pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM,
				&pin->page) != 1) {
		pin->writable = false;
		if (write || pin_user_pages_fast(addr, 1, FOLL_LONGTERM,
						 &pin->page) != 1) {
			memset(pin, 0, sizeof(*pin));
			uncharge_pin(lg);
			kill_guest(lg, "cannot map guest page %#lx", addr);
			return NULL;
		}
	}
	lg_stat_inc(lg, LG_STAT_PIN);
found:
	pin->refs++;
	return pin;
}

/*
 * Make shadow entry i of ptes from a checked Guest PTE: map the Guest's
 * page with the flags we allow, dropping what the entry held before (after
 * taking the new reference, so remapping the same page keeps its pin).
 * @write: the access we do this for is a write.  The Guest may write only
 * what its Launcher may: memory the Launcher has read-only (a file it
 * opened read-only, say) is mapped read-only whatever the Guest's entry
 * says, and only a write then kills the Guest.  false (and the Guest
 * killed) if that fails.  @ahead: no access, a fill ahead of one (see
 * get_guest_page()): false then only means the entry is left empty.
 */
static bool set_spte(struct lguest *lg, u32 *ptes, unsigned int i, u32 gpte,
		     bool write, bool ahead)
{
	u32 gpfn = gpte >> PAGE_SHIFT, flags = lg_shadow_pte_flags(gpte);
	struct lg_pin *pin;

	pin = get_guest_page(lg, gpfn, write, ahead);
	release_pte(lg, ptes, i);
	if (!pin)
		return false;
	if (!pin->writable)
		flags &= ~_PAGE_RW;
	gpfns_of(ptes)[i] = gpfn;
	span_add(ptes, i);
	ptes[i] = (page_to_pfn(pin->page) << PAGE_SHIFT) | flags;
	return true;
}

/* Read the Guest's directory entry for vaddr in the current table. */
static bool read_gpgd(struct lguest *lg, u32 gpgdir, u32 vaddr, u32 *gpgd)
{
	return !lg_read_guest(lg, gpgd, gpgdir + (vaddr >> 22) * 4, 4);
}

/*
 * Shadow page tables are a cache of the Guest's own, so they can be
 * bounded without the Guest noticing anything but the time a refill takes.
 * Without a bound each of the LG_NUM_PGDIRS cached tables could hold 1022
 * page tables (and as many companion pages): 32 MiB a Guest, which sixteen
 * Guests with hardly any memory of their own turn into 512 MiB of Host
 * memory nobody can reclaim.  So a Guest gets lg_shadow_budget() page
 * tables; when it wants one more, the other cached tables are dropped
 * first, then the current one, and the Guest faults back what it still
 * uses.  Every instruction needs only a few page tables at once, so the
 * Guest always makes progress.
 */
static void make_room(struct lguest *lg)
{
	unsigned int i;

	for (i = 0; i < LG_NUM_PGDIRS; i++)
		if (i != lg->pgdidx && lg->pgdirs[i].pgdir)
			release_table(lg, &lg->pgdirs[i]);
	if (lg->shadow_ptes >= lg_shadow_budget(lg->pfn_limit))
		release_table(lg, &lg->pgdirs[lg->pgdidx]);
}

/* Directory entry idx of the table at pgdir was just made present. */
static void mark_user_pgd(struct lguest *lg, u32 *pgdir, unsigned int idx)
{
	unsigned int i;

	if (idx >= user_pgds(lg))
		return;
	for (i = 0; i < LG_NUM_PGDIRS; i++)
		if (lg->pgdirs[i].pgdir == pgdir)
			__set_bit(idx, lg->pgdirs[i].user_used);
}

/* Make sure the shadow has a page table for vaddr; NULL if not. */
static u32 *shadow_ptes(struct lguest *lg, u32 *pgdir, u32 vaddr, u32 gpgd)
{
	u32 *spgd = &pgdir[vaddr >> 22];

	if (!lg_gpgd_ok(gpgd, lg->pfn_limit)) {
		kill_guest(lg, "bad page directory entry %#x for %#x",
			   gpgd, vaddr);
		return NULL;
	}
	if (!(*spgd & _PAGE_PRESENT)) {
		u32 *ptes;

		if (lg->shadow_ptes >= lg_shadow_budget(lg->pfn_limit))
			make_room(lg);
		ptes = alloc_shadow_ptes(lg);

		if (!ptes) {
			kill_guest(lg, "out of memory for shadow page table");
			return NULL;
		}
		*spgd = __pa(ptes);
		mark_user_pgd(lg, pgdir, vaddr >> 22);
	}
	/* The flags follow the Guest's entry, which may have changed. */
	*spgd = (*spgd & PAGE_MASK) | (gpgd & GPGD_FLAGS);
	return ptes_of(*spgd);
}

/*
 * Linux maps a file's pages around the one that faulted, in blocks of 16
 * (fault-around), with the accessed bit set; natively those cost nothing
 * more, but each would cost us an exit to fill its shadow entry.  So after
 * a fill we fill the rest of its aligned block of LG_PREFILL entries too,
 * for each Guest entry that is present and accessed: just what a fault on
 * it would make, without changing the Guest's entry (its accessed bit is
 * already set).  A neighbour the checks refuse, or whose page the Launcher
 * does not have present, is left alone: if the Guest ever uses it, its own
 * fault deals with it.
 *
 * Why 4, measured with make bench: a filled entry costs about a third of
 * what the fault it may save costs, but it also costs again when it is
 * released or checked at a flush, and in a fork or exec only about one
 * in eight of a block of 16 was ever used.  Blocks of 16 made fork and
 * exec 4% slower than no prefill at all; blocks of 4 are as fast as none
 * there, and tar was no slower either way.
 */
#define LG_PREFILL	4

static void prefill(struct lguest *lg, u32 *ptes, u32 gptes_gpa,
		    unsigned int idx)
{
	unsigned int first = idx & ~(LG_PREFILL - 1), i;
	u32 gptes[LG_PREFILL], gpte;

	if (lg_read_guest(lg, gptes, gptes_gpa + first * 4, sizeof(gptes)))
		return;
	for (i = 0; i < LG_PREFILL; i++) {
		gpte = gptes[i];
		if ((ptes[first + i] & _PAGE_PRESENT) ||
		    !(gpte & _PAGE_PRESENT) || !(gpte & _PAGE_ACCESSED) ||
		    !lg_gpte_ok(gpte, lg->pfn_limit))
			continue;
		if (!set_spte(lg, ptes, first + i, gpte, false, true))
			continue;
		lg_stat_inc(lg, LG_STAT_PF_PREFILL);
	}
}

/*
 * lg_demand_page - a page fault at vaddr with error code errcode.
 * Returns true if the shadow now maps it (the Guest just retries), false if
 * the fault is the Guest's own.
 */
bool lg_demand_page(struct lguest *lg, u32 vaddr, u32 errcode)
{
	bool write = errcode & 2, user = errcode & 4;
	u32 gpgd, gpte, gpte_gpa, *ptes;

	/*
	 * The Guest never maps anything in the Switcher's range, so a fault
	 * there is the Guest's own: for a user program a plain SIGSEGV, as
	 * natively.  Only the Guest kernel touching it is a bug worth a kill.
	 */
	if (lg_vaddr_is_switcher(vaddr)) {
		if (!user)
			kill_guest(lg, "attempt to access switcher pages at %#x",
				   vaddr);
		return false;
	}
	if (!read_gpgd(lg, lg->pgdirs[lg->pgdidx].gpgdir, vaddr, &gpgd))
		return false;
	if (!(gpgd & _PAGE_PRESENT))
		return false;
	if ((write && !(gpgd & _PAGE_RW)) || (user && !(gpgd & _PAGE_USER)))
		return false;

	ptes = shadow_ptes(lg, cur_pgdir(lg), vaddr, gpgd);
	if (!ptes)
		return false;

	gpte_gpa = (gpgd & PAGE_MASK) + ((vaddr >> PAGE_SHIFT) & 1023) * 4;
	if (lg_read_guest(lg, &gpte, gpte_gpa, 4))
		return false;
	if (!(gpte & _PAGE_PRESENT))
		return false;
	if ((write && !(gpte & _PAGE_RW)) || (user && !(gpte & _PAGE_USER)))
		return false;
	if (!lg_gpte_ok(gpte, lg->pfn_limit)) {
		kill_guest(lg, "bad page table entry %#x for %#x", gpte, vaddr);
		return false;
	}

	/* What the CPU would have done to the Guest's entry. */
	gpte |= _PAGE_ACCESSED;
	if (write)
		gpte |= _PAGE_DIRTY;

	/* A present shadow entry faulted: a write to a read-only one. */
	lg_stat_inc(lg, ptes[(vaddr >> PAGE_SHIFT) & 1023] & _PAGE_PRESENT ?
		    LG_STAT_PF_WP : LG_STAT_PF_FILL);
	if (!set_spte(lg, ptes, (vaddr >> PAGE_SHIFT) & 1023, gpte, write,
		      false))
		return false;
	if (lg_write_guest(lg, gpte_gpa, &gpte, 4))
		return false;
	prefill(lg, ptes, gpgd & PAGE_MASK, (vaddr >> PAGE_SHIFT) & 1023);
	return true;
}

/* Does vaddr belong to the kernel part of every address space? */
static bool kernel_vaddr(struct lguest *lg, u32 vaddr)
{
	return vaddr >= lg->page_offset;
}

/*
 * Can shadow entry i of ptes stay, now that the Guest's entry is gpte?
 * Only if it still maps the very page the shadow entry was made from, and
 * the CPU (through us) has accessed it since the Guest last looked (else
 * the next access must fault, to set the Guest's accessed bit).  It then
 * takes the Guest entry's present flags, exactly as a fault would make it.
 * A read-only pin cannot back a writable entry: that one faults instead.
 */
static bool resync_pte(struct lguest *lg, u32 *ptes, unsigned int i,
		       u32 gpte)
{
	u32 gpfn = gpte >> PAGE_SHIFT, flags;
	struct lg_pin *pin;

	if (!(gpte & _PAGE_PRESENT) || !(gpte & _PAGE_ACCESSED) ||
	    gpfn != gpfns_of(ptes)[i] || !lg_gpte_ok(gpte, lg->pfn_limit))
		return false;
	flags = lg_shadow_pte_flags(gpte);
	pin = &lg->pins[gpfn / LG_PINS_PER_CHUNK][gpfn % LG_PINS_PER_CHUNK];
	if ((flags & _PAGE_RW) && !pin->writable)
		return false;
	/* The CPU may have dirtied the page through the old entry. */
	pin->dirty |= !!(ptes[i] & _PAGE_DIRTY);
	ptes[i] = (ptes[i] & PAGE_MASK) | flags;
	return true;
}

/*
 * Check the shadow page table under directory entry idx against the
 * Guest's (whose directory is at gpgdir): keep what still holds, drop the
 * rest.  A directory entry gone or bad drops the whole page table (the
 * Guest is killed for a bad one if it faults there).
 */
#define LG_RESYNC_CHUNK	64

static void resync_pgd(struct lguest *lg, u32 gpgdir, u32 *pgdir,
		       unsigned int idx)
{
	u32 gpgd, gptes[LG_RESYNC_CHUNK], *ptes;
	unsigned int i, lo, hi, base = 0, n = 0;
	unsigned long span;

	if (lg_read_guest(lg, &gpgd, gpgdir + idx * 4, 4) ||
	    !(gpgd & _PAGE_PRESENT) || !lg_gpgd_ok(gpgd, lg->pfn_limit)) {
		release_pgd(lg, &pgdir[idx]);
		return;
	}
	pgdir[idx] = (pgdir[idx] & PAGE_MASK) | (gpgd & GPGD_FLAGS);
	ptes = ptes_of(pgdir[idx]);
	span = *span_of(ptes);
	lo = span & 0xFFFF;
	hi = span >> 16;
	for (i = lo; i < hi; i++) {
		if (!(ptes[i] & _PAGE_PRESENT))
			continue;
		/*
		 * The Guest's entries are read a chunk at a time: one copy
		 * costs about what one 4-byte read does, and a flush looks
		 * at every entry the process has used.  A failed read kills
		 * the Guest, and resync_range() then drops everything.
		 */
		if (i >= base + n) {
			base = i;
			n = min(hi - i, LG_RESYNC_CHUNK);
			if (lg_read_guest(lg, gptes, (gpgd & PAGE_MASK) + i * 4,
					  n * 4))
				return;
		}
		if (!resync_pte(lg, ptes, i, gptes[i - base]))
			release_pte(lg, ptes, i);
	}
}

/*
 * LHCALL_FLUSH_TLB(0): the Guest changed user mappings of the current
 * table, we are not told which.  Natively the TLB would simply be emptied,
 * but throwing the shadow away costs an exit per page to rebuild it: a
 * fork write-protects the parent's pages and flushes, and afterwards the
 * parent faults its every page back in.  Instead we compare each shadow
 * entry with the Guest's and keep those it still allows.
 */
static void resync_range(struct lguest *lg, u32 gpgdir, u32 *pgdir,
			 unsigned int from, unsigned int to)
{
	unsigned int i;

	for (i = from; i < to && !lg->dead; i++) {
		if (pgdir[i] & _PAGE_PRESENT) {
			resync_pgd(lg, gpgdir, pgdir, i);
			cond_resched();
		}
	}
	if (lg->dead)
		release_range(lg, pgdir, from, to);
}

/* The same for the user half of the current table, entries in use only. */
void lg_flush_user_mappings(struct lguest *lg)
{
	struct lg_pgdir *slot = &lg->pgdirs[lg->pgdidx];
	unsigned int i;

	for_each_set_bit(i, slot->user_used, user_pgds(lg)) {
		if (lg->dead)
			break;
		if (slot->pgdir[i] & _PAGE_PRESENT) {
			resync_pgd(lg, slot->gpgdir, slot->pgdir, i);
			cond_resched();
		}
	}
	if (lg->dead)
		release_user(lg, slot);
}

/*
 * LHCALL_FLUSH_TLB(1): kernel mappings may have changed too, unannounced
 * (a kernel range flush after vfree, text patching): a Guest's boot does
 * it thousands of times, and dropping everything each time cost an exit
 * per page to rebuild.  The kernel half is the same in every address
 * space, so every table's kernel entries are checked against the current
 * Guest directory, the one directory sure to be alive; so are the current
 * table's user entries.  Other tables' user entries are dropped: their
 * directories may be gone.  (Keeping an entry only asks whether the Guest
 * still wants it; whether the Launcher still has the page behind it is the
 * MMU notifier's business, below: a flush need not drop it for that.)
 */
void lg_guest_pagetable_clear_all(struct lguest *lg)
{
	u32 gpgdir = lg->pgdirs[lg->pgdidx].gpgdir;
	unsigned int i, kernel = lg->page_offset >> 22;
	u32 *pgdir;

	for (i = 0; i < LG_NUM_PGDIRS; i++) {
		pgdir = lg->pgdirs[i].pgdir;
		if (!pgdir)
			continue;
		if (i == lg->pgdidx)
			lg_flush_user_mappings(lg);
		else
			release_user(lg, &lg->pgdirs[i]);
		resync_range(lg, gpgdir, pgdir, kernel, SWITCHER_PGD_INDEX);
	}
}

static int find_pgdir(struct lguest *lg, u32 gpgdir)
{
	unsigned int i;

	for (i = 0; i < LG_NUM_PGDIRS; i++)
		if (lg->pgdirs[i].pgdir && lg->pgdirs[i].gpgdir == gpgdir)
			return i;
	return -1;
}

/* An unused slot if there is one, else the least recently used. */
static unsigned int lru_pgdir(struct lguest *lg)
{
	unsigned int i, lru = 0;

	for (i = 0; i < LG_NUM_PGDIRS; i++) {
		if (!lg->pgdirs[i].pgdir)
			return i;
		if (lg->pgdirs[i].last_used < lg->pgdirs[lru].last_used)
			lru = i;
	}
	return lru;
}

/* LHCALL_NEW_PGTABLE(gpgdir): the Guest switched page tables. */
void lg_new_pagetable(struct lguest *lg, u32 gpgdir)
{
	int idx;

	if ((gpgdir & ~PAGE_MASK) ||
	    !lg_range_ok(gpgdir, PAGE_SIZE - 1, lg->pfn_limit)) {
		kill_guest(lg, "bad page directory address %#x", gpgdir);
		return;
	}
	idx = find_pgdir(lg, gpgdir);
	if (idx < 0) {
		/*
		 * Not cached: take the slot used least recently.  A fork or
		 * an exec switches to a new table while the parent's stays
		 * in use; a random choice would often throw the parent's
		 * shadow away, to be faulted back in page by page.
		 */
		idx = lru_pgdir(lg);
		if (!lg->pgdirs[idx].pgdir) {
			lg->pgdirs[idx].pgdir =
				(u32 *)get_zeroed_page(LG_GFP);
			if (!lg->pgdirs[idx].pgdir)
				idx = lg->pgdidx;
		}
		lg->pgdirs[idx].gpgdir = gpgdir;
		/* User mappings are per address space; kernel ones are not. */
		release_user(lg, &lg->pgdirs[idx]);
	}
	lg->pgdidx = idx;
	lg->pgdirs[idx].last_used = ++lg->pgdir_clock;
}

static void set_one_pte(struct lguest *lg, u32 *pgdir, u32 vaddr, u32 gpte)
{
	u32 spgd = pgdir[vaddr >> 22], *ptes;
	unsigned int i = (vaddr >> PAGE_SHIFT) & 1023;

	if (!(spgd & _PAGE_PRESENT))
		return;
	ptes = ptes_of(spgd);
	/*
	 * If the Guest (or the CPU, on its behalf) has already used the
	 * entry, map it now: it will very likely be used again.  Otherwise
	 * let it fault in.
	 */
	if ((gpte & _PAGE_PRESENT) && (gpte & (_PAGE_ACCESSED | _PAGE_DIRTY))) {
		if (!lg_gpte_ok(gpte, lg->pfn_limit)) {
			release_pte(lg, ptes, i);
			kill_guest(lg, "bad page table entry %#x for %#x",
				   gpte, vaddr);
			return;
		}
		set_spte(lg, ptes, i, gpte, false, true);
	} else {
		release_pte(lg, ptes, i);
	}
}

/* LHCALL_SET_PTE(gpgdir, vaddr, gpte). */
void lg_guest_set_pte(struct lguest *lg, u32 gpgdir, u32 vaddr, u32 gpte)
{
	unsigned int i;
	int idx;

	if (lg_vaddr_is_switcher(vaddr)) {
		kill_guest(lg, "attempt to map switcher address %#x", vaddr);
		return;
	}
	if (kernel_vaddr(lg, vaddr)) {
		for (i = 0; i < LG_NUM_PGDIRS && !lg->dead; i++)
			if (lg->pgdirs[i].pgdir)
				set_one_pte(lg, lg->pgdirs[i].pgdir, vaddr, gpte);
		return;
	}
	idx = find_pgdir(lg, gpgdir);
	if (idx >= 0)
		set_one_pte(lg, lg->pgdirs[idx].pgdir, vaddr, gpte);
}

/* LHCALL_SET_PMD(gpgdir, index): a directory entry changed. */
void lg_guest_set_pmd(struct lguest *lg, u32 gpgdir, u32 idx)
{
	unsigned int i;
	int slot;

	if (idx >= SWITCHER_PGD_INDEX)
		return;
	if (idx >= (lg->page_offset >> 22)) {
		/* A kernel entry: the same in every cached table. */
		for (i = 0; i < LG_NUM_PGDIRS; i++)
			if (lg->pgdirs[i].pgdir)
				release_pgd(lg, &lg->pgdirs[i].pgdir[idx]);
		return;
	}
	slot = find_pgdir(lg, gpgdir);
	if (slot >= 0)
		release_pgd(lg, &lg->pgdirs[slot].pgdir[idx]);
}

/*
 * When the Launcher's memory changes under the Guest.
 *
 * Our pins keep the Host pages alive, but not where the Launcher put them:
 * if the Launcher munmap()s, mprotect()s or truncates a file under Guest
 * memory, its own page tables stop pointing at our pinned pages, while
 * the shadow still does.  The Guest would go on writing pages the
 * Launcher no longer has, or may not write.  So we follow the Launcher's
 * mm with an MMU notifier, as KVM does, and make the shadow forget those
 * pages before the Guest runs again: its next touch faults, and
 * lg_demand_page() asks the Launcher's page tables afresh (it maps the
 * new page, or kills the Guest because there is none).
 *
 * The notifier cannot edit the shadow itself: unpinning may sleep, and it
 * is called with the Launcher's mmap_lock or the file's locks held, which
 * our own pinning may be waiting for.  Instead it only notes which Guest
 * pages changed, under mn_lock, and makes sure the Guest is not running:
 * if a CPU is inside the Guest, an IPI to it forces an exit (any interrupt
 * does), and waiting for the IPI's handler means that CPU has left.  The
 * run loop then drops the shadow entries of those pages (lg_mmu_sync())
 * and enters the Guest only after checking, with interrupts off and under
 * mn_lock, that nothing new has been noted (lg_mmu_enter()).  A page that
 * was pinned while an invalidation was still under way might be the old
 * one, so while any is under way the Guest does not run at all, and the
 * pages noted are dropped again once it ends.
 *
 * Nothing here sleeps or allocates, so the same code serves notifiers that
 * must not block (the OOM reaper's).  Dropped entries leave their shadow
 * page tables in place: the budget (make_room()) is unchanged.
 */
static struct lguest *mn_guest(struct mmu_notifier *mn)
{
	return container_of(mn, struct lguest, mn);
}

static void lg_kick(void *unused)
{
	/* Nothing to do: arriving here took the CPU out of the Guest. */
}

/* Under mn_lock: the Guest must not run with pages [first, last). */
static int note_inval(struct lguest *lg, u32 first, u32 last)
{
	if (lg->inval_first >= lg->inval_last) {
		lg->inval_first = first;
		lg->inval_last = last;
	} else {
		lg->inval_first = min(lg->inval_first, first);
		lg->inval_last = max(lg->inval_last, last);
	}
	return READ_ONCE(lg->in_guest_cpu);
}

/* Out of the Guest, and wait until that CPU has really left it. */
static void kick_out(int cpu)
{
	if (cpu >= 0)
		smp_call_function_single(cpu, lg_kick, NULL, true);
}

static int lg_mn_invalidate_start(struct mmu_notifier *mn,
				  const struct mmu_notifier_range *range)
{
	struct lguest *lg = mn_guest(mn);
	u32 first, last;
	int cpu;

	if (!lg_inval_pfns(range->start, range->end, lg->pfn_limit,
			   &first, &last))
		return 0;
	spin_lock(&lg->mn_lock);
	lg->inval_running++;
	cpu = note_inval(lg, first, last);
	spin_unlock(&lg->mn_lock);
	kick_out(cpu);
	return 0;
}

static void lg_mn_invalidate_end(struct mmu_notifier *mn,
				 const struct mmu_notifier_range *range)
{
	struct lguest *lg = mn_guest(mn);
	u32 first, last;

	/* The same test as at the start: every start has its end. */
	if (!lg_inval_pfns(range->start, range->end, lg->pfn_limit,
			   &first, &last))
		return;
	spin_lock(&lg->mn_lock);
	lg->inval_running--;
	spin_unlock(&lg->mn_lock);
}

/* The Launcher's mm is going away (it exited): no page of it stays. */
static void lg_mn_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct lguest *lg = mn_guest(mn);
	int cpu;

	spin_lock(&lg->mn_lock);
	lg->mm_gone = true;
	cpu = note_inval(lg, 0, lg->pfn_limit);
	spin_unlock(&lg->mn_lock);
	kick_out(cpu);
}

static const struct mmu_notifier_ops lg_mn_ops = {
	.invalidate_range_start	= lg_mn_invalidate_start,
	.invalidate_range_end	= lg_mn_invalidate_end,
	.release		= lg_mn_release,
};

/* At LHREQ_INITIALIZE, in the Launcher: follow its mm. */
int lg_mmu_notifier_register(struct lguest *lg)
{
	int err;

	spin_lock_init(&lg->mn_lock);
	lg->in_guest_cpu = -1;
	lg->mn.ops = &lg_mn_ops;
	err = mmu_notifier_register(&lg->mn, lg->mm);
	lg->mn_registered = !err;
	return err;
}

/* When the Guest goes; waits for any notifier still running. */
void lg_mmu_notifier_unregister(struct lguest *lg)
{
	if (lg->mn_registered)
		mmu_notifier_unregister(&lg->mn, lg->mm);
	lg->mn_registered = false;
}

/* Drop every shadow entry, in every cached table, of pages [first, last). */
static void drop_pfns(struct lguest *lg, u32 first, u32 last)
{
	unsigned int d, i, j;
	unsigned long span;
	u32 *ptes, gpfn;

	/* Nothing pinned there, nothing mapped there: the usual case. */
	for (gpfn = first; gpfn < last; gpfn++)
		if (lg->pins && lg->pins[gpfn / LG_PINS_PER_CHUNK] &&
		    lg->pins[gpfn / LG_PINS_PER_CHUNK]
			    [gpfn % LG_PINS_PER_CHUNK].refs)
			break;
	if (gpfn == last)
		return;

	lg_stat_inc(lg, LG_STAT_MMU_INVAL);
	for (d = 0; d < LG_NUM_PGDIRS; d++) {
		if (!lg->pgdirs[d].pgdir)
			continue;
		for (i = 0; i < SWITCHER_PGD_INDEX; i++) {
			if (!(lg->pgdirs[d].pgdir[i] & _PAGE_PRESENT))
				continue;
			ptes = ptes_of(lg->pgdirs[d].pgdir[i]);
			span = *span_of(ptes);
			for (j = span & 0xFFFF; j < span >> 16; j++) {
				gpfn = gpfns_of(ptes)[j];
				if ((ptes[j] & _PAGE_PRESENT) &&
				    gpfn >= first && gpfn < last)
					release_pte(lg, ptes, j);
			}
			/* As release_range(): give the CPU back. */
			cond_resched();
		}
	}
}

/*
 * Before each entry, in the run loop: drop what the notifier told us
 * about.  false if the Guest must not run now (its Launcher's memory is
 * gone, so it is killed, or a change is still under way).
 */
bool lg_mmu_sync(struct lguest *lg)
{
	u32 first, last;
	bool running;

	/* Nothing noted, as almost always: lg_mmu_enter() checks again. */
	if (!READ_ONCE(lg->inval_running) && !READ_ONCE(lg->mm_gone) &&
	    READ_ONCE(lg->inval_first) >= READ_ONCE(lg->inval_last))
		return true;

	spin_lock(&lg->mn_lock);
	first = lg->inval_first;
	last = lg->inval_last;
	running = lg->inval_running;
	/* Keep the pages noted until no change is under way. */
	if (!running)
		lg->inval_first = lg->inval_last = 0;
	spin_unlock(&lg->mn_lock);

	if (READ_ONCE(lg->mm_gone)) {
		kill_guest(lg, "the Launcher's memory is gone");
		return false;
	}
	if (first < last)
		drop_pfns(lg, first, last);
	if (running) {
		/* Let the Launcher's munmap() or mprotect() finish. */
		schedule_timeout_interruptible(1);
		return false;
	}
	return true;
}

/*
 * With interrupts off, just before the switch: may the Guest run with the
 * shadow as it is?  If so, a notifier from now on kicks this CPU.
 */
bool lg_mmu_enter(struct lguest *lg, int cpu)
{
	bool ok;

	spin_lock(&lg->mn_lock);
	ok = !lg->inval_running && lg->inval_first >= lg->inval_last &&
	     !lg->mm_gone;
	if (ok)
		WRITE_ONCE(lg->in_guest_cpu, cpu);
	spin_unlock(&lg->mn_lock);
	return ok;
}

/* Back from the Guest, interrupts still off. */
void lg_mmu_exit(struct lguest *lg)
{
	spin_lock(&lg->mn_lock);
	WRITE_ONCE(lg->in_guest_cpu, -1);
	spin_unlock(&lg->mn_lock);
}

/* Point the current shadow's top entry at this CPU's Switcher PTE page. */
void lg_map_switcher_in_guest(struct lguest *lg, unsigned long pte_page_pa)
{
	cur_pgdir(lg)[SWITCHER_PGD_INDEX] =
		pte_page_pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
}

unsigned long lg_current_shadow_pa(struct lguest *lg)
{
	return __pa(cur_pgdir(lg));
}

int lg_init_pagetables(struct lguest *lg, u32 gpgdir)
{
	lg->pgdirs[0].pgdir = (u32 *)get_zeroed_page(LG_GFP);
	if (!lg->pgdirs[0].pgdir)
		return -ENOMEM;
	lg->pgdirs[0].gpgdir = gpgdir;
	lg->pgdidx = 0;
	return 0;
}

void lg_free_pagetables(struct lguest *lg)
{
	unsigned int i;

	for (i = 0; i < LG_NUM_PGDIRS; i++) {
		if (!lg->pgdirs[i].pgdir)
			continue;
		/* Entry 1023 is the Switcher's page table: not ours to free. */
		release_range(lg, lg->pgdirs[i].pgdir, 0, SWITCHER_PGD_INDEX);
		free_page((unsigned long)lg->pgdirs[i].pgdir);
		lg->pgdirs[i].pgdir = NULL;
	}
	while (lg->nr_spare_ptes) {
		u32 *ptes = lg->spare_ptes[--lg->nr_spare_ptes];

		free_page((unsigned long)gpfns_of(ptes));
		set_page_private(virt_to_page(ptes), 0);
		free_page((unsigned long)ptes);
	}
	/* Every pin went with the last shadow entry using it. */
	WARN_ON_ONCE(lg->pinned_pages);
	WARN_ON_ONCE(lg->shadow_ptes);
	if (lg->pins) {
		for (i = 0; i < DIV_ROUND_UP(lg->pfn_limit, LG_PINS_PER_CHUNK);
		     i++)
			free_page((unsigned long)lg->pins[i]);
		kvfree(lg->pins);
		lg->pins = NULL;
	}
}
