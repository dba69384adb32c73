// SPDX-License-Identifier: GPL-2.0
/*
 * Exit statistics: why each Guest leaves, how often, and what it costs.
 *
 * Every return from a Guest to the Host is an "exit", and exits are what
 * make a Guest slower than the same kernel on bare metal.  lg.h's enum
 * lg_stat lists what we count; the run loop, the hypercall dispatcher and
 * the shadow page tables bump the counters as things happen, each in its
 * own Guest's struct lg_stats (no shared state, no lock).
 *
 * The counters can be read while the Guest runs, one directory per Guest
 * (as KVM has /sys/kernel/debug/kvm/<pid>-<fd>):
 *
 *	/proc/lguest/<launcher pid>-<guest id>/stats
 *
 * one line per counter, "name count ns", every counter always present so
 * the format never changes.  The directory goes when the Launcher closes
 * /dev/lguest.  tools/lgstat turns two readings into rates.  (proc rather
 * than debugfs: a Host needs no debugging options to be measured.)
 *
 * Tour: a side street of the run loop (stop 3); lg.h says what each
 * counter's time means.
 */
#include <linux/math64.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/sched.h>
#include <asm/trapnr.h>
#include <asm/irq_vectors.h>
#include <asm/tsc.h>
#include "lg.h"

/* Hypercall names by number, as LHCALL_* (lower case) minus the prefix. */
static const char *const hcall_names[LG_NR_HCALLS] = {
	[LHCALL_FLUSH_ASYNC]	= "flush_async",
	[LHCALL_LGUEST_INIT]	= "lguest_init",
	[LHCALL_CRASH]		= "crash",
	[LHCALL_LOAD_GDT]	= "load_gdt",
	[LHCALL_NEW_PGTABLE]	= "new_pgtable",
	[LHCALL_FLUSH_TLB]	= "flush_tlb",
	[LHCALL_LOAD_IDT_ENTRY]	= "load_idt_entry",
	[LHCALL_SET_STACK]	= "set_stack",
	[LHCALL_TS]		= "ts",
	[LHCALL_SET_CLOCKEVENT]	= "set_clockevent",
	[LHCALL_HALT]		= "halt",
	[11]			= "unused_11",
	[LHCALL_BIND_DMA]	= "bind_dma",
	[LHCALL_SEND_DMA]	= "send_dma",
	[LHCALL_SET_PTE]	= "set_pte",
	[LHCALL_SET_PMD]	= "set_pmd",
	[LHCALL_LOAD_TLS]	= "load_tls",
	[LHCALL_SET_DEBUGREG]	= "set_debugreg",
};

/* The exception mnemonics, so "trap_14_pf" reads without a manual. */
static const char *const trap_names[32] = {
	"de", "db", "nmi", "bp", "of", "br", "ud", "nm", "df", "old_mf",
	"ts", "np", "ss", "gp", "pf", "spurious", "mf", "ac", "mc", "xf",
	"ve", "cp", "r22", "r23", "r24", "r25", "r26", "r27", "hv", "vc",
	"sx", "hcall",
};

/* The rest, from LG_STAT_SYSCALL on. */
static const char *const event_names[LG_STAT_NR - LG_STAT_SYSCALL] = {
	[LG_STAT_SYSCALL - LG_STAT_SYSCALL]		= "syscall_exit",
	[LG_STAT_HOST_IRQ - LG_STAT_SYSCALL]		= "host_irq_exit",
	[LG_STAT_SWITCHER_FAULT - LG_STAT_SYSCALL]	= "switcher_fault",
	[LG_STAT_PF_FILL - LG_STAT_SYSCALL]		= "pf_shadow_fill",
	[LG_STAT_PF_WP - LG_STAT_SYSCALL]		= "pf_write_protect",
	[LG_STAT_PF_GUEST - LG_STAT_SYSCALL]		= "pf_guest",
	[LG_STAT_PF_PREFILL - LG_STAT_SYSCALL]		= "pf_prefill",
	[LG_STAT_REFLECT - LG_STAT_SYSCALL]		= "trap_reflected",
	[LG_STAT_IRQ - LG_STAT_SYSCALL]			= "irq_delivered",
	[LG_STAT_DMA_GUEST - LG_STAT_SYSCALL]		= "dma_send_guest",
	[LG_STAT_DMA_LAUNCHER - LG_STAT_SYSCALL]	= "dma_send_launcher",
	[LG_STAT_GETDMA - LG_STAT_SYSCALL]		= "dma_recv_launcher",
	[LG_STAT_HALT - LG_STAT_SYSCALL]		= "halt_sleep",
	[LG_STAT_LAUNCHER - LG_STAT_SYSCALL]		= "launcher_return",
	[LG_STAT_PIN - LG_STAT_SYSCALL]			= "pin",
	[LG_STAT_UNPIN - LG_STAT_SYSCALL]		= "unpin",
	[LG_STAT_PIN_UPGRADE - LG_STAT_SYSCALL]		= "pin_upgrade",
	[LG_STAT_SPT_ALLOC - LG_STAT_SYSCALL]		= "shadow_pt_alloc",
	[LG_STAT_SPT_FREE - LG_STAT_SYSCALL]		= "shadow_pt_free",
	[LG_STAT_MMU_INVAL - LG_STAT_SYSCALL]		= "mmu_invalidate",
};

