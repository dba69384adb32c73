/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lguest Host's private definitions.
 *
 * The Host is split into:
 *   core.c        the Switcher pages and the world switch
 *   run.c         the run loop: what to do after each return from the Guest
 *   guest_access.c reading and writing Guest memory; kill_guest()
 *   switcher_32.S the code that actually changes worlds
 *   hypercalls.c  decoding hypercalls and the async ring
 *   segments.c    the Guest's GDT
 *   interrupts_and_traps.c  the Guest's IDT, traps, virtual IRQs, timer
 *   debugregs.c   the Guest's debug registers
 *   page_tables.c shadow page tables
 *   dma.c         DMA by keys: BIND_DMA, SEND_DMA, LHREQ_GETDMA
 *   lguest_user.c /dev/lguest
 *   stats.c       exit statistics, /proc/lguest/<pid>-<id>/stats
 *   checks.c      pure checks of Guest-supplied values (KUnit-tested)
 *   lguest_test.c the KUnit tests of checks.c
 *   switcher_fixmap.c  the one piece always built in: it puts the
 *                 Switcher's pages into their fixmap slots
 *
 * (lguest_bus.c, in the same folder, is not the Host's: it is the Guest's
 * bus, which its drivers sit on.)
 *
 * Tour stops 2 to 8: the Host's shared structures; read struct lguest first.
 */
#ifndef _LGUEST_LG_H
#define _LGUEST_LG_H

/*
 * Layout constants shared with switcher_32.S.  C code asserts that they
 * match the structures below.
 *
 * The Switcher's pages start at the fixmap slot FIX_LGUEST_SWITCHER_LAST
 * (the lowest address) and go up: LGUEST_SWITCHER_TEXT_PAGES of code, then
 * for each possible CPU a "regs" page (the Guest may write it while it runs:
 * it is the ring-0 stack the CPU pushes onto when the Guest traps) and a
 * "state" page (read-only to the Guest: its GDT, IDT and TSS, and the way
 * to this CPU's bridge, see core.c).
 *
 * Everything mapped in a Guest's address space is readable by the Guest
 * kernel: paging only tells ring 3 from rings 0-2.  So those pages hold
 * nothing of the Host's; what the Switcher needs to get back (the Host's
 * cr3, stack, GDT and IDT) is in a per-CPU "host" page that only the
 * bridge maps, at the address just after the CPU's pair.
 */
#define LGUEST_CS		(10 * 8)	/* Host GDT slot 10: flat ring 0 code */
#define LGUEST_DS		(11 * 8)	/* Host GDT slot 11: flat ring 0 data */

#define LG_REGS_SIZE		72	/* sizeof(struct lguest_regs) */
#define LG_REGS_TRAPNUM		44	/* offsetof(struct lguest_regs, trapnum) */

/* Offsets inside the state page (page 2 of a CPU's pair). */
#define LG_ST_BRIDGE_CR3	0
#define LG_ST_GUEST_GDT		10	/* the 6-byte pseudo-descriptors, */
#define LG_ST_GUEST_IDT		18	/* each after 2 bytes of padding */
#define LG_ST_GUEST_LDT		24	/* the LDT selector to load, or 0 */
#define LG_ST_GUEST_TSS		64
#define LG_ST_GDT_TABLE		256
#define LG_ST_IDT_TABLE		1024

/* Offsets inside the host page (the page after a CPU's pair, in the bridge). */
#define LG_HS_CR3		0
#define LG_HS_SP		4
#define LG_HS_GDT		10
#define LG_HS_IDT		18

/*
 * A trap number no CPU can produce: the Switcher reports "the CPU faulted
 * while loading the Guest's state" as LG_TRAP_SWITCHER_FAULT + vector.
 */
#define LG_TRAP_SWITCHER_FAULT	0x100
/* trapnum after a hypercall has been handled, so it is not run twice. */
#define LG_TRAP_DONE		0xFF

/* Async ring slot status (lguest_data.hcall_status): done, or to run. */
#define LHCALL_STATUS_DONE	0xFF
#define LHCALL_STATUS_PENDING	0

/*
 * The top of every Guest address space that belongs to the Host: page
 * directory entry 1023, where the Switcher lives (lguest_data.reserve_mem).
 */
