// SPDX-License-Identifier: GPL-2.0
/*
 * The lguest Guest's disk: a block device (lgba, lgbb, ...) for every
 * device of type LGUEST_DEVICE_T_BLOCK the Launcher offers.
 *
 * The device owns one page, a struct lguest_block_page.  The Launcher has
 * written the size of the disk there (num_sectors).  For each request we
 * write its type, first sector and length into the page and send a DMA to
 * the key that is the page's guest-physical address:
 *
 *  - a write's DMA lists the data, and the Launcher writes it to the file;
 *  - a read's DMA is empty, a doorbell: the data goes into the one buffer
 *    we keep bound at the same key, whose sections we point at the
 *    request's pages just before ringing;
 *  - a flush (only if the Launcher set LGUEST_BLOCK_F_FLUSH) is empty too,
 *    and the Launcher answers once the file is on stable storage.
 *
 * The Launcher then sets result in the page and raises the device's
 * interrupt.  One request is in flight at a time: the queue is one deep.
 *
 * That is the seed protocol.  A Launcher that offers LGUEST_BLOCK_F_RING
 * gives us a ring of request slots too (see lguest_launcher.h), and unless
 * "lguest_blk.ring=0" is on the command line we use it instead: the queue
 * is as deep as the ring allows, a request's pages are listed in its own
 * segment array (so requests can be larger than one lguest_dma), and a
 * single empty DMA, sent when blk-mq says the batch is complete, has the
 * Launcher serve every slot we have queued.  Each slot's status holds its
 * result when the hypercall returns; there is no reply buffer to find and
 * no interrupt to raise, which saves the Launcher two requests to the
 * Host per doorbell.
 *
 * Because the Host stops us inside SEND_DMA until the Launcher has dealt
 * with a request sent to it, the result is usually there as soon as the
 * hypercall returns, so we look at once and complete the request on the
 * spot if it is; the interrupt, which comes anyway, then finds nothing to
 * do.  A result that is not there yet is picked up by the interrupt.
 *
 * Tour stop 7: the disk driver; next: drivers/net/lguest_net.c.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/lguest_bus.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/*
 * A request is at most one DMA: LGUEST_MAX_DMA_SECTIONS sections, each
 * inside one page.  The queue limits below make the block layer build
 * requests of that shape.
 */
#define LGBLK_MAX_SEGS		LGUEST_MAX_DMA_SECTIONS
#define LGBLK_MINORS		16

/*
 * With the ring: requests of up to 64 segments and 512 KiB (well inside
 * LGUEST_BLOCK_MAX_SEGS and _BYTES), and at most 64 of them queued.
 */
#define LGBLK_RING_SEGS		64
#define LGBLK_RING_BYTES	(512 * 1024)
#define LGBLK_RING_DEPTH	64

static bool ring = true;
module_param(ring, bool, 0444);
MODULE_PARM_DESC(ring, "use the request ring if the Launcher offers it");

/* Per request, with the ring: its segment array and scatterlist. */
struct lgblk_cmd {
	struct lguest_block_seg seg[LGBLK_RING_SEGS];
	struct scatterlist sg[LGBLK_RING_SEGS];
};

struct lgblk {
	struct lguest_device *lgdev;
	struct lguest_block_page *page;	/* the device page, mapped */
	unsigned long key;		/* its guest-physical address */
	struct gendisk *disk;
	struct blk_mq_tag_set tag_set;
	int index;			/* a for 0, b for 1, ... */

	spinlock_t lock;		/* protects req and the DMAs */
	struct request *req;		/* the one in flight, or NULL */
	struct lguest_dma send;		/* write data, or an empty doorbell */
	struct lguest_dma reply;	/* bound: where reads land */
	struct scatterlist sg[LGBLK_MAX_SEGS];

	/* The ring, if we use it; NULL otherwise.  Slot n is tag n. */
	struct lguest_block_req *ring;
	struct request *slot_rq[LGBLK_RING_DEPTH];	/* in flight, by tag */
	DECLARE_BITMAP(busy, LGBLK_RING_DEPTH);	/* which slots are queued */
	bool doorbell;			/* queued since the last doorbell */
};

static int lgblk_major;
static DEFINE_IDA(lgblk_ida);

/* Point a DMA at a mapped scatterlist; an unused last length ends it. */
static void lgblk_fill_dma(struct lguest_dma *dma, struct scatterlist *sgl,
			   int nents)
{
	struct scatterlist *sg;
	int i;

	for_each_sg(sgl, sg, nents, i) {
		dma->addr[i] = sg_phys(sg);
		dma->len[i] = sg->length;
	}
	if (i < LGUEST_MAX_DMA_SECTIONS)
		dma->len[i] = 0;
}

