// SPDX-License-Identifier: GPL-2.0
/*
 * lguest_net: the network card of an lguest Guest.
 *
 * There is no hardware here, only a page (or a few) of memory that several
 * parties can see, and the two DMA hypercalls.  The page is an array of
 * struct lguest_net "slots", one per member of the network, each holding
 * that member's MAC address (all zeroes: nobody there).  Which slot is ours
 * the Launcher tells us in the low bits of the descriptor's features.
 *
 * Every slot also names a DMA key: the guest-physical address of the page
 * plus four times the slot number.  We bind our receive buffers at our own
 * slot's key; to send a frame we look through the slots for whoever should
 * get it and SEND_DMA the frame to their key.  Who fills our buffers
 * depends on how the Launcher made the page:
 *
 *  --sharenet=FILE: every Guest's Launcher maps the same page of FILE, so
 *	the Host sees the same memory behind a key in every Guest and copies
 *	a frame straight from the sender into the receiver's buffer.
 *  --tunnet=IP: the page is private.  The Launcher writes its tap device's
 *	MAC in slot 0, marked promiscuous, so every frame we send goes to
 *	slot 0's key, which stops us and hands the frame to the Launcher; it
 *	puts frames from the tap into our buffers with LHREQ_GETDMA.
 *
 * Frames are at most ETH_FRAME_LEN (1514) bytes: that is the size of the
 * buffers every member binds, so nobody can send more.  Unless the
 * Launcher offers big frames (LGUEST_NET_F_BIG, see lguest_launcher.h):
 * then our MTU is 65521, and each receive buffer is sixteen pages, one
 * DMA section each.  A big frame's pages go up the stack as the skb's
 * fragments and fresh pages take their place; a frame of Ethernet size
 * or less is copied out instead, so an ACK costs no page allocation.
 * We then also gather fragments when sending (NETIF_F_SG); the stack only
 * allows that with checksum offload, so without LGUEST_NET_F_NOCSUM we
 * compute the checksum ourselves just before sending, as the stack would.
 *
 * Bit 0x01 of mac[0] is the multicast bit of an Ethernet address, which no
 * real station address has; in a slot it means "promiscuous: send me every
 * frame".  Multicast and broadcast frames go to every member anyway, so we
 * only set it for IFF_PROMISC.
 *
 * If the Launcher sets LGUEST_NET_F_NOCSUM, every member of the network is
 * a Guest that trusts its peers, so nobody computes checksums: we take
 * CHECKSUM_PARTIAL frames from the stack (NETIF_F_HW_CSUM) and mark what we
 * receive CHECKSUM_UNNECESSARY.  Gathering fragments (NETIF_F_SG) costs us
 * nothing either, but the stack only allows it with checksum offload.
 * Without the flag (a tap to a real network) frames carry real checksums.
 *
 * Receiving uses NAPI: the interrupt only schedules the poll, which hands
 * the filled buffers up and rebinds fresh ones in place.
 *
 * Tour stop 7: the network driver; next: lguest_user.c (stop 8).
 */
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/lguest.h>
#include <linux/lguest_bus.h>
#include <linux/lguest_launcher.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <asm/lguest.h>

/*
 * Take big frames when the Launcher offers them; lguest_net.big=0 says no
 * (on a shared network with Guests that cannot take them, say).
 */
static bool big = true;
module_param(big, bool, 0444);
MODULE_PARM_DESC(big, "Use big frames (MTU 65521) if the Launcher offers them");

/* Receive buffers we keep bound: enough to absorb a burst. */
#define LGNET_RX_BUFS		LGUEST_MAX_DMA_BUFS
/* Big buffers are 64 KiB each: half as many (2 MiB) will do. */
#define LGNET_RX_BUFS_BIG	(LGUEST_MAX_DMA_BUFS / 2)
/* What a receive buffer holds: a whole frame, without the FCS. */
#define LGNET_RX_LEN		ETH_FRAME_LEN
/* The pages of a big buffer, and of the transmit bounce buffer. */
#define LGNET_BIG_PAGES		LGUEST_MAX_DMA_SECTIONS
/* Of a big frame, what we copy into the skb's head: the headers. */
#define LGNET_HEAD_COPY		128

struct lgnet {
	struct net_device *dev;
	struct lguest_device *lgdev;
	struct napi_struct napi;

