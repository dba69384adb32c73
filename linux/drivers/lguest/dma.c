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
 * Locking.  lg_dma_lock, global, guards only the hash table and which
 * page and offset each binding names: it is held for a lookup, never
 * while Guest memory is touched, so no Guest can make it wait on a fault
 * or a long scan.  Each Guest's dma_mutex guards its own bindings' buffers:
 * deliveries into it, its Launcher's LHREQ_GETDMA and its own BIND_DMA
 * (taken before lg_dma_lock).  A sender holds a reference on the receiving
 * Guest (lg->refs) while it delivers, so a receiver that closes meanwhile
 * is freed by whichever of the two finishes last.
 *
 * The work of one delivery is bounded: the sender's data is gathered first
 * (at most LGUEST_MAX_DMA_SECTIONS pieces of at most a page each), and a
 * binding holds at most LGUEST_MAX_DMA_BUFS buffers to look through.
 *
 * Tour stop 6, DMA: start at this comment; next: lguest_bus.c (stop 7).
 */
#include <linux/hashtable.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>
#include <linux/lguest_launcher.h>
#include "lg.h"

static DEFINE_MUTEX(lg_dma_lock);

/* Shared-key bindings of every Guest, by page and offset. */
static DEFINE_HASHTABLE(lg_dma_hash, 6);

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

/* Under the Guest's dma_mutex and lg_dma_lock. */
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
	int shared = 0;
	u32 ret = 0;

	/* A wrong irq or count is refused, as the ABI says, not fatal. */
	if (lg_check_bind_dma(key, ecx))
		return 0;

	if (irq) {
		if (!lg_range_ok(key, 4, lg->pfn_limit) ||
		    !lg_range_ok(dmas, num * sizeof(struct lguest_dma),
				 lg->pfn_limit)) {
			kill_guest(lg, "BIND_DMA outside memory: key %#x, %u buffers at %#x",
				   key, num, dmas);
			return 0;
		}
		/* Looked up (and pinned) before we take any lock. */
		shared = lookup_key(key, &page, &offset);
		if (shared < 0) {
			kill_guest(lg, "BIND_DMA key %#x is not mapped", key);
			return 0;
		}
	}

	mutex_lock(&lg->dma_mutex);
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

	for (i = 0; i < LGUEST_MAX_DMA && !slot; i++)
		if (!lg->dma[i].irq)
			slot = &lg->dma[i];
	if (!slot)
		goto out;	/* all LGUEST_MAX_DMA in use: the Guest is told 0 */

	slot->key = key;
	slot->dmas = dmas;
	slot->num_dmas = num;
	slot->next_dma = 0;
	slot->irq = irq;
	slot->lg = lg;
	slot->page = shared ? page : NULL;
	slot->offset = offset;
	if (shared) {
		hash_add(lg_dma_hash, &slot->hash, key_hash(page, offset));
		page = NULL;	/* the binding holds the pin now */
	}
	ret = 1;
out:
	mutex_unlock(&lg_dma_lock);
	mutex_unlock(&lg->dma_mutex);
	if (page)
		unpin_user_page(page);
	return ret;
}

/* Close of /dev/lguest: drop every binding, so no other Guest finds us. */
void lg_dma_release(struct lguest *lg)
{
	unsigned int i;

	mutex_lock(&lg->dma_mutex);
	mutex_lock(&lg_dma_lock);
	for (i = 0; i < LGUEST_MAX_DMA; i++)
		if (lg->dma[i].irq)
			release_binding(&lg->dma[i]);
	mutex_unlock(&lg_dma_lock);
	mutex_unlock(&lg->dma_mutex);
}

/*
 * Read or write another Guest's memory (not the current task's), a page
 * at a time through get_user_pages_remote(): what access_remote_vm() does,
 * which is not exported to modules such as lg.ko.  We hold the mm only
 * with mmgrab(), so its owner may be gone: an mm without users has no
 * memory left to reach.
 */
static bool remote_access(struct lguest *lg, u32 gpa, void *buf, u32 len,
			  bool write)
{
	struct mm_struct *mm = lg->mm;
	bool ok = true;

	if (!lg_range_ok(gpa, len, lg->pfn_limit))
		return false;
	if (!mmget_not_zero(mm))
		return false;
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return false;
	}
	while (len) {
		u32 off = offset_in_page(gpa), n = min_t(u32, len, PAGE_SIZE - off);
		struct page *page;
		void *map;

		if (get_user_pages_remote(mm, gpa, 1, write ? FOLL_WRITE : 0,
					  &page, NULL) != 1) {
			ok = false;
			break;
		}
		map = kmap_local_page(page);
		if (write) {
			memcpy(map + off, buf, n);
			set_page_dirty_lock(page);
		} else {
			memcpy(buf, map + off, n);
		}
		kunmap_local(map);
		put_page(page);
		gpa += n;
		buf += n;
		len -= n;
	}
	mmap_read_unlock(mm);
	mmput(mm);
	return ok;
}