/*
 * If the request in flight has its answer, finish it.  Called with the
 * lock held, from the submission path and from the interrupt.
 */
static void lgblk_check_done(struct lgblk *lg)
{
	struct request *rq = lg->req;
	s32 result;

	if (!rq)
		return;
	result = READ_ONCE(lg->page->result);
	if (result == LGUEST_BLOCK_RESULT_PENDING)
		return;
	/* The status before the data it vouches for. */
	virt_rmb();
	lg->req = NULL;
	/* Free the reply buffer for the next request. */
	lg->reply.len[0] = 0;
	WRITE_ONCE(lg->reply.used_len, 0);
	blk_mq_end_request(rq, result == LGUEST_BLOCK_RESULT_OK ?
			   BLK_STS_OK : BLK_STS_IOERR);
}

/*
 * With the ring: finish every queued request whose slot has its result.
 * Called with the lock held.
 */
static void lgblk_ring_reap(struct lgblk *lg)
{
	unsigned int tag;

	for_each_set_bit(tag, lg->busy, LGBLK_RING_DEPTH) {
		/* The result before the data it vouches for. */
		u32 status = virt_load_acquire(&lg->ring[tag].status);
		struct request *rq = lg->slot_rq[tag];

		if (status == LGUEST_BLOCK_REQ_QUEUED)
			continue;
		lg->ring[tag].status = 0;
		lg->slot_rq[tag] = NULL;
		__clear_bit(tag, lg->busy);
		blk_mq_end_request(rq, status == LGUEST_BLOCK_RESULT_OK ?
				   BLK_STS_OK : BLK_STS_IOERR);
	}
}

/* Ring the doorbell for what we queued, then pick up the results. */
static void lgblk_ring_kick(struct lgblk *lg)
{
	if (!lg->doorbell)
		return;
	lg->doorbell = false;
	lg->send.len[0] = 0;
	lguest_send_dma(lg->key, &lg->send);
	lgblk_ring_reap(lg);
}

static irqreturn_t lgblk_interrupt(int irq, void *data)
{
	struct lgblk *lg = data;
	unsigned long flags;

	spin_lock_irqsave(&lg->lock, flags);
	if (lg->ring)
		lgblk_ring_reap(lg);
	else
		lgblk_check_done(lg);
	spin_unlock_irqrestore(&lg->lock, flags);
	/*
	 * The line is ours alone and the Launcher raises it once per
	 * request: even when the request was already finished at submission
	 * this interrupt was expected.
	 */
	return IRQ_HANDLED;
}

/*
 * With the ring: fill the request's slot and queue it; ring the doorbell
 * if blk-mq says this is the last of the batch (else commit_rqs will).
 */
static blk_status_t lgblk_queue_ring(struct lgblk *lg, struct request *rq,
				     int type, bool last)
{
	struct lgblk_cmd *cmd = blk_mq_rq_to_pdu(rq);
	struct lguest_block_req *slot;
	struct scatterlist *sg;
	int i, nents = 0;

	if (WARN_ON_ONCE(rq->tag < 0 || rq->tag >= LGBLK_RING_DEPTH))
		return BLK_STS_IOERR;
	blk_mq_start_request(rq);
	if (type != LGUEST_BLOCK_FLUSH) {
		sg_init_table(cmd->sg, LGBLK_RING_SEGS);
		nents = blk_rq_map_sg(rq->q, rq, cmd->sg);
		for_each_sg(cmd->sg, sg, nents, i) {
			cmd->seg[i].addr = sg_phys(sg);
			cmd->seg[i].len = sg->length;
		}
	}

	spin_lock_irq(&lg->lock);
	slot = &lg->ring[rq->tag];
	slot->type = type;
	slot->sector = blk_rq_pos(rq);
	slot->bytes = type == LGUEST_BLOCK_FLUSH ? 0 : blk_rq_bytes(rq);
	slot->nseg = nents;
	slot->seg = virt_to_phys(cmd->seg);
	slot->reserved = 0;
	lg->slot_rq[rq->tag] = rq;
	__set_bit(rq->tag, lg->busy);
	/* The slot, then its status: the Launcher looks at status first. */
	virt_store_release(&slot->status, LGUEST_BLOCK_REQ_QUEUED);
	lg->doorbell = true;
	if (last)
		lgblk_ring_kick(lg);
	spin_unlock_irq(&lg->lock);
	return BLK_STS_OK;
}

static void lgblk_commit_rqs(struct blk_mq_hw_ctx *hctx)
{
	struct lgblk *lg = hctx->queue->queuedata;

	spin_lock_irq(&lg->lock);
	lgblk_ring_kick(lg);
	spin_unlock_irq(&lg->lock);
}