	/* The slots, mapped; their guest-physical address; how many. */
	struct lguest_net *slots;
	unsigned long slots_gpa;
	unsigned int nslots;
	unsigned int me;
	bool nocsum;
	bool big;		/* we took LGUEST_NET_F_BIG */

	/*
	 * Our receive buffers: bound together as one array at our key.
	 * nrx of them; each has an skb (small) or LGNET_BIG_PAGES pages.
	 */
	struct lguest_dma rx_dma[LGNET_RX_BUFS];
	struct sk_buff *rx_skb[LGNET_RX_BUFS];
	struct page *rx_pages[LGNET_RX_BUFS_BIG][LGNET_BIG_PAGES];
	unsigned int nrx;
	unsigned int rx_next;	/* where the next poll starts looking */

	/*
	 * SEND_DMA is synchronous, so one transmit descriptor is enough;
	 * with big frames, a frame in too many pieces is copied into the
	 * bounce pages.
	 */
	struct lguest_dma tx_dma;
	struct page *tx_bounce[LGNET_BIG_PAGES];
};

/*
 * Our slot number, from the descriptor's features.  The generic feature
 * flags live in the top bits; the slot is whatever lies below the size of
 * the mapping, as in the original protocol.  lgnet_probe() checks that the
 * slot is really inside the page(s).
 */
static unsigned int lgnet_own_slot(const struct lguest_device_desc *desc)
{
	unsigned long bytes = (unsigned long)desc->num_pages * PAGE_SIZE;

	return desc->features & (bytes - 1) &
	       ~(LGUEST_NET_F_BIG | LGUEST_NET_F_NOCSUM |
		 LGUEST_DEVICE_F_RANDOMNESS);
}

/* The DMA key of slot @n: the slot page's address plus 4 * n. */
static unsigned long lgnet_key(const struct lgnet *ln, unsigned int n)
{
	return ln->slots_gpa + 4 * n;
}

/*
 * Describe @len bytes at kernel address @buf as DMA sections starting at
 * section @i, cutting at page boundaries (a section may not cross one).
 * Returns the next free section, or -1 if LGUEST_MAX_DMA_SECTIONS are not
 * enough.
 */
static int lgnet_add_sections(struct lguest_dma *dma, int i, const void *buf,
			      unsigned int len)
{
	unsigned long gpa = __pa(buf);

	while (len) {
		unsigned int n = min_t(unsigned long, len,
				       PAGE_SIZE - offset_in_page(gpa));

		if (i == LGUEST_MAX_DMA_SECTIONS)
			return -1;
		dma->addr[i] = gpa;
		dma->len[i] = n;
		i++;
		gpa += n;
		len -= n;
	}
	return i;
}

/* Close the list: a zero length after the last section, if there is room. */
static void lgnet_end_sections(struct lguest_dma *dma, int i)
{
	if (i < LGUEST_MAX_DMA_SECTIONS)
		dma->len[i] = 0;
}

/*
 * Hand receive buffer @i back to whoever fills it.  Its sections must be
 * in place before used_len says "free", hence the barrier.
 */
static void lgnet_release_rx(struct lgnet *ln, unsigned int i)
{
	/* The filler runs on another CPU: sections before "free". */
	virt_wmb();
	WRITE_ONCE(ln->rx_dma[i].used_len, 0);
}

/*
 * Put a fresh skb behind receive buffer @i and release it.  Returns false
 * if no skb could be had; then the buffer keeps its old skb, whose frame
 * is lost, and is released all the same.
 */
static bool lgnet_fill_rx(struct lgnet *ln, unsigned int i)
{
	struct lguest_dma *dma = &ln->rx_dma[i];
	struct sk_buff *skb;
	int n;

	if (ln->big) {
		/* Only a failed allocation leaves a page missing. */
		for (n = 0; n < LGNET_BIG_PAGES; n++) {
			if (!ln->rx_pages[i][n])
				ln->rx_pages[i][n] = dev_alloc_page();
			if (!ln->rx_pages[i][n])
				return false;
			dma->addr[n] = page_to_phys(ln->rx_pages[i][n]);
			dma->len[n] = PAGE_SIZE;
		}
		lgnet_release_rx(ln, i);
		return true;
	}
	skb = netdev_alloc_skb_ip_align(ln->dev, LGNET_RX_LEN);
	if (skb) {
		n = lgnet_add_sections(dma, 0, skb->data, LGNET_RX_LEN);
		lgnet_end_sections(dma, n);
		ln->rx_skb[i] = skb;
	}
	lgnet_release_rx(ln, i);
	return skb;
}

