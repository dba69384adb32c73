// SPDX-License-Identifier: GPL-2.0
/*
 * hvc0 for an lguest Guest: the Guest's /dev/console and its terminal.
 *
 * Output goes through the Guest core's lguest_console_write(), the same
 * synchronous DMA to LGUEST_CONSOLE_DMA_KEY that the boot console uses
 * (arch/x86/lguest/console.c).
 *
 * Input arrives the other way round.  When the lguest bus offers us the
 * console device we bind one receive buffer at the same key, with the
 * device's interrupt.  The Launcher fills it with what it read from its
 * standard input (asking the Host for it with LHREQ_GETDMA), stores the
 * byte count in used_len and raises the interrupt; hvc's interrupt handler
 * then calls our get_chars, which hands the bytes over and, once they are
 * all gone, sets used_len back to 0 so the Launcher may fill the buffer
 * again.  While it is full the Launcher keeps what it read in a backlog of
 * its own and offers it once the buffer is free, so nothing typed is lost
 * and a Guest that does not read only makes its Launcher wait.
 *
 * Tour stop 7: the console driver; next: drivers/block/lguest_blk.c.
 */
#include <linux/console.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/lguest_bus.h>
#include <linux/lguest_launcher.h>
#include <linux/minmax.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <asm/cpufeature.h>
#include <asm/lguest.h>
#include <asm/page.h>

#include "hvc_console.h"

static ssize_t lguest_put_chars(u32 vtermno, const u8 *buf, size_t count)
{
	lguest_console_write(buf, count);
	return count;
}

/*
 * The input buffer.  Aligning it to its size keeps it inside one page, as
 * a DMA section must be.  lguest_in_off counts the bytes of the current
 * batch already handed to hvc.  get_chars is called from the interrupt
 * handler and from hvc's thread, so the lock keeps them apart.
 */
#define LGUEST_IN_SIZE	256
static u8 lguest_in_buf[LGUEST_IN_SIZE] __aligned(LGUEST_IN_SIZE);
static struct lguest_dma lguest_in_dma;
static unsigned int lguest_in_off;
static DEFINE_SPINLOCK(lguest_in_lock);

static ssize_t lguest_get_chars(u32 vtermno, u8 *buf, size_t count)
{
	unsigned long flags;
	unsigned int len;
	size_t n = 0;

	spin_lock_irqsave(&lguest_in_lock, flags);
	len = READ_ONCE(lguest_in_dma.used_len);
	if (!len)
		goto out;
	/* Read the length before the bytes it covers. */
	virt_rmb();
	/* The Launcher cannot have written more than the buffer holds. */
	len = min(len, LGUEST_IN_SIZE);
	n = min_t(size_t, count, len - lguest_in_off);
	memcpy(buf, lguest_in_buf + lguest_in_off, n);
	lguest_in_off += n;
	if (lguest_in_off == len) {
		lguest_in_off = 0;
		/* Done with the bytes before the Launcher may refill them. */
		virt_mb();
		WRITE_ONCE(lguest_in_dma.used_len, 0);
	}
out:
	spin_unlock_irqrestore(&lguest_in_lock, flags);
	return n;
}

/*
 * hvc takes our interrupt (notifier_add_irq) whenever hvc0 is open, and
 * then only reads when it fires, instead of polling.
 */
static const struct hv_ops lguest_hv_ops = {
	.get_chars	= lguest_get_chars,
	.put_chars	= lguest_put_chars,
	.notifier_add	= notifier_add_irq,
	.notifier_del	= notifier_del_irq,
	.notifier_hangup = notifier_hangup_irq,
};

/* The console half of hvc0, as early as consoles can be. */
static int __init lguest_console_init(void)
{
	if (!boot_cpu_has(X86_FEATURE_LGUEST))
		return 0;
	return hvc_instantiate(0, 0, &lguest_hv_ops);
}
console_initcall(lguest_console_init);

/*
 * The tty half of hvc0, once the bus finds the console device: its
 * interrupt becomes hvc0's, and the input buffer is bound to the console
 * key.  If the Host will not take the binding, hvc0 still works for
 * output, which is what the Guest's /dev/console needs most.
 */
static int lguest_console_probe(struct lguest_device *lgdev)
{
	unsigned int irq = lgdev_irq(lgdev);
	struct hvc_struct *hp;
	int err;

	hp = hvc_alloc(0, irq, &lguest_hv_ops, 256);
	if (IS_ERR(hp))
		return PTR_ERR(hp);
	lgdev->private = hp;

	lguest_in_dma.used_len = 0;
	lguest_in_dma.addr[0] = __pa(lguest_in_buf);
	lguest_in_dma.len[0] = LGUEST_IN_SIZE;
	err = lguest_bind_dma(LGUEST_CONSOLE_DMA_KEY, &lguest_in_dma, 1, irq);
	if (err)
		dev_warn(&lgdev->dev, "no console input: the Host refused our buffer\n");
	return 0;
}

static struct lguest_driver lguest_console_driver = {
	.name		= "lguest_console",
	.device_type	= LGUEST_DEVICE_T_CONSOLE,
	.probe		= lguest_console_probe,
};

static int __init lguest_hvc_init(void)
{
	if (!boot_cpu_has(X86_FEATURE_LGUEST))
		return 0;
	return register_lguest_driver(&lguest_console_driver);
}
device_initcall(lguest_hvc_init);