#define LGUEST_RESERVE_MEM	(4U << 20)

#ifndef __ASSEMBLY__
#include <linux/types.h>
#include <linux/hrtimer.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/lguest.h>
#include <linux/lguest_launcher.h>
#include <asm/desc_defs.h>
#include <asm/ldt.h>
#include <asm/msr.h>
#include <asm/processor.h>

/*
 * The Guest's registers while it is not running.  The order is fixed by
 * hardware and the Switcher: the CPU pushes ss..eip (and an error code for
 * some traps), the Switcher's stub pushes errcode (if the CPU did not) and
 * trapnum, and the Switcher's exit path pushes the rest.
 */
struct lguest_regs {
	u32 ebx, ecx, edx, esi, edi, ebp, eax;
	u32 gs, fs, ds, es;
	u32 trapnum, errcode;
	u32 eip, cs, eflags, esp, ss;
};

/* What lgdt/lidt want, with padding so the address field is aligned. */
struct lg_desc_ptr {
	u16 pad;
	u16 size;
	u32 address;
} __packed;

/* A descriptor or gate as the two 32-bit words the CPU sees. */
struct lg_desc {
	u32 lo, hi;
};

/* The read-only page of a CPU's pair.  Offsets are LG_ST_*. */
struct lguest_ro_state {
	u32 bridge_cr3;
	u32 pad0;
	struct lg_desc_ptr guest_gdt;
	struct lg_desc_ptr guest_idt;
	u32 guest_ldt;
	u8 pad1[LG_ST_GUEST_TSS - 28];
	struct x86_hw_tss guest_tss;
	u8 pad2[LG_ST_GDT_TABLE - LG_ST_GUEST_TSS - sizeof(struct x86_hw_tss)];
	struct lg_desc gdt[GDT_ENTRIES];
	u8 pad3[LG_ST_IDT_TABLE - LG_ST_GDT_TABLE - GDT_ENTRIES * 8];
	struct lg_desc idt[256];
};

/* A CPU's host page: the Host's side of the switch.  Offsets are LG_HS_*. */
struct lguest_host_state {
	u32 host_cr3;
	u32 host_sp;
	struct lg_desc_ptr host_gdt;
	struct lg_desc_ptr host_idt;
};

/* One CPU's pair of Switcher pages. */
struct lguest_pages {
	u8 spare[PAGE_SIZE - sizeof(struct lguest_regs)];
	struct lguest_regs regs;
	struct lguest_ro_state state;
	u8 pad[PAGE_SIZE - sizeof(struct lguest_ro_state)];
};

/* One cached shadow page directory. */
/* Directory entries below page_offset: at most all but the Switcher's. */
#define LG_USER_PGDS		1023

struct lg_pgdir {
	u32 gpgdir;		/* guest-physical address it shadows */
	u32 *pgdir;		/* the host page, NULL if slot unused */
	u64 last_used;		/* lguest.pgdir_clock when last switched to */
	/*
	 * The user entries that may be present: set when one is made
	 * present, all cleared when the user half is released.  What a flush
	 * or a release of the user half must look at (page_tables.c).
	 */
	DECLARE_BITMAP(user_used, LG_USER_PGDS);
};

/*
 * Our one pin of a Guest page, and how many shadow PTEs use it (at most
 * LG_NUM_PGDIRS * 1023 * 1024, well inside 30 bits).  A page of them
 * covers LG_PINS_PER_CHUNK Guest pages; chunks are allocated as the Guest
 * first maps a page in their range, and kept until the Guest goes.
 */
struct lg_pin {
	struct page *page;	/* NULL: not pinned */
	u32 refs : 30;
	u32 writable : 1;	/* pinned with FOLL_WRITE */
	u32 dirty : 1;		/* some shadow PTE of it was dirty */
};

#define LG_PINS_PER_CHUNK	(PAGE_SIZE / sizeof(struct lg_pin))

#define LG_NUM_PGDIRS		4
#define LG_REUSABLE_PTES		8
#define LG_SHADOW_PTES_SPARE	256	/* see lg_shadow_budget() */
#define LG_MAX_GUESTS		16
#define LG_REASON_MAX		160