/*
 * The skb for the @len-byte frame in big receive buffer @i, which is
 * released again (with fresh pages for those the skb took).  NULL if
 * memory ran out; the frame is lost then, the buffer released all the same.
 */
static struct sk_buff *lgnet_take_big(struct lgnet *ln, unsigned int i,
				      u32 len)
{
	struct page *fresh[LGNET_BIG_PAGES], **pages = ln->rx_pages[i];
	unsigned int head = len <= LGNET_RX_LEN ? len : LGNET_HEAD_COPY;
	unsigned int n, last = (len - 1) / PAGE_SIZE;
	struct sk_buff *skb;

	skb = napi_alloc_skb(&ln->napi, head);
	if (!skb)
		goto out;
	skb_put_data(skb, page_address(pages[0]), head);
	if (head == len)
		goto out;	/* all copied: the pages stay */
	/* Replacements first, so a failure leaves the buffer whole. */
	for (n = 0; n <= last; n++) {
		fresh[n] = dev_alloc_page();
		if (!fresh[n]) {
			while (n--)
				put_page(fresh[n]);
			kfree_skb(skb);
			skb = NULL;
			goto out;
		}
	}
	for (n = 0; n <= last; n++) {
		unsigned int off = n ? 0 : head;
		unsigned int end = min_t(u32, len - n * PAGE_SIZE, PAGE_SIZE);

		skb_add_rx_frag(skb, n, pages[n], off, end - off, PAGE_SIZE);
		pages[n] = fresh[n];
		ln->rx_dma[i].addr[n] = page_to_phys(fresh[n]);
	}
out:
	lgnet_release_rx(ln, i);
	return skb;
}

/* Hand receive buffer @i (used_len bytes in it) up the stack. */
static void lgnet_receive(struct lgnet *ln, unsigned int i, u32 len)
{
	struct net_device *dev = ln->dev;
	struct sk_buff *skb = ln->rx_skb[i];

	/* The filler is not to be trusted with the length. */
	if (len < ETH_HLEN ||
	    len > (ln->big ? LGUEST_NET_BIG_FRAME : LGNET_RX_LEN)) {
		dev->stats.rx_length_errors++;
		dev->stats.rx_errors++;
		lgnet_release_rx(ln, i);	/* same skb, next frame */
		return;
	}
	if (ln->big) {
		skb = lgnet_take_big(ln, i, len);
		if (!skb) {
			dev->stats.rx_dropped++;
			return;
		}
	} else if (!lgnet_fill_rx(ln, i)) {
		/* No memory: the old skb went straight back to the Host. */
		dev->stats.rx_dropped++;
		return;
	} else {
		skb_put(skb, len);
	}
	skb->protocol = eth_type_trans(skb, dev);
	if (ln->nocsum)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	napi_gro_receive(&ln->napi, skb);
}

/* Is any receive buffer waiting for us? */
static bool lgnet_rx_pending(const struct lgnet *ln)
{
	unsigned int i;

	for (i = 0; i < ln->nrx; i++)
		if (READ_ONCE(ln->rx_dma[i].used_len))
			return true;
	return false;
}

/*
 * The NAPI poll.  The Host hands our buffers out round-robin, to other
 * Guests' DMAs and to the Launcher's LHREQ_GETDMA alike, and we release
 * them in the same order; so the oldest frame is in the first filled
 * buffer after the one we took last, and we look from there.
 */
static int lgnet_poll(struct napi_struct *napi, int budget)
{
	struct lgnet *ln = container_of(napi, struct lgnet, napi);
	int done = 0;

	while (done < budget) {
		unsigned int n, i = 0;
		u32 len = 0;

		for (n = 0; n < ln->nrx; n++) {
			i = (ln->rx_next + n) % ln->nrx;
			len = READ_ONCE(ln->rx_dma[i].used_len);
			if (len)
				break;
		}
		if (!len)
			break;
		/* Read the frame only after seeing its length. */
		virt_rmb();
		lgnet_receive(ln, i, len);
		ln->rx_next = (i + 1) % ln->nrx;
		done++;
	}
	/*
	 * A buffer filled after our last look also raised the interrupt,
	 * which finds NAPI still scheduled; so look once more after saying
	 * we are done.
	 */
	if (done < budget && napi_complete_done(napi, done) &&
	    lgnet_rx_pending(ln))
		napi_schedule(napi);
	return done;
}

