// SPDX-License-Identifier: GPL-2.0
/*
 * DMA: how Guests do I/O.
 *
 * A Guest has no devices of its own.  Everything it says or hears goes
 * through two hypercalls:
 *
 *   BIND_DMA(key, array, (num << 8) | irq)  "here are num empty buffers;
 *       put whatever is sent to key in them and raise irq"
 *   SEND_DMA(key, buffer)                   "deliver this to key"
 *
 * A key is a guest-physical address, by convention inside the device's own
 * page.  What matters is the memory it names, not the number: Guest memory
 * is its Launcher's memory, and if two Launchers map the same file page
 * shared (the --sharenet file), a key in that page means the same thing to
 * both Guests even if they see the page at different addresses.  So:
 *
 *  - A key in memory the Launcher mapped MAP_SHARED is a "shared" key.  We
 *    name it by the page behind it (pinned while a binding holds it) and
 *    the offset in that page, and a SEND_DMA to it is copied by us straight
 *    into a buffer another Guest bound to the same page and offset.
 *
 *  - Any other key is private to the Guest and its Launcher.  A SEND_DMA to
 *    it stops the Guest and read() hands the Launcher (buffer, key); the
 *    Launcher finds the Guest's receive buffers with LHREQ_GETDMA.
 *
 * The old Host named keys with futex keys; those are no longer exported,
 * and the page itself is a simpler name for "the memory at this address".
 *
 * One mutex, lg_dma_lock, covers every binding and every Guest-to-Guest
 * copy.  It is what keeps a receiving Guest (and its bindings) alive while
 * another Guest writes into it: lg_dma_release() takes it before a Guest is
 * freed.
 */
#include <linux/hashtable.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>
#include <linux/lguest_launcher.h>
#include "lg.h"

static DEFINE_MUTEX(lg_dma_lock);

/* Shared-key bindings of every Guest, by page and offset. */
static DEFINE_HASHTABLE(lg_dma_hash, 6);

/* Bounce buffer for Guest-to-Guest copies, used under lg_dma_lock. */
static u8 lg_dma_bounce[PAGE_SIZE];

static u32 key_hash(const struct page *page, u32 offset)
{
	return hash_ptr(page, 32) ^ offset;
}

/*
 * What memory does @key name in the current task (the Launcher of the
 * Guest making the call)?  Returns 1 for a shared key, with *page pinned
 * (the caller unpins it) and *offset set; 0 for a private key; -EFAULT if
 * nothing is mapped there.
 */
static int lookup_key(u32 key, struct page **page, u32 *offset)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int ret = 0;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, key);
	if (!vma) {
		ret = -EFAULT;
	} else if (vma->vm_flags & VM_SHARED) {
		if (pin_user_pages(key & PAGE_MASK, 1, 0, page) == 1) {
			*offset = offset_in_page(key);
			ret = 1;
		} else {
			ret = -EFAULT;
		}
	}
	mmap_read_unlock(mm);
	return ret;
}

static void release_binding(struct lg_dma_binding *b)
{
	if (b->page) {
		hash_del(&b->hash);
		unpin_user_page(b->page);
		b->page = NULL;
	}
	b->irq = 0;
}

/* BIND_DMA, with irq 0 meaning unbind.  Returns 1 done, 0 refused. */
u32 lg_bind_dma(struct lguest *lg, u32 key, u32 dmas, u32 ecx)
{
	u32 irq = ecx & 0xFF, num = ecx >> 8, offset = 0;
	struct lg_dma_binding *b, *slot = NULL;
	struct page *page = NULL;
	unsigned int i;
	int shared;
	u32 ret = 0;

	/* A wrong irq or count is refused, as the ABI says, not fatal. */
	if (lg_check_bind_dma(key, ecx))
		return 0;

	mutex_lock(&lg_dma_lock);
	if (!irq) {
		for (i = 0; i < LGUEST_MAX_DMA; i++) {
			b = &lg->dma[i];
			if (b->irq && b->key == key && b->dmas == dmas) {
				release_binding(b);
				ret = 1;
				break;
			}
		}
		goto out;
	}

	if (!lg_range_ok(key, 4, lg->pfn_limit) ||
	    !lg_range_ok(dmas, num * sizeof(struct lguest_dma), lg->pfn_limit)) {
		kill_guest(lg, "BIND_DMA outside memory: key %#x, %u buffers at %#x",
			   key, num, dmas);
		goto out;
	}
	for (i = 0; i < LGUEST_MAX_DMA && !slot; i++)
		if (!lg->dma[i].irq)
			slot = &lg->dma[i];
	if (!slot)
		goto out;	/* all LGUEST_MAX_DMA in use: the Guest is told 0 */

	shared = lookup_key(key, &page, &offset);
	if (shared < 0) {
		kill_guest(lg, "BIND_DMA key %#x is not mapped", key);
		goto out;
	}
	slot->key = key;
	slot->dmas = dmas;
	slot->num_dmas = num;
	slot->next_dma = 0;
	slot->irq = irq;
	slot->lg = lg;
	slot->page = shared ? page : NULL;
	slot->offset = offset;
	if (shared)
		hash_add(lg_dma_hash, &slot->hash, key_hash(page, offset));
	ret = 1;
out:
	mutex_unlock(&lg_dma_lock);
	return ret;
}