/*
 * lg_stat_of_exit - the counter for an exit with this trap number: a
 * trap vector, the system call vector, a Host interrupt, or the
 * Switcher's own fault report.  Hypercalls are trap LGUEST_TRAP_ENTRY.
 */
unsigned int lg_stat_of_exit(unsigned int trapnum)
{
	if (trapnum >= LG_TRAP_SWITCHER_FAULT)
		return LG_STAT_SWITCHER_FAULT;
	if (trapnum < 32)
		return LG_STAT_TRAP + trapnum;
	if (trapnum == IA32_SYSCALL_VECTOR)
		return LG_STAT_SYSCALL;
	return LG_STAT_HOST_IRQ;
}

/*
 * lg_stat_name - write counter @stat's name into @buf; returns its length,
 * or -EINVAL for no such counter (as snprintf, it may be cut short).
 */
int lg_stat_name(unsigned int stat, char *buf, size_t len)
{
	if (stat == LG_STAT_EXITS)
		return snprintf(buf, len, "exits");
	if (stat < LG_STAT_ASYNC)
		return snprintf(buf, len, "hcall_%s",
				hcall_names[stat - LG_STAT_HCALL]);
	if (stat < LG_STAT_TRAP)
		return snprintf(buf, len, "async_%s",
				hcall_names[stat - LG_STAT_ASYNC]);
	if (stat < LG_STAT_SYSCALL)
		return snprintf(buf, len, "trap_%02u_%s", stat - LG_STAT_TRAP,
				trap_names[stat - LG_STAT_TRAP]);
	if (stat < LG_STAT_NR)
		return snprintf(buf, len, "%s",
				event_names[stat - LG_STAT_SYSCALL]);
	return -EINVAL;
}

static int stats_show(struct seq_file *m, void *unused)
{
	struct lguest *lg = m->private;
	struct lg_stats *s = &lg->stats;
	unsigned int i, start;
	char name[32];
	u64 count, ns;

	for (i = 0; i < LG_STAT_NR; i++) {
		do {
			start = u64_stats_fetch_begin(&s->sync);
			count = s->count[i];
			ns = s->cycles[i];
		} while (u64_stats_fetch_retry(&s->sync, start));
		/* Without a known TSC rate, cycles it is. */
		if (tsc_khz)
			ns = mul_u64_u32_div(ns, USEC_PER_SEC, tsc_khz);
		lg_stat_name(i, name, sizeof(name));
		seq_printf(m, "%s %llu %llu\n", name, count, ns);
	}
	seq_printf(m, "dma_recv_guest %lld 0\n",
		   (long long)atomic64_read(&s->dma_from_guests));
	return 0;
}

static struct proc_dir_entry *lg_proc_root;

void __init lg_stats_init(void)
{
	lg_proc_root = proc_mkdir("lguest", NULL);
}

/* rmmod lg: every Guest's directory went with its Guest already. */
void lg_stats_exit(void)
{
	proc_remove(lg_proc_root);
	lg_proc_root = NULL;
}

/*
 * A new Guest's directory.  If it cannot be made (or proc is configured
 * out) we lose only the view: the counters are kept all the same.
 */
void lg_stats_add_guest(struct lguest *lg)
{
	char name[32];

	u64_stats_init(&lg->stats.sync);
	if (!lg_proc_root)
		return;
	snprintf(name, sizeof(name), "%d-%u", task_tgid_nr(lg->tsk),
		 lg->guestid);
	lg->proc = proc_mkdir(name, lg_proc_root);
	if (lg->proc &&
	    !proc_create_single_data("stats", 0400, lg->proc, stats_show, lg)) {
		proc_remove(lg->proc);
		lg->proc = NULL;
	}
}

/*
 * Before the Guest is freed: proc_remove() waits for any reader still
 * inside stats_show(), and later reads of a file left open fail.
 */
void lg_stats_remove_guest(struct lguest *lg)
{
	proc_remove(lg->proc);
	lg->proc = NULL;
}