/*
 * Memory a Guest makes the Host allocate (shadow tables, pin records, LDT
 * pages, DMA bounce buffers) is charged to the Launcher's memory cgroup.
 * Every caller copes with failure, mostly by killing the Guest with a
 * reason, so the allocator need not warn: it fails exactly when the
 * Launcher is over its limit or has been picked by the OOM killer, and
 * its stack dump would only dress up an expected event as a Host fault.
 */
#define LG_GFP			(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)

/* Which parts of the running GDT/IDT must be refreshed before entry. */
#define LG_CHANGED_IDT		1
#define LG_CHANGED_GDT		2
#define LG_CHANGED_GDT_TLS	4
#define LG_CHANGED_LDT		8
#define LG_CHANGED_ALL		15

/*
 * The Guest's LDT (segments.c): at most LDT_ENTRIES (8192) descriptors,
 * as natively, so 16 pages.  While the Guest runs they are mapped
 * read-only in the LG_LDT_PAGES pages just below the Switcher (core.c).
 */
#define LG_LDT_PAGES		(LDT_ENTRIES * LDT_ENTRY_SIZE / PAGE_SIZE)

/*
 * One BIND_DMA: @num_dmas struct lguest_dma at guest-physical @dmas wait
 * for data sent to @key, and @irq is raised when one is filled.  A key in
 * memory the Launcher shares with other Launchers is named by its pinned
 * @page and @offset, and the binding sits in dma.c's hash table so other
 * Guests find it; a private key has no page.
 */
struct lg_dma_binding {
	struct hlist_node hash;
	struct lguest *lg;
	struct page *page;
	u32 offset;
	u32 key;
	u32 dmas;
	u16 num_dmas;
	u16 next_dma;		/* where the next search for a free one starts */
	u8 irq;
};

/*
 * Exit statistics (stats.c), one set per Guest, shown as
 * /proc/lguest/<launcher pid>-<guest id>/stats.  Each counter
 * has a count and a time, kept in TSC cycles (lg_stat_clock(): one
 * instruction, where a clock read would cost more than some exits) and
 * shown in nanoseconds at tsc_khz (under QEMU's -icount, instructions).
 * What the time means, per group:
 *
 *   EXITS		returns from the Guest; ns: time spent in the Guest
 *   HCALL + n		synchronous hypercall n; ns: in its handler
 *   ASYNC + n		hypercall n from the async ring; ns: in its handler
 *   TRAP + v		exits by trap vector v (0-31); ns: Host time from
 *			that exit to the next entry, whatever it did
 *   SYSCALL, HOST_IRQ, SWITCHER_FAULT	the other exits, ns as for TRAP
 *   PF_FILL ... PF_GUEST	what a page fault exit turned out to be
 *   the rest		events, counted where they happen (ns unused but
 *			for HALT: asleep, and LAUNCHER: out in the Launcher)
 *
 * Only the Launcher task running the Guest updates them (the run loop, and
 * its own /dev/lguest requests), so they need no lock; a reader on a
 * 32-bit Host gets whole 64-bit values through the u64_stats seqcount.
 * DMA arriving from another Guest is counted by that Guest's task, in
 * dma_from_guests.
 */
