/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pieces of the lguest Guest core (head_32.S, boot.c, console.c)
 * share among themselves.  What they offer drivers is <asm/lguest.h>.
 *
 * Tour stop 1: shared inside the Guest core; drivers see asm/lguest.h instead.
 */
#ifndef _ARCH_X86_LGUEST_LG_GUEST_H
#define _ARCH_X86_LGUEST_LG_GUEST_H

/*
 * offsetof(struct lguest_data, irq_pending), for head_32.S's irq_enable
 * (boot.c checks it at build time).
 */
#define LGUEST_DATA_IRQ_PENDING	1128

#ifndef __ASSEMBLY__
#include <linux/compiler_types.h>
#include <linux/init.h>
#include <linux/linkage.h>
#include <linux/lguest.h>
#include <linux/types.h>
#include <asm/lguest.h>

/*
 * head_32.S: our iret, the window the Host never interrupts, and the
 * system call entry the CPU calls directly (inside that window).
 */
asmlinkage void lguest_iret(void);
extern const char lguest_noirq_iret[], lguest_noirq_end[];
asmlinkage void lguest_int80(void);

/* arch/x86/lib/cmpxchg8b_emu.S, and our version of it in head_32.S. */
asmlinkage void this_cpu_cmpxchg8b_emu(void);
asmlinkage void lguest_cmpxchg8b_emu(void);

/* head_32.S: the pv irq ops (callee-save: they change only %eax, %edx). */
asmlinkage void lguest_save_fl_asm(void);
asmlinkage void lguest_irq_disable_asm(void);
asmlinkage void lguest_irq_enable_asm(void);

/* boot.c: the first C code (from lguest_entry). */
asmlinkage __visible void __init lguest_init(void);
__visible noinstr unsigned long lguest_read_cr2(void);

/*
 * A hypercall that may wait in the async ring while the Guest is in a lazy
 * (batching) mode; outside one it is made at once.  boot.c.
 */
void lguest_lazy_hcall(unsigned long call, unsigned long arg1,
		       unsigned long arg2, unsigned long arg3);

/* Console output, used from the first printk on.  console.c. */
void __init lguest_early_console_init(void);

#endif /* !__ASSEMBLY__ */
#endif /* _ARCH_X86_LGUEST_LG_GUEST_H */