/* Close of /dev/lguest: drop every binding before the Guest is freed. */
void lg_dma_release(struct lguest *lg)
{
	unsigned int i;

	mutex_lock(&lg_dma_lock);
	for (i = 0; i < LGUEST_MAX_DMA; i++)
		if (lg->dma[i].irq)
			release_binding(&lg->dma[i]);
	mutex_unlock(&lg_dma_lock);
}

/* Read or write another Guest's memory (not the current task's). */
static bool remote_access(struct lguest *lg, u32 gpa, void *buf, u32 len,
			  bool write)
{
	if (!lg_range_ok(gpa, len, lg->pfn_limit))
		return false;
	return access_remote_vm(lg->mm, gpa, buf, len,
				write ? FOLL_WRITE : 0) == len;
}

/*
 * Copy the sender's buffer @src into the receiver's buffer @dst (already
 * checked by lg_check_dma()).  Returns the bytes copied: as much as fits.
 * A fault on either side kills that side's Guest.
 */
static u32 copy_sections(struct lguest *from, const struct lguest_dma *src,
			 struct lguest *to, const struct lguest_dma *dst)
{
	unsigned int si = 0, di = 0;
	u32 soff = 0, doff = 0, total = 0;

	while (si < LGUEST_MAX_DMA_SECTIONS && src->len[si] &&
	       di < LGUEST_MAX_DMA_SECTIONS && dst->len[di]) {
		u32 n = min(src->len[si] - soff, dst->len[di] - doff);

		if (copy_from_user(lg_dma_bounce,
				   (const void __user *)(unsigned long)
				   (src->addr[si] + soff), n)) {
			kill_guest(from, "DMA source %#x unreadable",
				   src->addr[si] + soff);
			return 0;
		}
		if (!remote_access(to, dst->addr[di] + doff, lg_dma_bounce, n,
				   true)) {
			kill_guest(to, "DMA buffer %#x unwritable",
				   dst->addr[di] + doff);
			return 0;
		}
		total += n;
		soff += n;
		doff += n;
		if (soff == src->len[si]) {
			si++;
			soff = 0;
		}
		if (doff == dst->len[di]) {
			di++;
			doff = 0;
		}
	}
	return total;
}

/*
 * Deliver @src (the sender's checked buffer) to binding @b of another
 * Guest: the first free buffer from its cursor on.  Returns bytes copied.
 * Whatever happens, the receiver's interrupt is raised and its task woken:
 * if it was full, it now gets the chance to empty its buffers; if we had to
 * kill it, it notices.
 */
static u32 deliver(struct lguest *from, const struct lguest_dma *src,
		   struct lg_dma_binding *b)
{
	struct lguest *to = b->lg;
	struct lguest_dma dst;
	unsigned int n, i = 0;
	u32 addr = 0, total = 0;

	if (!mmget_not_zero(to->mm))
		return 0;	/* its Launcher is exiting */

	for (n = 0; n < b->num_dmas; n++) {
		i = (b->next_dma + n) % b->num_dmas;
		addr = b->dmas + i * sizeof(dst);
		if (!remote_access(to, addr, &dst.used_len, 4, false)) {
			kill_guest(to, "DMA array %#x unreadable", addr);
			goto wake;
		}
		if (!dst.used_len)
			break;
	}
	if (n == b->num_dmas)
		goto wake;	/* all full */