#define LG_NR_HCALLS		18	/* hypercall numbers 0..17 */
enum lg_stat {
	LG_STAT_EXITS,
	LG_STAT_HCALL,
	LG_STAT_ASYNC = LG_STAT_HCALL + LG_NR_HCALLS,
	LG_STAT_TRAP = LG_STAT_ASYNC + LG_NR_HCALLS,
	LG_STAT_SYSCALL = LG_STAT_TRAP + 32,	/* int $0x80, not direct */
	LG_STAT_HOST_IRQ,	/* a Host interrupt came while the Guest ran */
	LG_STAT_SWITCHER_FAULT,	/* loading the Guest's state faulted */
	LG_STAT_PF_FILL,	/* shadow entry made on demand */
	LG_STAT_PF_WP,		/* read-only shadow entry made writable */
	LG_STAT_PF_GUEST,	/* the Guest's own fault: reflected */
	LG_STAT_PF_PREFILL,	/* entries filled beside a fault's */
	LG_STAT_REFLECT,	/* traps delivered to the Guest's handler */
	LG_STAT_IRQ,		/* virtual interrupts delivered */
	LG_STAT_DMA_GUEST,	/* SEND_DMA to another Guest */
	LG_STAT_DMA_LAUNCHER,	/* SEND_DMA to our Launcher */
	LG_STAT_GETDMA,		/* a buffer handed to our Launcher (receive) */
	LG_STAT_HALT,		/* HALT sleeps; ns asleep */
	LG_STAT_LAUNCHER,	/* returns to the Launcher; ns until back */
	LG_STAT_PIN,		/* Guest pages pinned */
	LG_STAT_UNPIN,		/* ... and unpinned */
	LG_STAT_PIN_UPGRADE,	/* read-only pins made writable */
	LG_STAT_SPT_ALLOC,	/* shadow PTE pages allocated */
	LG_STAT_SPT_FREE,	/* ... and freed */
	LG_STAT_MMU_INVAL,	/* Launcher memory changes that hit pins */
	LG_STAT_NR
};

struct lg_stats {
	struct u64_stats_sync sync;
	u64 count[LG_STAT_NR];
	u64 cycles[LG_STAT_NR];
	atomic64_t dma_from_guests;	/* DMA received from other Guests */
	/* Run loop: why the Guest last left, and when; when we went out. */
	unsigned int reason;
	u64 exit_at;
	u64 left_at;
};

struct lguest {
	/* Its file holds one; a Guest delivering DMA to us holds another. */
	refcount_t refs;
	u64 serial;			/* unique forever: per-CPU cache tag */
	unsigned int guestid;
	struct task_struct *tsk;	/* the Launcher task that owns us */
	struct mm_struct *mm;		/* its mm, held with mmgrab() */

	u32 pfn_limit;
	u32 page_offset;

	struct lguest_regs regs;
	u32 cr2;			/* read right after a #PF exit */

	/* lguest_data: not usable until LHCALL_LGUEST_INIT. */
	bool have_data;
	u32 data_gpa;
	u32 noirq_start, noirq_end;
	unsigned int next_hcall;	/* our cursor in the async ring */

	/* Hypercall state. */
	u32 ss1, esp1, stack_pages;
	bool ts;
	bool halted;

	/* Virtual interrupts waiting to be delivered; bit n = IRQ n. */
	unsigned long irqs_pending;
	/* What we last wrote to lguest_data.irq_pending. */
	bool irq_pending_told;
	struct hrtimer hrt;

	/* The Guest's own descriptor tables, already sanitised. */
	struct lg_desc gdt[GDT_ENTRIES];
	struct lg_desc idt[256];
	unsigned int changed;
	int last_cpu;

	/*
	 * The Guest's LDT: @ldt_entries sanitised descriptors in our own
	 * pages (allocated as first needed, kept until the Guest goes).
	 */
	struct page *ldt_pages[LG_LDT_PAGES];
	u32 ldt_entries;

	/* Shadow page tables. */
	struct lg_pgdir pgdirs[LG_NUM_PGDIRS];
	unsigned int pgdidx;
	u64 pgdir_clock;		/* counts NEW_PGTABLEs, for LRU */
	u32 *spare_ptes[LG_REUSABLE_PTES];	/* emptied shadow PTE pages */
	unsigned int nr_spare_ptes;
	unsigned int shadow_ptes;	/* shadow PTE pages, all tables */
	struct lg_pin **pins;		/* chunks, by Guest pfn */
	unsigned long pinned_pages;	/* charged to mm->pinned_vm */

	/*
	 * The Launcher changing the memory under those pins: our MMU
	 * notifier on its mm, and what it has told us (page_tables.c).
	 * Under mn_lock: the Guest pages whose shadow entries must go
	 * before the Guest runs again ([inval_first, inval_last)), how many
	 * invalidations have begun and not yet ended, whether the mm is
	 * being torn down, and the CPU running the Guest right now (-1).
	 */
	struct mmu_notifier mn;
	bool mn_registered;
	spinlock_t mn_lock;
	u32 inval_first, inval_last;
	unsigned int inval_running;
	bool mm_gone;
	int in_guest_cpu;

