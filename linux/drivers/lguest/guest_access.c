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
 *
 * Tour stop 2: Guest memory and kill_guest(), for every stage; next: checks.c.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/lguest_launcher.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include "lg.h"

/*
 * The one way a Guest ends.  @reason (allocated here, NULL if that failed)
 * is what the Launcher's read() returns; @how and @detail are what the
 * Host's log says.  The first end is the one that counts: the Guest's own
 * task and a Guest sending it DMA may race to kill it, and cmpxchg() picks
 * one.  The other's reason is thrown away.
 */
static void end_guest(struct lguest *lg, char *reason, const char *how,
		      const char *detail)
{
	if (cmpxchg(&lg->dead, NULL, reason ?: ERR_PTR(-ENOMEM))) {
		kfree(reason);
		return;
	}
	pr_info_ratelimited("lguest: guest %u %s%s%s\n", lg->guestid, how,
			    detail ? ": " : "", detail ?: "");
}

__printf(2, 3) void kill_guest(struct lguest *lg, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	if (READ_ONCE(lg->dead))
		return;
	va_start(ap, fmt);
	reason = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	end_guest(lg, reason, "killed", reason ?: "(no memory for the reason)");
}

/*
 * LHCALL_CRASH with the (sanitised) text @msg.  A Guest powering off or
 * restarting says so with a crash of a known text: the Launcher still
 * reads "CRASH: " and the text, but the Host's log calls it what it is.
 */
void lg_guest_crashed(struct lguest *lg, const char *msg)
{
	char *reason;

	if (READ_ONCE(lg->dead))
		return;
	reason = kasprintf(GFP_KERNEL, "CRASH: %s", msg);
	if (!strcmp(msg, LGUEST_CRASH_POWEROFF))
		end_guest(lg, reason, "powered off", NULL);
	else if (!strcmp(msg, LGUEST_CRASH_RESTART))
		end_guest(lg, reason, "asked to restart", NULL);
	else
		end_guest(lg, reason, "crashed", msg);
}

/*
 * Any bad access kills the Guest.  Most accesses are one 32-bit word: a
 * page table entry, a field of lguest_data, a word of a trap frame.  For
 * those get_user() and put_user() take a few instructions where the
 * general copy takes a few dozen, and the Host makes several on every
 * exit.
 */
int lg_read_guest(struct lguest *lg, void *dst, u32 gpa, u32 len)
{
	void __user *src = (void __user *)(unsigned long)gpa;
	unsigned long err = 1;

	if (current->mm == lg->mm && lg_range_ok(gpa, len, lg->pfn_limit)) {
		if (len == sizeof(u32))
			err = get_user(*(u32 *)dst, (u32 __user *)src);
		else
			err = copy_from_user(dst, src, len);
	}
	if (!err)
		return 0;
	kill_guest(lg, "bad read address %#x len %u", gpa, len);
	return -EFAULT;
}

int lg_write_guest(struct lguest *lg, u32 gpa, const void *src, u32 len)
{
	void __user *dst = (void __user *)(unsigned long)gpa;
	unsigned long err = 1;

	if (current->mm == lg->mm && lg_range_ok(gpa, len, lg->pfn_limit)) {
		if (len == sizeof(u32))
			err = put_user(*(const u32 *)src, (u32 __user *)dst);
		else
			err = copy_to_user(dst, src, len);
	}
	if (!err)
		return 0;
	kill_guest(lg, "bad write address %#x len %u", gpa, len);
	return -EFAULT;
}