/*
 * An interrupt for @to: mark it pending and, if that is news, get its
 * Launcher to deliver it.  Only a Launcher inside read() (running its
 * Guest, or asleep in HALT) needs telling; one elsewhere (serving a device,
 * asleep in poll()) finds the interrupt when it next runs its Guest, and
 * must not be woken or interrupted by other Guests.  So another Guest can
 * cost it at most one wake-up per interrupt it takes, not one per send.
 * @force: tell it anyway (we just killed it, and it must notice).
 */
static void raise_irq(struct lguest *to, unsigned int irq, bool force)
{
	if (test_and_set_bit(irq, &to->irqs_pending) && !force)
		return;
	/* Pairs with the barrier after lg_read() sets in_read. */
	smp_mb__after_atomic();
	if (!READ_ONCE(to->in_read))
		return;
	/*
	 * Asleep in HALT: wake it.  (Like the clock and LHREQ_BREAK, with
	 * wake_up_process(), the waker modules have: should the Launcher
	 * be in some other sleep inside read(), that sleep rechecks its
	 * condition, as every kernel sleep must.)
	 */
	wake_up_process(to->tsk);
	/* Running the Guest on another CPU: make it exit now. */
	kick_process(to->tsk);
}

/*
 * The sender's buffer @src (already checked by lg_check_dma()), gathered
 * into one kernel buffer before any other Guest is touched.  Returns its
 * length (*data to be kvfree()d), 0 if empty, or -EFAULT (sender killed).
 */
static int gather(struct lguest *from, const struct lguest_dma *src,
		  u8 **data)
{
	unsigned int i;
	u32 len = 0;
	u8 *p;

	for (i = 0; i < LGUEST_MAX_DMA_SECTIONS && src->len[i]; i++)
		len += src->len[i];
	*data = NULL;
	if (!len)
		return 0;
	p = kvmalloc(len, LG_GFP);
	if (!p)
		return -ENOMEM;
	*data = p;
	for (i = 0; i < LGUEST_MAX_DMA_SECTIONS && src->len[i]; i++) {
		if (lg_read_guest(from, p, src->addr[i], src->len[i]))
			return -EFAULT;
		p += src->len[i];
	}
	return len;
}

/*
 * Scatter @len bytes of @data into the receiver's buffer @dst (checked).
 * Returns the bytes written: as much as fits, 0 if @to was killed.
 */
static u32 scatter(struct lguest *to, const struct lguest_dma *dst,
		   const u8 *data, u32 len)
{
	unsigned int i;
	u32 total = 0;

	for (i = 0; i < LGUEST_MAX_DMA_SECTIONS && dst->len[i] && total < len;
	     i++) {
		u32 n = min_t(u32, dst->len[i], len - total);

		if (!remote_access(to, dst->addr[i], (void *)(data + total), n,
				   true)) {
			kill_guest(to, "DMA buffer %#x unwritable", dst->addr[i]);
			return 0;
		}
		total += n;
	}
	return total;
}

/*
 * Deliver @len bytes to @to's binding of (@page, @offset), if it still has
 * one: the first free buffer from its cursor on.  Returns bytes copied.
 * Whatever happens, the receiver's interrupt is raised: if it was full, it
 * now gets the chance to empty its buffers; if we had to kill it, it
 * notices.
 */