	if (!remote_access(to, addr, &dst, sizeof(dst), false)) {
		kill_guest(to, "DMA buffer %#x unreadable", addr);
		goto wake;
	}
	if (lg_check_dma(&dst, to->pfn_limit) < 0) {
		kill_guest(to, "bad DMA buffer at %#x", addr);
		goto wake;
	}
	total = copy_sections(from, src, to, &dst);
	if (!total)
		goto wake;
	/* The data must be there before the receiver sees used_len. */
	smp_wmb();
	if (!remote_access(to, addr, &total, 4, true)) {
		kill_guest(to, "DMA buffer %#x unwritable", addr);
		total = 0;
		goto wake;
	}
	b->next_dma = (i + 1) % b->num_dmas;
wake:
	set_bit(b->irq, &to->irqs_pending);
	/*
	 * Asleep in HALT: wake it.  Running the Guest on another CPU: a
	 * reschedule IPI makes it leave the Guest, and its run loop
	 * delivers the interrupt now rather than at its next timer tick.
	 */
	wake_up_process(to->tsk);
	kick_process(to->tsk);
	mmput(to->mm);
	return total;
}

/* SEND_DMA(key, gpa of one struct lguest_dma). */
void lg_send_dma(struct lguest *lg, u32 key, u32 dma)
{
	struct lg_dma_binding *b;
	struct lguest_dma src;
	struct page *page;
	u32 offset, total = 0;
	int shared;

	if (lg_read_guest(lg, &src, dma, sizeof(src)))
		return;
	if (lg_check_dma(&src, lg->pfn_limit) < 0) {
		kill_guest(lg, "bad DMA buffer at %#x", dma);
		return;
	}
	/* As for BIND_DMA: a key names Guest memory, nothing else. */
	if (!lg_range_ok(key, 4, lg->pfn_limit)) {
		kill_guest(lg, "SEND_DMA key %#x outside memory", key);
		return;
	}
	shared = lookup_key(key, &page, &offset);
	if (shared < 0) {
		kill_guest(lg, "SEND_DMA key %#x is not mapped", key);
		return;
	}
	if (!shared) {
		/*
		 * For the Launcher.  The Guest stays inside this hypercall
		 * until the Launcher's next read(), so it sees used_len as
		 * the Launcher left it.
		 */
		lg->pending_dma = dma;
		lg->pending_key = key;
		lg->dma_pending = true;
		return;
	}

	mutex_lock(&lg_dma_lock);
	hash_for_each_possible(lg_dma_hash, b, hash, key_hash(page, offset)) {
		if (b->page != page || b->offset != offset || b->lg == lg ||
		    READ_ONCE(b->lg->dead))
			continue;
		/* The first other Guest bound here gets it. */
		total = deliver(lg, &src, b);
		break;
	}
	mutex_unlock(&lg_dma_lock);
	unpin_user_page(page);

	lg_write_guest(lg, dma, &total, 4);
}

/*
 * LHREQ_GETDMA(key) from this Guest's Launcher: the first free buffer the
 * Guest bound at @key.  Its used_len is set to the binding's irq, which
 * tells the Launcher which interrupt to raise and keeps the buffer from
 * being handed out twice.  Returns the buffer's gpa, or -ENOENT.
 */
long lg_get_dma(struct lguest *lg, u32 key)
{
	struct lg_dma_binding *b;
	unsigned int i, n;
	u32 used, addr;
	long ret = -ENOENT;

	mutex_lock(&lg_dma_lock);
	for (i = 0; i < LGUEST_MAX_DMA && ret == -ENOENT; i++) {
		b = &lg->dma[i];
		if (!b->irq || b->key != key)
			continue;
		for (n = 0; n < b->num_dmas; n++) {
			addr = b->dmas + n * sizeof(struct lguest_dma);
			if (lg_read_guest(lg, &used, addr, 4)) {
				ret = -EFAULT;
				break;
			}
			if (used)
				continue;
			used = b->irq;
			ret = lg_write_guest(lg, addr, &used, 4) ? -EFAULT : addr;
			break;
		}
	}
	mutex_unlock(&lg_dma_lock);
	return ret;
}
