// SPDX-License-Identifier: GPL-2.0
/*
 * How every stage of the Host touches a Guest: reading and writing its
 * memory, and killing it.
 *
 * Guest memory is the Launcher's memory from address 0: a guest-physical
 * address is a user address in the Launcher, and the Host only runs a Guest
 * in its Launcher's task, so copy_from_user() and copy_to_user() are the
 * way in.  Every address a Guest hands us is checked against the memory it
 * was given (pfn_limit) first.
 *
 * A Guest that breaks the rules is killed: kill_guest() records why, the
 * run loop (run.c) stops running it, and the Launcher's next read() of
 * /dev/lguest returns the reason as text (lguest_user.c).
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include "lg.h"

__printf(2, 3) void kill_guest(struct lguest *lg, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	/*
	 * The first reason is the one that counts.  The Guest's own task
	 * and a Guest sending it DMA may race to kill it: cmpxchg() picks
	 * one.  The other's reason is thrown away.
	 */
	if (READ_ONCE(lg->dead))
		return;
	va_start(ap, fmt);
	reason = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	if (cmpxchg(&lg->dead, NULL, reason ?: ERR_PTR(-ENOMEM))) {
		kfree(reason);
		return;
	}
	if (reason)
		pr_info_ratelimited("lguest: guest %u killed: %s\n",
				    lg->guestid, reason);
}

/* Any bad access kills the Guest. */
int lg_read_guest(struct lguest *lg, void *dst, u32 gpa, u32 len)
{
	if (current->mm != lg->mm || !lg_range_ok(gpa, len, lg->pfn_limit) ||
	    copy_from_user(dst, (const void __user *)(unsigned long)gpa, len)) {
		kill_guest(lg, "bad read address %#x len %u", gpa, len);
		return -EFAULT;
	}
	return 0;
}

int lg_write_guest(struct lguest *lg, u32 gpa, const void *src, u32 len)
{
	if (current->mm != lg->mm || !lg_range_ok(gpa, len, lg->pfn_limit) ||
	    copy_to_user((void __user *)(unsigned long)gpa, src, len)) {
		kill_guest(lg, "bad write address %#x len %u", gpa, len);
		return -EFAULT;
	}
	return 0;
}