static u32 deliver(struct lguest *to, struct page *page, u32 offset,
		   const u8 *data, u32 len)
{
	struct lg_dma_binding *b = NULL;
	struct lguest_dma dst;
	unsigned int n, i = 0;
	u32 addr = 0, total = 0;

	mutex_lock(&to->dma_mutex);
	for (n = 0; n < LGUEST_MAX_DMA && !b; n++)
		if (to->dma[n].irq && to->dma[n].page == page &&
		    to->dma[n].offset == offset)
			b = &to->dma[n];
	if (!b || READ_ONCE(to->dead) || !mmget_not_zero(to->mm)) {
		/* Unbound meanwhile, or its Launcher is exiting. */
		mutex_unlock(&to->dma_mutex);
		return 0;
	}

	/* At most LGUEST_MAX_DMA_BUFS small reads. */
	for (n = 0; n < b->num_dmas; n++) {
		i = (b->next_dma + n) % b->num_dmas;
		addr = b->dmas + i * sizeof(dst);
		if (!remote_access(to, addr, &dst.used_len, 4, false)) {
			kill_guest(to, "DMA array %#x unreadable", addr);
			goto raise;
		}
		if (!dst.used_len)
			break;
	}
	if (n == b->num_dmas)
		goto raise;	/* all full */

	if (!remote_access(to, addr, &dst, sizeof(dst), false)) {
		kill_guest(to, "DMA buffer %#x unreadable", addr);
		goto raise;
	}
	if (lg_check_dma(&dst, to->pfn_limit) < 0) {
		kill_guest(to, "bad DMA buffer at %#x", addr);
		goto raise;
	}
	total = scatter(to, &dst, data, len);
	if (!total)
		goto raise;
	/* The data must be there before the receiver sees used_len. */
	smp_wmb();
	if (!remote_access(to, addr, &total, 4, true)) {
		kill_guest(to, "DMA buffer %#x unwritable", addr);
		total = 0;
		goto raise;
	}
	b->next_dma = (i + 1) % b->num_dmas;
raise:
	raise_irq(to, b->irq, READ_ONCE(to->dead));
	mmput(to->mm);
	mutex_unlock(&to->dma_mutex);
	return total;
}

/* SEND_DMA(key, gpa of one struct lguest_dma). */
void lg_send_dma(struct lguest *lg, u32 key, u32 dma)
{
	struct lguest *to = NULL;
	struct lg_dma_binding *b;
	struct lguest_dma src;
	struct page *page;
	u32 offset, total = 0;
	u8 *data;
	int shared, len;

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
		lg_stat_inc(lg, LG_STAT_DMA_LAUNCHER);
		return;
	}

	len = gather(lg, &src, &data);
	if (len < 0) {
		if (len == -ENOMEM)
			kill_guest(lg, "SEND_DMA: out of memory");
		goto out;
	}
	if (len) {
		/* The first other Guest bound here gets it. */
		mutex_lock(&lg_dma_lock);
		hash_for_each_possible(lg_dma_hash, b, hash,
				       key_hash(page, offset)) {
			if (b->page != page || b->offset != offset ||
			    b->lg == lg || READ_ONCE(b->lg->dead))
				continue;
			to = b->lg;
			refcount_inc(&to->refs);
			break;
		}
		mutex_unlock(&lg_dma_lock);
	}
	if (to) {
		total = deliver(to, page, offset, data, len);
		if (total)
			atomic64_inc(&to->stats.dma_from_guests);
		lg_put_guest(to);
	}
	lg_stat_inc(lg, LG_STAT_DMA_GUEST);
	lg_write_guest(lg, dma, &total, 4);
out:
	kvfree(data);
	unpin_user_page(page);
}

/*
 * LHREQ_GETDMA(key) from this Guest's Launcher: the first free buffer the
 * Guest bound at @key, from the binding's cursor on, as deliver() picks
 * them.  Searching from the first buffer each time would hand them out
 * in an order the Guest cannot follow: once it has emptied a few out of
 * turn, frame n + 1 lands in a buffer before frame n's, and a Guest that
 * reads them in ring order (as it must, for the Host's deliveries) sees
 * TCP segments out of order and asks for them again.  Its used_len is set
 * to the binding's irq, which tells the Launcher which interrupt to raise
 * and keeps the buffer from being handed out twice.  Returns the buffer's
 * gpa (below LGUEST_GPA_LIMIT, so never negative), or -ENOENT.
 */
long lg_get_dma(struct lguest *lg, u32 key)
{
	struct lg_dma_binding *b;
	unsigned int i, n;
	u32 used, addr;
	long ret = -ENOENT;

	mutex_lock(&lg->dma_mutex);
	for (i = 0; i < LGUEST_MAX_DMA && ret == -ENOENT; i++) {
		b = &lg->dma[i];
		if (!b->irq || b->key != key)
			continue;
		for (n = 0; n < b->num_dmas; n++) {
			unsigned int k = (b->next_dma + n) % b->num_dmas;

			addr = b->dmas + k * sizeof(struct lguest_dma);
			if (lg_read_guest(lg, &used, addr, 4)) {
				ret = -EFAULT;
				break;
			}
			if (used)
				continue;
			used = b->irq;
			ret = lg_write_guest(lg, addr, &used, 4) ? -EFAULT : addr;
			if (ret >= 0) {
				b->next_dma = (k + 1) % b->num_dmas;
				lg_stat_inc(lg, LG_STAT_GETDMA);
			}
			break;
		}
	}
	mutex_unlock(&lg->dma_mutex);
	return ret;
}
