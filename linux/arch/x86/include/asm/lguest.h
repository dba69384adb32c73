/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the lguest Guest core (arch/x86/lguest/) offers the rest of a Guest
 * kernel: the lguest bus and the console driver reach it through this
 * header and nothing else.
 *
 * It is small on purpose.  A driver needs to talk to the Host (a
 * hypercall), to name its buffers the way the Host names Guest memory (a
 * guest-physical address) and to receive the interrupt the Host raises for
 * its device.  Everything else a Guest does to run in ring 1 stays private
 * to arch/x86/lguest/.
 *
 * Tour stops 2 and 7: the hypercall, all the Guest core offers drivers.
 */
#ifndef _ASM_X86_LGUEST_H
#define _ASM_X86_LGUEST_H

#include <linux/compiler_types.h>
#include <linux/lguest.h>
#include <linux/stringify.h>
#include <linux/types.h>

/*
 * A synchronous hypercall: the call number goes in %eax, the arguments in
 * %edx, %ebx and %ecx, and "int $LGUEST_TRAP_ENTRY" traps to the Host.
 * The Host hands back a result in %eax (only BIND_DMA has one; the other
 * calls leave the number there).  The Host may read or write any Guest
 * memory the call names, so this is a compiler barrier as well.
 *
 * Any hypercall also makes the Host run what is queued in the async ring
 * first, so a synchronous call never overtakes an earlier batched one.
 */
static __always_inline unsigned long
lguest_hcall(unsigned long call, unsigned long arg1, unsigned long arg2,
	     unsigned long arg3)
{
	asm volatile("int $" __stringify(LGUEST_TRAP_ENTRY)
		     : "+a" (call)
		     : "d" (arg1), "b" (arg2), "c" (arg3)
		     : "memory");
	return call;
}

/* Guest-physical address of a kernel virtual address. */
unsigned long lguest_gpa(const void *addr);

/*
 * This Guest's number, which no other Guest on its Host has at the same
 * time (the network driver makes its MAC address from it).
 */
u16 lguest_guest_id(void);

/* Wire virtual IRQ @irq (vector FIRST_EXTERNAL_VECTOR + irq) up. */
int lguest_setup_irq(unsigned int irq);

/*
 * Console output, synchronous: the text is out when this returns.  Any
 * context; the boot console and hvc0 both write through it.
 */
void lguest_console_write(const char *s, size_t len);

#endif /* _ASM_X86_LGUEST_H */
