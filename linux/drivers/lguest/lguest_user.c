// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/lguest, the Launcher's door.
 *
 * One open file is at most one Guest.  The Launcher write()s requests (an
 * array of u32: the request, then its arguments) and read()s to run the
 * Guest; close() destroys it.  The Launcher task that created the Guest is
 * its owner: only it may run the Guest, because Guest memory is that task's
 * memory.  Another process holding the file (the Launcher's "Waker") may
 * only issue LHREQ_BREAK.
 *
 * Requests are checked completely before they change anything, so a bad
 * one fails with an error and no side effects.
 *
 * Tour stop 8: /dev/lguest; next: Documentation/lguest/lguest.c.
 */
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/uaccess.h>
#include <linux/bitmap.h>
#include <linux/lguest_launcher.h>
#include <asm/segment.h>
#include "lg.h"

/* Guards creation and destruction of Guests and the guestid map. */
static DEFINE_MUTEX(lguest_lock);
static DECLARE_BITMAP(guest_ids, LG_MAX_GUESTS);
static u64 lguest_serial;

static struct lguest *file_guest(struct file *file)
{
	/* Pairs with the smp_store_release() in initialize(). */
	return smp_load_acquire((struct lguest **)&file->private_data);
}

/* The state a Guest starts in (it enters the kernel's startup_32). */
static void init_regs(struct lguest *lg, u32 start)
{
	struct lguest_regs *r = &lg->regs;

	memset(r, 0, sizeof(*r));
	r->cs = __KERNEL_CS | 1;
	r->ds = __KERNEL_DS | 1;
	r->es = __KERNEL_DS | 1;
	r->ss = __KERNEL_DS | 1;
	r->eflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	r->eip = start;
	/* esi = 0: the boot parameters are at guest-physical 0. */
	r->trapnum = LG_TRAP_DONE;
}

static void free_guest(struct lguest *lg)
{
	mutex_destroy(&lg->dma_mutex);
	hrtimer_cancel(&lg->hrt);
	lg_mmu_notifier_unregister(lg);
	lg_free_pagetables(lg);
	lg_free_ldt(lg);
	if (lg->mm)
		mmdrop(lg->mm);
	if (lg->tsk)
		put_task_struct(lg->tsk);
	if (!IS_ERR_OR_NULL(lg->dead))
		kfree(lg->dead);
	kfree(lg);
}

/*
 * Drop a reference: the file's at close, or a DMA sender's (dma.c), who
 * may be the last if the receiver closed while it delivered.
 */
void lg_put_guest(struct lguest *lg)
{
	if (refcount_dec_and_test(&lg->refs))
		free_guest(lg);
}

/* LHREQ_INITIALIZE: pfnlimit, pgdir, start, page_offset. */
static ssize_t initialize(struct file *file, const u32 __user *input,
			  size_t size)
{
	struct lguest *lg;
	u32 args[4];
	unsigned int id;
	int err;

	if (size < sizeof(args))
		return -EINVAL;
	if (copy_from_user(args, input, sizeof(args)))
		return -EFAULT;
	err = lg_check_initialize(args[0], args[1], args[2], args[3]);
	if (err)
		return err;
	if (!current->mm)
		return -EINVAL;

	mutex_lock(&lguest_lock);
	if (file->private_data) {
		err = -EBUSY;
		goto unlock;
	}
	id = find_first_zero_bit(guest_ids, LG_MAX_GUESTS);
	if (id >= LG_MAX_GUESTS) {
		err = -ENOSPC;
		goto unlock;
	}

	lg = kzalloc(sizeof(*lg), GFP_KERNEL);
	if (!lg) {
		err = -ENOMEM;
		goto unlock;
	}
	refcount_set(&lg->refs, 1);
	mutex_init(&lg->dma_mutex);
	lg_init_clockdev(lg);
	err = lg_init_pagetables(lg, args[1]);
	if (err) {
		free_guest(lg);
		goto unlock;
	}

	lg->guestid = id;
	lg->serial = ++lguest_serial;
	lg->pfn_limit = args[0];
	lg->page_offset = args[3];
	lg->last_cpu = -1;
	lg->changed = LG_CHANGED_ALL;
	init_regs(lg, args[2]);
	lg_setup_guest_gdt(lg);
	atomic_set(&lg->break_out, 0);
	init_waitqueue_head(&lg->break_wq);

	/*
	 * Guest memory is this task's memory.  Hold the mm itself (not its
	 * address space): the task's pointer to it is gone by the time the
	 * file is closed at exit.
	 */
	lg->tsk = current;
	get_task_struct(current);
	lg->mm = current->mm;
	mmgrab(lg->mm);
	/* ...and follow its changes (page_tables.c). */
	err = lg_mmu_notifier_register(lg);
	if (err) {
		free_guest(lg);
		goto unlock;
	}

	set_bit(id, guest_ids);
	lg_stats_add_guest(lg);
	/* Publish a fully set up Guest to lockless readers (file_guest()). */
	smp_store_release((struct lguest **)&file->private_data, lg);
	err = sizeof(args);
unlock:
	mutex_unlock(&lguest_lock);
	return err;
}

/*
 * LHREQ_BREAK: on != 0 kicks the Launcher out of read() and waits until
 * somebody writes on == 0.  The Guest may die meanwhile (another Guest's
 * DMA can kill it), so both work on a dead Guest too: on == 0 must still
 * release the waiters, and on != 0 has nothing left to break.
 */
static ssize_t do_break(struct lguest *lg, u32 on)
{
	if (!on) {
		atomic_set(&lg->break_out, 0);
		wake_up_all(&lg->break_wq);
		return 0;
	}
	if (lg->dead)
		return -ENOENT;
	atomic_set(&lg->break_out, 1);
	wake_up_process(lg->tsk);
	return wait_event_interruptible(lg->break_wq,
					!atomic_read(&lg->break_out));
}

static ssize_t lg_write(struct file *file, const char __user *in,
			size_t size, loff_t *off)
{
	const u32 __user *input = (const u32 __user *)in;
	struct lguest *lg = file_guest(file);
	u32 req, arg;

	if (size < sizeof(req))
		return -EINVAL;
	if (get_user(req, input))
		return -EFAULT;
	input++;
	size -= sizeof(req);

	if (req == LHREQ_INITIALIZE)
		return lg ? -EBUSY : initialize(file, input, size);
	if (!lg)
		return -EINVAL;
	if (req != LHREQ_BREAK && current != lg->tsk)
		return -EPERM;
	if (req != LHREQ_GETDMA && req != LHREQ_IRQ && req != LHREQ_BREAK)
		return -EINVAL;
	if (lg->dead && req != LHREQ_BREAK)
		return -ENOENT;

	/* Every other request takes exactly one argument. */
	if (size < sizeof(arg))
		return -EINVAL;
	if (get_user(arg, input))
		return -EFAULT;

	switch (req) {
	case LHREQ_GETDMA:
		return lg_get_dma(lg, arg);
	case LHREQ_IRQ:
		if (arg >= LGUEST_IRQS)
			return -EINVAL;
		set_bit(arg, &lg->irqs_pending);
		/* In case it is HALTed, waiting for exactly this. */
		wake_up_process(lg->tsk);
		return 0;
	default:
		return do_break(lg, arg);
	}
}

static ssize_t lg_read(struct file *file, char __user *user, size_t size,
		       loff_t *off)
{
	struct lguest *lg = file_guest(file);
	ssize_t ret;

	if (!lg)
		return -EINVAL;
	if (current != lg->tsk)
		return -EPERM;

	if (lg->dead) {
		size_t len;

		if (IS_ERR(lg->dead))
			return PTR_ERR(lg->dead);
		len = min(size, strlen(lg->dead) + 1);
		if (copy_to_user(user, lg->dead, len))
			return -EFAULT;
		return len;
	}

	/* What the run loop returns for a DMA: two u32s, gpa and key. */
	if (size < 2 * sizeof(u32))
		return -EINVAL;
	/* The Launcher has dealt with the last DMA we gave it. */
	lg->dma_pending = false;
	/* Other Guests' DMA wakes us only while we are in here. */
	WRITE_ONCE(lg->in_read, true);
	/* Pairs with raise_irq() (dma.c): it sees in_read, or we its irq. */
	smp_mb();
	ret = lguest_run(lg, (u32 __user *)user);
	WRITE_ONCE(lg->in_read, false);
	return ret;
}

static int lg_open(struct inode *inode, struct file *file)
{
	/* A Guest pins the Launcher's memory and can hog a CPU: root only. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	/* misc_open() left our miscdevice here; we keep the Guest here. */
	file->private_data = NULL;
	return 0;
}

static int lg_release(struct inode *inode, struct file *file)
{
	struct lguest *lg = file->private_data;

	if (!lg)
		return 0;
	/* No other Guest may DMA into us from here on. */
	lg_dma_release(lg);
	lg_stats_remove_guest(lg);
	mutex_lock(&lguest_lock);
	clear_bit(lg->guestid, guest_ids);
	mutex_unlock(&lguest_lock);
	lg_put_guest(lg);
	return 0;
}

static const struct file_operations lguest_fops = {
	.owner		= THIS_MODULE,
	.open		= lg_open,
	.read		= lg_read,
	.write		= lg_write,
	.release	= lg_release,
	.llseek		= noop_llseek,
};

/*
 * A fixed minor, so that /dev/lguest can exist before lg.ko is loaded
 * (depmod lists "devname:lguest" in modules.devname, and udev or our
 * Host's init makes the node from it) and opening it loads the module
 * through the alias "char-major-10-<minor>".  The old lguest used a
 * dynamic minor.  243 is the first misc minor above the last one
 * Documentation/admin-guide/devices.txt and <linux/miscdevice.h> assign
 * (242, rfkill), and no driver in the tree uses it.
 */
#define LGUEST_MINOR	243

static struct miscdevice lguest_dev = {
	.minor	= LGUEST_MINOR,
	.name	= "lguest",
	.fops	= &lguest_fops,
	.mode	= 0600,
};
MODULE_ALIAS_MISCDEV(LGUEST_MINOR);
MODULE_ALIAS("devname:lguest");

int __init lguest_device_init(void)
{
	int err;

	lg_stats_init();
	err = misc_register(&lguest_dev);
	if (err)
		lg_stats_exit();
	return err;
}

void lguest_device_exit(void)
{
	misc_deregister(&lguest_dev);
	lg_stats_exit();
}