/*
 * The line is ours alone.  It is often raised for a frame an earlier poll
 * already took, so "nothing there" is no reason to say IRQ_NONE.
 */
static irqreturn_t lgnet_interrupt(int irq, void *dev_id)
{
	struct lgnet *ln = netdev_priv(dev_id);

	napi_schedule(&ln->napi);
	return IRQ_HANDLED;
}

/* Copy slot @n's address out of the shared page (others write it). */
static void lgnet_read_slot(const struct lgnet *ln, unsigned int n, u8 *mac)
{
	memcpy(mac, (const void *)ln->slots[n].mac, ETH_ALEN);
}

/*
 * Should slot @mac get a frame for @dest?  Everyone gets broadcasts and
 * multicasts, a promiscuous member gets everything, and otherwise the
 * addresses must match (the promiscuous bit aside).
 */
static bool lgnet_wants(const u8 *mac, const u8 *dest)
{
	if (is_multicast_ether_addr(dest) || (mac[0] & LGUEST_NET_PROMISC))
		return true;
	return !memcmp(mac + 1, dest + 1, ETH_ALEN - 1) &&
	       (mac[0] & ~LGUEST_NET_PROMISC) == dest[0];
}

/*
 * Describe the whole skb in ln->tx_dma: the linear part, then each
 * fragment, all cut at page boundaries.  Returns false if it takes more
 * than LGUEST_MAX_DMA_SECTIONS sections.
 */
static bool lgnet_map_tx(struct lgnet *ln, const struct sk_buff *skb)
{
	struct lguest_dma *dma = &ln->tx_dma;
	unsigned int f;
	int i;

	i = lgnet_add_sections(dma, 0, skb->data, skb_headlen(skb));
	for (f = 0; i >= 0 && f < skb_shinfo(skb)->nr_frags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];

		i = lgnet_add_sections(dma, i, skb_frag_address(frag),
				       skb_frag_size(frag));
	}
	if (i < 0)
		return false;
	lgnet_end_sections(dma, i);
	return true;
}

/* A big frame in too many pieces: copy it into the bounce pages. */
static void lgnet_bounce_tx(struct lgnet *ln, const struct sk_buff *skb)
{
	struct lguest_dma *dma = &ln->tx_dma;
	unsigned int n, off;

	for (n = 0, off = 0; off < skb->len; n++, off += PAGE_SIZE) {
		unsigned int len = min_t(unsigned int, skb->len - off, PAGE_SIZE);

		/* skb->len <= LGUEST_NET_BIG_FRAME: sixteen pages at most. */
		WARN_ON_ONCE(skb_copy_bits(skb, off,
					   page_address(ln->tx_bounce[n]), len));
		dma->addr[n] = page_to_phys(ln->tx_bounce[n]);
		dma->len[n] = len;
	}
	lgnet_end_sections(dma, n);
}

static netdev_tx_t lgnet_start_xmit(struct sk_buff *skb,
				    struct net_device *dev)
{
	struct lgnet *ln = netdev_priv(dev);
	u8 dest[ETH_ALEN], mac[ETH_ALEN];
	bool sent = false, lost = false;
	unsigned int n;

	/* Nobody's buffers take more than a frame. */
	if (skb->len < ETH_HLEN ||
	    skb->len > (ln->big ? LGUEST_NET_BIG_FRAME : LGNET_RX_LEN))
		goto drop;
	/* We offered checksum offload only to gather: do it now. */
	if (!ln->nocsum && skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_help(skb))
		goto drop;
	/*
	 * Too many pieces for one DMA (it takes 16): make it one.  The
	 * linear part of a small frame spans at most two pages; a big one
	 * is copied into pages of its own, not into 64 KiB in one piece.
	 */
	if (!lgnet_map_tx(ln, skb)) {
		if (ln->big)
			lgnet_bounce_tx(ln, skb);
		else if (skb_linearize(skb) || !lgnet_map_tx(ln, skb))
			goto drop;
	}
	memcpy(dest, skb->data, ETH_ALEN);