	/*
	 * Debug registers (debugregs.c): DR0-DR3 and DR7 as the Guest set
	 * them, the DR7 we actually load (only breakpoints we can honour),
	 * and DR6 as the last debug exception left it.
	 */
	u32 dr[4], dr7, dr7_load, dr6;

	/* LHREQ_BREAK. */
	atomic_t break_out;
	wait_queue_head_t break_wq;

	/* A SEND_DMA the Launcher has to look at (read() returns 8). */
	bool dma_pending;
	u32 pending_dma, pending_key;
	/* The Launcher is inside read(): other Guests' DMA may wake it. */
	bool in_read;

	/* Our BIND_DMA bindings; a slot is free when its irq is 0. */
	struct mutex dma_mutex;		/* our buffers: see dma.c */
	struct lg_dma_binding dma[LGUEST_MAX_DMA];

	struct lg_stats stats;
	struct proc_dir_entry *proc;	/* our directory of them */

	/*
	 * Non-NULL once dead: why.  An ERR_PTR if kasprintf failed.  Another
	 * Guest's DMA may kill us, so it is set with cmpxchg().
	 */
	const char *dead;
};

/* checks.c: pure functions of Guest-supplied values. */
bool lg_range_ok(u32 addr, u32 len, u32 pfn_limit);
bool lg_gdt_slot_reserved(unsigned int idx);
int lg_sanitise_gdt_entry(struct lg_desc *d);
int lg_sanitise_ldt_entry(struct lg_desc *d);
int lg_sanitise_idt_entry(unsigned int vector, u32 lo, u32 hi,
			  struct lg_desc *out);
bool lg_gpgd_ok(u32 gpgd, u32 pfn_limit);
bool lg_gpte_ok(u32 gpte, u32 pfn_limit);
u32 lg_shadow_pte_flags(u32 gpte);
int lg_check_set_stack(u32 ss, u32 pages);
int lg_check_initialize(u32 pfn_limit, u32 pgdir, u32 start, u32 page_offset);
bool lg_vaddr_is_switcher(u32 vaddr);
unsigned int lg_shadow_budget(u32 pfn_limit);
bool lg_inval_pfns(unsigned long start, unsigned long end, u32 pfn_limit,
		   u32 *first, u32 *last);
u32 lg_dr7_allowed(const u32 dr[4], u32 dr7, u32 limit);
int lg_check_bind_dma(u32 key, u32 ecx);
int lg_check_dma(const struct lguest_dma *dma, u32 pfn_limit);

/* switcher_32.S: the code, its entry point, each stub's offset. */
extern char lguest_switcher_start[], lguest_switcher_end[];
extern char lguest_switch_to_guest[];
extern const u32 lguest_stub_offsets[256];

/* core.c */
extern unsigned long lg_switcher_base;
bool lg_run_guest_once(struct lguest *lg);

/* run.c */
int lguest_run(struct lguest *lg, u32 __user *user);

/* guest_access.c */
int lg_read_guest(struct lguest *lg, void *dst, u32 gpa, u32 len);
int lg_write_guest(struct lguest *lg, u32 gpa, const void *src, u32 len);
__printf(2, 3) void kill_guest(struct lguest *lg, const char *fmt, ...);
void lg_guest_crashed(struct lguest *lg, const char *msg);

/* Read or write a u32 field of the Guest's lguest_data. */
#define lg_data_addr(lg, field) \
	((lg)->data_gpa + offsetof(struct lguest_data, field))

/* debugregs.c */
void lg_set_debugreg(struct lguest *lg, u32 regno, u32 value);
void lg_debugregs_enter(struct lguest *lg);
void lg_debugregs_exit(struct lguest *lg, unsigned int trap);
void lg_tell_dr6(struct lguest *lg);

/* hypercalls.c */
void do_hypercalls(struct lguest *lg);

/* segments.c */
void lg_setup_guest_gdt(struct lguest *lg);
void lg_copy_gdt(const struct lguest *lg, struct lg_desc *gdt);
void lg_copy_gdt_tls(const struct lguest *lg, struct lg_desc *gdt);
void lg_load_gdt(struct lguest *lg, u32 gpa, u32 num);
void lg_load_tls(struct lguest *lg, u32 gpa);
void lg_load_ldt(struct lguest *lg, u32 vaddr, u32 entries);
void lg_free_ldt(struct lguest *lg);

