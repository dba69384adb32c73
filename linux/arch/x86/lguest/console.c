// SPDX-License-Identifier: GPL-2.0
/*
 * The lguest Guest's console output, and the boot console built on it.
 *
 * Output is a DMA to key LGUEST_CONSOLE_DMA_KEY: the Host stops us in the
 * SEND_DMA hypercall and hands the buffer to the Launcher, which writes it
 * to its standard output and lets us go on.  So when the hypercall
 * returns, the text is out and the buffer is free again.
 *
 * The boot console is registered before start_kernel(), so that every
 * message gets out, even if the Guest fails before setup_arch().  Once the
 * hvc driver (drivers/tty/hvc/hvc_lguest.c) has hvc0 up, the boot console
 * steps aside; hvc0 writes through lguest_console_write() too.
 *
 * Tour stop 1: the boot console, output by DMA; hvc0 (stop 7) writes here too.
 */
#include <linux/console.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/lguest_launcher.h>
#include <linux/minmax.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/page.h>

#include "lg_guest.h"

/*
 * The text is copied into one page-aligned page first.  A DMA section may
 * not cross a page boundary and must be in the linear map; callers' buffers
 * (a stack, the printk buffers) need not be either, so this is simplest.
 * Consoles write from any context, hence the raw lock with interrupts off.
 */
static DEFINE_RAW_SPINLOCK(lguest_cons_lock);
static char lguest_cons_buf[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct lguest_dma lguest_cons_dma;

void lguest_console_write(const char *s, size_t len)
{
	unsigned long flags;
	size_t n;

	raw_spin_lock_irqsave(&lguest_cons_lock, flags);
	while (len) {
		n = min(len, sizeof(lguest_cons_buf));
		memcpy(lguest_cons_buf, s, n);
		lguest_cons_dma.used_len = 0;
		lguest_cons_dma.addr[0] = __pa(lguest_cons_buf);
		lguest_cons_dma.len[0] = n;
		/* A zero length ends the list of sections. */
		lguest_cons_dma.len[1] = 0;
		lguest_hcall(LHCALL_SEND_DMA, LGUEST_CONSOLE_DMA_KEY,
			     __pa(&lguest_cons_dma), 0);
		s += n;
		len -= n;
	}
	raw_spin_unlock_irqrestore(&lguest_cons_lock, flags);
}
EXPORT_SYMBOL_GPL(lguest_console_write);

static void lguest_boot_console_write(struct console *con, const char *s,
				      unsigned int len)
{
	lguest_console_write(s, len);
}

static struct console lguest_boot_console = {
	.name	= "lgboot",
	.write	= lguest_boot_console_write,
	.flags	= CON_PRINTBUFFER | CON_BOOT,
	.index	= -1,
};

/* From lguest_init(), just before i386_start_kernel(): only in a Guest. */
void __init lguest_early_console_init(void)
{
	register_console(&lguest_boot_console);
}