	for (n = 0; n < ln->nslots; n++) {
		if (n == ln->me)
			continue;
		lgnet_read_slot(ln, n, mac);
		if (!mac[0] || !lgnet_wants(mac, dest))
			continue;
		lguest_send_dma(lgnet_key(ln, n), &ln->tx_dma);
		/* used_len: what the other side took; 0 if it had no room. */
		if (READ_ONCE(ln->tx_dma.used_len) == skb->len)
			sent = true;
		else
			lost = true;
	}
	if (lost)
		dev->stats.tx_carrier_errors++;
	if (sent) {
		dev->stats.tx_packets++;
		dev->stats.tx_bytes += skb->len;
	} else {
		dev->stats.tx_dropped++;
	}
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;

drop:
	dev->stats.tx_dropped++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* Write our address into our slot, with the promiscuous bit if wanted. */
static void lgnet_publish(struct lgnet *ln)
{
	struct lguest_net *slot = &ln->slots[ln->me];
	const u8 *addr = ln->dev->dev_addr;
	u8 first = addr[0];

	if (ln->dev->flags & IFF_PROMISC)
		first |= LGUEST_NET_PROMISC;
	/* mac[0] says "in use", so it goes last. */
	memcpy(slot->mac + 1, addr + 1, ETH_ALEN - 1);
	/* Other members read the slot on other CPUs: the rest first. */
	virt_wmb();
	WRITE_ONCE(slot->mac[0], first);
}

static void lgnet_unpublish(struct lgnet *ln)
{
	WRITE_ONCE(ln->slots[ln->me].mac[0], 0);
	/* Out of use before the rest of the address goes. */
	virt_wmb();
	memset(ln->slots[ln->me].mac + 1, 0, ETH_ALEN - 1);
}

static void lgnet_free_pages(struct page **pages)
{
	unsigned int n;

	for (n = 0; n < LGNET_BIG_PAGES; n++) {
		if (pages[n])
			put_page(pages[n]);
		pages[n] = NULL;
	}
}

static void lgnet_free_rx(struct lgnet *ln)
{
	unsigned int i;

	for (i = 0; i < LGNET_RX_BUFS; i++) {
		dev_kfree_skb(ln->rx_skb[i]);
		ln->rx_skb[i] = NULL;
	}
	for (i = 0; i < LGNET_RX_BUFS_BIG; i++)
		lgnet_free_pages(ln->rx_pages[i]);
	lgnet_free_pages(ln->tx_bounce);
}

static int lgnet_open(struct net_device *dev)
{
	struct lgnet *ln = netdev_priv(dev);
	unsigned int i;
	int err;

	for (i = 0; i < ln->nrx; i++) {
		if (!lgnet_fill_rx(ln, i)) {
			err = -ENOMEM;
			goto free;
		}
	}
	for (i = 0; ln->big && i < LGNET_BIG_PAGES; i++) {
		ln->tx_bounce[i] = alloc_page(GFP_KERNEL);
		if (!ln->tx_bounce[i]) {
			err = -ENOMEM;
			goto free;
		}
	}
	ln->rx_next = 0;
	err = lguest_bind_dma(lgnet_key(ln, ln->me), ln->rx_dma, ln->nrx,
			      lgdev_irq(ln->lgdev));
	if (err)
		goto free;
	napi_enable(&ln->napi);
	lgnet_publish(ln);
	netif_start_queue(dev);
	return 0;

free:
	lgnet_free_rx(ln);
	return err;
}

static int lgnet_stop(struct net_device *dev)
{
	struct lgnet *ln = netdev_priv(dev);

	netif_stop_queue(dev);
	lgnet_unpublish(ln);
	lguest_unbind_dma(lgnet_key(ln, ln->me), ln->rx_dma);
	napi_disable(&ln->napi);
	lgnet_free_rx(ln);
	return 0;
}

/* Promiscuous mode changed (or the multicast list, which we ignore). */
static void lgnet_set_rx_mode(struct net_device *dev)
{
	struct lgnet *ln = netdev_priv(dev);

	if (netif_running(dev))
		lgnet_publish(ln);
}

static const struct net_device_ops lgnet_ops = {
	.ndo_open		= lgnet_open,
	.ndo_stop		= lgnet_stop,
	.ndo_start_xmit		= lgnet_start_xmit,
	.ndo_set_rx_mode	= lgnet_set_rx_mode,
	.ndo_validate_addr	= eth_validate_addr,
};

/*
 * Our address: locally administered (0x02), then the Guest's number from
 * the Host, which no other Guest on this Host has.
 */
static void lgnet_make_mac(u8 *mac)
{
	u16 id = lguest_guest_id();

	mac[0] = 0x02;
	mac[1] = 0x00;
	memcpy(mac + 2, &id, sizeof(id));
	mac[4] = 0x00;
	mac[5] = 0x00;
}

static int lgnet_probe(struct lguest_device *lgdev)
{
	const struct lguest_device_desc *desc = lgdev->desc;
	struct net_device *dev;
	u8 mac[ETH_ALEN];
	struct lgnet *ln;
	int err;

	if (!desc->num_pages) {
		dev_err(&lgdev->dev, "network device without a slot page\n");
		return -EINVAL;
	}
	dev = alloc_etherdev(sizeof(*ln));
	if (!dev)
		return -ENOMEM;
	SET_NETDEV_DEV(dev, &lgdev->dev);
	ln = netdev_priv(dev);
	ln->dev = dev;
	ln->lgdev = lgdev;
	ln->slots_gpa = (unsigned long)desc->pfn << PAGE_SHIFT;
	ln->nslots = desc->num_pages * PAGE_SIZE / sizeof(struct lguest_net);
	ln->me = lgnet_own_slot(desc);
	ln->nocsum = desc->features & LGUEST_NET_F_NOCSUM;
	ln->big = big && (desc->features & LGUEST_NET_F_BIG);
	ln->nrx = ln->big ? LGNET_RX_BUFS_BIG : LGNET_RX_BUFS;
	if (ln->me >= ln->nslots) {
		dev_err(&lgdev->dev, "slot %u is outside the %u slots\n",
			ln->me, ln->nslots);
		err = -EINVAL;
		goto free;
	}
	ln->slots = lguest_map(ln->slots_gpa, desc->num_pages);
	if (!ln->slots) {
		err = -ENOMEM;
		goto free;
	}

	lgnet_make_mac(mac);
	eth_hw_addr_set(dev, mac);
	dev->netdev_ops = &lgnet_ops;
	dev->max_mtu = ETH_DATA_LEN;
	if (ln->big) {
		dev->max_mtu = LGUEST_NET_BIG_FRAME - ETH_HLEN;
		dev->mtu = dev->max_mtu;
		/* Before any buffer is bound: the Launcher sizes its tap. */
		WRITE_ONCE(lgdev->desc->status,
			   READ_ONCE(lgdev->desc->status) | LGUEST_NET_S_BIG);
	}
	if (ln->nocsum || ln->big) {
		dev->hw_features = NETIF_F_SG | NETIF_F_HW_CSUM;
		dev->features = dev->hw_features;
	}
	netif_napi_add(dev, &ln->napi, lgnet_poll);

	/*
	 * Interrupt timing is sampled for entropy by the IRQ core on every
	 * interrupt, so LGUEST_DEVICE_F_RANDOMNESS needs nothing from us.
	 */
	err = request_irq(lgdev_irq(lgdev), lgnet_interrupt, 0,
			  dev_name(&lgdev->dev), dev);
	if (err)
		goto unmap;
	err = register_netdev(dev);
	if (err)
		goto irq;
	lgdev->private = dev;
	netdev_info(dev, "lguest network slot %u of %u, %pM%s%s\n", ln->me,
		    ln->nslots, dev->dev_addr,
		    ln->nocsum ? ", no checksums" : "",
		    ln->big ? ", big frames" : "");
	return 0;

irq:
	free_irq(lgdev_irq(lgdev), dev);
unmap:
	netif_napi_del(&ln->napi);
	lguest_unmap(ln->slots);
free:
	free_netdev(dev);
	return err;
}

static void lgnet_remove(struct lguest_device *lgdev)
{
	struct net_device *dev = lgdev->private;
	struct lgnet *ln = netdev_priv(dev);

	unregister_netdev(dev);
	free_irq(lgdev_irq(lgdev), dev);
	netif_napi_del(&ln->napi);
	lguest_unmap(ln->slots);
	free_netdev(dev);
}

static struct lguest_driver lgnet_driver = {
	.name		= "lguest_net",
	.device_type	= LGUEST_DEVICE_T_NET,
	.probe		= lgnet_probe,
	.remove		= lgnet_remove,
};

static int __init lgnet_init(void)
{
	return register_lguest_driver(&lgnet_driver);
}
module_init(lgnet_init);

static void __exit lgnet_exit(void)
{
	unregister_lguest_driver(&lgnet_driver);
}
module_exit(lgnet_exit);

MODULE_DESCRIPTION("lguest Guest network driver");
MODULE_LICENSE("GPL");
/* The bus's uevent says MODALIAS=lguest:t02 for a network device. */
MODULE_ALIAS("lguest:t02");