static blk_status_t lgblk_queue_rq(struct blk_mq_hw_ctx *hctx,
				   const struct blk_mq_queue_data *bd)
{
	struct lgblk *lg = hctx->queue->queuedata;
	struct request *rq = bd->rq;
	struct lguest_block_page *page = lg->page;
	int type, nents = 0;

	switch (req_op(rq)) {
	case REQ_OP_READ:
		type = LGUEST_BLOCK_READ;
		break;
	case REQ_OP_WRITE:
		type = LGUEST_BLOCK_WRITE;
		break;
	case REQ_OP_FLUSH:
		type = LGUEST_BLOCK_FLUSH;
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	if (lg->ring)
		return lgblk_queue_ring(lg, rq, type, bd->last);

	spin_lock_irq(&lg->lock);
	if (lg->req) {
		/* Cannot happen with a queue one deep; be safe anyway. */
		spin_unlock_irq(&lg->lock);
		return BLK_STS_DEV_RESOURCE;
	}
	blk_mq_start_request(rq);
	if (type != LGUEST_BLOCK_FLUSH) {
		sg_init_table(lg->sg, LGBLK_MAX_SEGS);
		nents = blk_rq_map_sg(hctx->queue, rq, lg->sg);
	}

	lg->req = rq;
	WRITE_ONCE(page->type, type);
	WRITE_ONCE(page->sector, blk_rq_pos(rq));
	WRITE_ONCE(page->bytes, blk_rq_bytes(rq));
	WRITE_ONCE(page->result, LGUEST_BLOCK_RESULT_PENDING);

	if (type == LGUEST_BLOCK_WRITE) {
		lgblk_fill_dma(&lg->send, lg->sg, nents);
	} else {
		/* Reads land in the bound buffer; flushes move nothing. */
		lgblk_fill_dma(&lg->reply, lg->sg, nents);
		lg->send.len[0] = 0;
	}
	/* The hypercall is a compiler barrier; this orders the stores. */
	virt_wmb();
	lguest_send_dma(lg->key, &lg->send);
	lgblk_check_done(lg);
	spin_unlock_irq(&lg->lock);
	return BLK_STS_OK;
}

static const struct blk_mq_ops lgblk_mq_ops = {
	.queue_rq	= lgblk_queue_rq,
	.commit_rqs	= lgblk_commit_rqs,
};

static const struct block_device_operations lgblk_fops = {
	.owner		= THIS_MODULE,
};

static int lgblk_probe(struct lguest_device *lgdev)
{
	struct lguest_device_desc *desc = lgdev->desc;
	bool flush = desc->features & LGUEST_BLOCK_F_FLUSH;
	struct queue_limits lim = {
		.logical_block_size	= SECTOR_SIZE,
		.max_hw_sectors		= LGBLK_MAX_SEGS * PAGE_SIZE >> SECTOR_SHIFT,
		.max_segments		= LGBLK_MAX_SEGS,
		.max_segment_size	= PAGE_SIZE,
		.seg_boundary_mask	= PAGE_SIZE - 1,
		.features		= flush ? BLK_FEAT_WRITE_CACHE : 0,
	};
	unsigned int irq = lgdev_irq(lgdev);
	unsigned int slots = 0;
	struct lgblk *lg;
	int err;

	if (desc->num_pages < 1) {
		dev_err(&lgdev->dev, "block device without a page\n");
		return -EINVAL;
	}
	if (ring && (desc->features & LGUEST_BLOCK_F_RING))
		slots = (desc->num_pages - 1) * (PAGE_SIZE /
						 sizeof(struct lguest_block_req));
	/* A ring too small to be worth it: speak the seed protocol. */
	if (slots < 2)
		slots = 0;
	if (slots) {
		/* A segment may span pages: only the sizes bound a request. */
		lim.max_hw_sectors = LGBLK_RING_BYTES >> SECTOR_SHIFT;
		lim.max_segments = LGBLK_RING_SEGS;
		lim.max_segment_size = LGBLK_RING_BYTES;
		lim.seg_boundary_mask = 0;
	}
	lg = kzalloc(sizeof(*lg), GFP_KERNEL);
	if (!lg)
		return -ENOMEM;
	lg->lgdev = lgdev;
	spin_lock_init(&lg->lock);
	lg->index = ida_alloc_max(&lgblk_ida, 26 - 1, GFP_KERNEL);
	if (lg->index < 0) {
		err = lg->index;
		goto free;
	}

	lg->key = (unsigned long)desc->pfn << PAGE_SHIFT;
	lg->page = lguest_map(lg->key, 1);
	if (!lg->page) {
		err = -ENOMEM;
		goto free_index;
	}

	if (slots) {
		lg->ring = lguest_map(lg->key + PAGE_SIZE,
				      desc->num_pages - 1);
		if (!lg->ring) {
			err = -ENOMEM;
			goto unmap;
		}
	}

	err = request_irq(irq, lgblk_interrupt, 0, "lguest_blk", lg);
	if (err)
		goto unmap_ring;
	/* The ring needs no reply buffer; the seed protocol's reads do. */
	err = lg->ring ? 0 : lguest_bind_dma(lg->key, &lg->reply, 1, irq);
	if (err) {
		dev_err(&lgdev->dev, "the Host refused our reply buffer\n");
		goto free_irq;
	}

	lg->tag_set.ops = &lgblk_mq_ops;
	lg->tag_set.nr_hw_queues = 1;
	lg->tag_set.queue_depth = 1;
	if (lg->ring) {
		lg->tag_set.queue_depth = min(slots, LGBLK_RING_DEPTH);
		lg->tag_set.cmd_size = sizeof(struct lgblk_cmd);
		/* The Launcher must know before our first request. */
		WRITE_ONCE(desc->status,
			   READ_ONCE(desc->status) | LGUEST_BLOCK_S_RING);
	}
	lg->tag_set.numa_node = NUMA_NO_NODE;
	lg->tag_set.flags = BLK_MQ_F_SHOULD_MERGE;
	err = blk_mq_alloc_tag_set(&lg->tag_set);
	if (err)
		goto unbind;

	lg->disk = blk_mq_alloc_disk(&lg->tag_set, &lim, lg);
	if (IS_ERR(lg->disk)) {
		err = PTR_ERR(lg->disk);
		goto free_tags;
	}
	lg->disk->major = lgblk_major;
	lg->disk->first_minor = lg->index * LGBLK_MINORS;
	lg->disk->minors = LGBLK_MINORS;
	lg->disk->fops = &lgblk_fops;
	lg->disk->private_data = lg;
	snprintf(lg->disk->disk_name, sizeof(lg->disk->disk_name), "lgb%c",
		 'a' + lg->index);
	set_capacity(lg->disk, READ_ONCE(lg->page->num_sectors));

	lgdev->private = lg;
	err = add_disk(lg->disk);
	if (err)
		goto put_disk;
	dev_info(&lgdev->dev, "%s: %llu sectors%s, %s\n", lg->disk->disk_name,
		 (unsigned long long)get_capacity(lg->disk),
		 flush ? ", write cache with flush" : "",
		 lg->ring ? "request ring" : "one request at a time");
	return 0;

put_disk:
	put_disk(lg->disk);
free_tags:
	blk_mq_free_tag_set(&lg->tag_set);
unbind:
	WRITE_ONCE(desc->status, READ_ONCE(desc->status) & ~LGUEST_BLOCK_S_RING);
	if (!lg->ring)
		lguest_unbind_dma(lg->key, &lg->reply);
free_irq:
	free_irq(irq, lg);
unmap_ring:
	if (lg->ring)
		lguest_unmap(lg->ring);
unmap:
	lguest_unmap(lg->page);
free_index:
	ida_free(&lgblk_ida, lg->index);
free:
	kfree(lg);
	return err;
}

static void lgblk_remove(struct lguest_device *lgdev)
{
	struct lgblk *lg = lgdev->private;

	del_gendisk(lg->disk);
	put_disk(lg->disk);
	blk_mq_free_tag_set(&lg->tag_set);
	if (lg->ring) {
		WRITE_ONCE(lgdev->desc->status,
			   READ_ONCE(lgdev->desc->status) & ~LGUEST_BLOCK_S_RING);
		lguest_unmap(lg->ring);
	} else {
		lguest_unbind_dma(lg->key, &lg->reply);
	}
	free_irq(lgdev_irq(lgdev), lg);
	lguest_unmap(lg->page);
	ida_free(&lgblk_ida, lg->index);
	kfree(lg);
}

static struct lguest_driver lgblk_driver = {
	.name		= "lguest_blk",
	.device_type	= LGUEST_DEVICE_T_BLOCK,
	.probe		= lgblk_probe,
	.remove		= lgblk_remove,
};

static int __init lgblk_init(void)
{
	int err;

	lgblk_major = register_blkdev(0, "lgb");
	if (lgblk_major < 0)
		return lgblk_major;
	err = register_lguest_driver(&lgblk_driver);
	if (err)
		unregister_blkdev(lgblk_major, "lgb");
	return err;
}
module_init(lgblk_init);

static void __exit lgblk_exit(void)
{
	unregister_lguest_driver(&lgblk_driver);
	unregister_blkdev(lgblk_major, "lgb");
}
module_exit(lgblk_exit);

MODULE_DESCRIPTION("lguest Guest block device");
MODULE_LICENSE("GPL");
MODULE_ALIAS("lguest:t03");