/* interrupts_and_traps.c */
void lg_init_clockdev(struct lguest *lg);
void lg_set_clockevent(struct lguest *lg, u32 delta);
void lg_load_idt_entry(struct lguest *lg, u32 vector, u32 lo, u32 hi);
void lg_copy_idt(const struct lguest *lg, struct lg_desc *idt,
		 const unsigned long *stubs);
bool lg_direct_syscall_ok(const struct lguest *lg);
bool lg_deliver_trap(struct lguest *lg, unsigned int vector);
bool lg_emulate_soft_int(struct lguest *lg);
void lg_maybe_do_interrupt(struct lguest *lg);
unsigned long lg_irq_wake_mask(struct lguest *lg);
void lg_set_stack(struct lguest *lg, u32 ss, u32 esp, u32 pages);
void lg_write_timestamp(struct lguest *lg);
bool lg_gva_to_gpa(struct lguest *lg, u32 vaddr, bool write, u32 *gpa);

/* page_tables.c */
int lg_init_pagetables(struct lguest *lg, u32 pgdir);
void lg_free_pagetables(struct lguest *lg);
bool lg_demand_page(struct lguest *lg, u32 vaddr, u32 errcode);
void lg_new_pagetable(struct lguest *lg, u32 pgtable);
void lg_guest_set_pte(struct lguest *lg, u32 gpgdir, u32 vaddr, u32 gpte);
void lg_guest_set_pmd(struct lguest *lg, u32 gpgdir, u32 idx);
void lg_flush_user_mappings(struct lguest *lg);
void lg_guest_pagetable_clear_all(struct lguest *lg);
void lg_map_switcher_in_guest(struct lguest *lg, unsigned long pte_page_pa);
unsigned long lg_current_shadow_pa(struct lguest *lg);
int lg_mmu_notifier_register(struct lguest *lg);
void lg_mmu_notifier_unregister(struct lguest *lg);
bool lg_mmu_sync(struct lguest *lg);
bool lg_mmu_enter(struct lguest *lg, int cpu);
void lg_mmu_exit(struct lguest *lg);

/* lguest_user.c */
void lg_put_guest(struct lguest *lg);

/* dma.c */
u32 lg_bind_dma(struct lguest *lg, u32 key, u32 dmas, u32 ecx);
void lg_send_dma(struct lguest *lg, u32 key, u32 dma);
long lg_get_dma(struct lguest *lg, u32 key);
void lg_dma_release(struct lguest *lg);

/* lguest_user.c */
int lguest_device_init(void);
void lguest_device_exit(void);

/* switcher_fixmap.c: built into the kernel even when the rest is lg.ko */
void lguest_map_switcher(struct page **pages, unsigned int text_pages);
void lguest_unmap_switcher(void);

/* stats.c */
unsigned int lg_stat_of_exit(unsigned int trapnum);
int lg_stat_name(unsigned int stat, char *buf, size_t len);
void lg_stats_add_guest(struct lguest *lg);
void lg_stats_remove_guest(struct lguest *lg);
void lg_stats_init(void);
void lg_stats_exit(void);

static inline u64 lg_stat_clock(void)
{
	return rdtsc();
}

/* Count one @stat event that took @cycles (0 if untimed). */
static inline void lg_stat_add(struct lguest *lg, unsigned int stat,
			       u64 cycles)
{
	struct lg_stats *s = &lg->stats;

	/*
	 * A reader spins while an update is half done: the writer must not
	 * be preempted in between (lockdep checks that we made sure).
	 */
	preempt_disable();
	u64_stats_update_begin(&s->sync);
	s->count[stat]++;
	s->cycles[stat] += cycles;
	u64_stats_update_end(&s->sync);
	preempt_enable();
}

static inline void lg_stat_inc(struct lguest *lg, unsigned int stat)
{
	lg_stat_add(lg, stat, 0);
}
#endif /* !__ASSEMBLY__ */

#endif /* _LGUEST_LG_H */
