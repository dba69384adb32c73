/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lguest_launcher.h - the interface shared by the lguest Host, the Guest's
 * lguest bus drivers and the userspace Launcher.
 *
 * This is the one copy of these definitions: the Host module, the Guest
 * drivers and Documentation/lguest/lguest.c all include it.  Every type has
 * a fixed width so the layout is identical in the i386 kernel and in a
 * 32-bit userspace program; "guest-physical address" fields are 32 bits,
 * which is what "unsigned long" was on i386 when this ABI was defined.
 *
 * Nothing here is stable: Host, Guest and Launcher are built together.
 *
 * Tour: ABI of Host, drivers and Launcher; read before stop 1 (DMA: stop 6).
 */
#ifndef _UAPI_LINUX_LGUEST_LAUNCHER_H
#define _UAPI_LINUX_LGUEST_LAUNCHER_H

#include <linux/types.h>

/*
 * A Guest may bind at most LGUEST_MAX_DMA arrays of receive buffers at once,
 * and a single buffer description names at most LGUEST_MAX_DMA_SECTIONS
 * pieces of Guest memory.
 */
#define LGUEST_MAX_DMA			32
#define LGUEST_MAX_DMA_SECTIONS		16

/*
 * One bound array holds at most LGUEST_MAX_DMA_BUFS buffers: a delivery
 * looks through them for a free one, and that work must stay small.
 */
#define LGUEST_MAX_DMA_BUFS		64

/*
 * Guest memory (RAM and device pages) ends at or below LGUEST_GPA_LIMIT, 2
 * GiB: LHREQ_GETDMA returns a guest-physical address as the result of
 * write(), and a result with the top bit set would read as an error.
 */
#define LGUEST_GPA_LIMIT		0x80000000U

/*
 * The device descriptor page holds this many descriptors; the figure comes
 * from allowing every device two bound arrays (for example one for input
 * and one for replies).
 */
#define LGUEST_MAX_DEVICES		(LGUEST_MAX_DMA / 2)

/*
 * All Guest I/O is a "DMA": a copy between Guest memory and either another
 * Guest or the Launcher, named by a "key" (a guest-physical address which by
 * convention lies inside the device's own page, so keys of different devices
 * never collide).
 *
 * struct lguest_dma describes one buffer made of up to 16 pieces.  addr[i]
 * is the guest-physical address of piece i and len[i] its length in bytes;
 * a piece may not cross a page boundary, so len[i] <= 4096.  A zero len[i]
 * ends the list early.
 *
 * used_len is the handshake word.  For a buffer the Guest sends, whoever
 * consumes it (Host or Launcher) stores the number of bytes it took.  For a
 * buffer the Guest has bound for receiving, 0 means "free, you may fill
 * me"; the filler stores the number of bytes written, and the Guest sets it
 * back to 0 once it has consumed the data.
 *
 * Layout: used_len at 0, addr[] at 4, len[] at 68; 100 bytes in all.
 */
struct lguest_dma {
	__u32 used_len;
	__u32 addr[LGUEST_MAX_DMA_SECTIONS];
	__u16 len[LGUEST_MAX_DMA_SECTIONS];
};

/*
 * The page of a block device.  The Launcher fills num_sectors at start-up
 * (the disk holds num_sectors * 512 bytes).  For each request the Guest
 * writes type, sector and bytes, sets result to 0 and sends a DMA to the
 * key equal to this page's guest-physical address; the Launcher performs
 * the transfer and sets result.  20 bytes.
 *
 * A write's DMA lists the data.  A read's DMA is empty: it only rings the
 * bell, and the Launcher reads into the one buffer the Guest bound at the
 * same key (which it finds with LHREQ_GETDMA), then raises that binding's
 * interrupt.  It raises it for every request, whatever the type.  A
 * request beyond num_sectors, or one whose DMA does not hold exactly bytes
 * bytes, gets LGUEST_BLOCK_RESULT_ERROR, as does a failed read or write.
 */
struct lguest_block_page {
	__s32 type;		/* LGUEST_BLOCK_READ or LGUEST_BLOCK_WRITE */
	__u32 sector;		/* byte offset on the disk is sector * 512 */
	__u32 bytes;		/* how many bytes the Guest wants moved */
	__s32 result;		/* one of LGUEST_BLOCK_RESULT_* */
	__u32 num_sectors;	/* size of the disk, in 512-byte sectors */
};

#define LGUEST_BLOCK_READ		0
#define LGUEST_BLOCK_WRITE		1

/*
 * Our extension of the seed ABI: a cache flush.  A Launcher that offers it
 * sets LGUEST_BLOCK_F_FLUSH in the block device's descriptor features.
 * The Guest then sends requests of type LGUEST_BLOCK_FLUSH (sector and
 * bytes 0, an empty DMA, like a read's doorbell); the Launcher sets result
 * only once every write it has completed before is on stable storage (it
 * calls fdatasync() on the image).  So a Guest fsync() reaches the Host's
 * disk.  Without the feature bit the Guest never sends the type, and a
 * Launcher that does not know it answers LGUEST_BLOCK_RESULT_ERROR.
 */
#define LGUEST_BLOCK_FLUSH		2
#define LGUEST_BLOCK_F_FLUSH		0x0001

#define LGUEST_BLOCK_RESULT_PENDING	0
#define LGUEST_BLOCK_RESULT_OK		1
#define LGUEST_BLOCK_RESULT_ERROR	2

/*
 * Our second extension: a ring of requests, so the Guest can have many in
 * flight and hand over several with one exit.  A Launcher that offers it
 * sets LGUEST_BLOCK_F_RING and gives the device more than one page: page 0
 * is the block page above (num_sectors still lives there), pages 1 to
 * num_pages - 1 are an array of struct lguest_block_req slots.
 *
 * A Guest that wants the ring sets LGUEST_BLOCK_S_RING in its descriptor's
 * status before its first request; a Guest that does not (one written to
 * the seed ABI) goes on using the block page one request at a time, and a
 * Launcher that does not offer the bit never sees it.
 *
 * For each request the Guest fills a free slot, points seg at an array of
 * nseg struct lguest_block_seg in its memory whose lengths add up to the
 * slot's bytes (none for a flush), and stores status QUEUED last.  It may
 * queue several; then it sends an empty DMA to the page's key, the
 * doorbell.  The Launcher serves every QUEUED slot (flushes after the
 * reads and writes) and stores RESULT_OK or RESULT_ERROR in its status
 * before the Guest's SEND_DMA returns, so the Guest looks at its slots as
 * soon as the hypercall is done; no interrupt is raised.  A request beyond
 * the disk's end or a failed read or write is RESULT_ERROR; a slot or
 * segment list that points outside Guest memory, or whose lengths do not
 * add up, or is larger than the limits below, kills the Guest.
 *
 * A segment is guest-physically contiguous and may cross pages.  Slot 32
 * bytes, segment 8 bytes.
 */
#define LGUEST_BLOCK_F_RING		0x0002
#define LGUEST_BLOCK_S_RING		0x0100

#define LGUEST_BLOCK_REQ_QUEUED		3	/* status: Launcher, serve it */

#define LGUEST_BLOCK_MAX_SEGS		256	/* per request */
#define LGUEST_BLOCK_MAX_BYTES		(4U << 20)	/* per request */

struct lguest_block_req {
	__u32 status;	/* 0 unused, QUEUED, then RESULT_OK or _ERROR */
	__s32 type;	/* LGUEST_BLOCK_READ, _WRITE or _FLUSH */
	__u64 sector;	/* byte offset on the disk is sector * 512 */
	__u32 bytes;	/* the sum of the segments' lengths */
	__u32 nseg;	/* how many segments */
	__u32 seg;	/* guest-physical address of the segment array */
	__u32 reserved;	/* 0 */
};

struct lguest_block_seg {
	__u32 addr;	/* guest-physical address */
	__u32 len;	/* bytes */
};

/*
 * The page(s) of a network device are an array of these slots, one per
 * Guest (or Launcher) on that network.  A slot is in use when mac[0] is
 * non-zero.  Bit 0x01 of mac[0] (the multicast bit, never set in a real
 * unicast address) means "promiscuous: send me every frame".  The DMA key
 * of slot n is the page's guest-physical address plus 4 * n.
 */
struct lguest_net {
	__u8 mac[6];
};

#define LGUEST_NET_PROMISC		0x01

/*
 * Our extension for speed: big frames.  Per frame, the cost of a network
 * device is an exit, a copy set up and an interrupt, whatever the size;
 * a Guest limited to Ethernet's 1514 bytes pays it forty times for what a
 * loopback device moves in one 64 KiB segment.  A Launcher that offers
 * big frames sets LGUEST_NET_F_BIG in the descriptor's features; a Guest
 * that takes them sets LGUEST_NET_S_BIG in its status before it binds
 * buffers, then binds buffers of LGUEST_NET_BIG_FRAME bytes (sixteen
 * pages, one section each) and may send frames that long.  A --tunnet
 * Launcher raises its tap's MTU to match once it sees the status bit.
 *
 * On a shared network, a Guest that did not take the bit still binds
 * 1514-byte buffers; a bigger frame sent to it arrives cut short, which
 * its IP layer drops (the IP header's length no longer matches).  TCP
 * never sends it one: the MSS each side announces keeps to its own MTU.
 */
#define LGUEST_NET_F_BIG		0x2000
#define LGUEST_NET_S_BIG		0x0100
#define LGUEST_NET_BIG_FRAME		65535	/* MTU 65521 plus ETH_HLEN */

/* Console output goes to this key; the Launcher writes it to its stdout. */
#define LGUEST_CONSOLE_DMA_KEY		0

/*
 * The Launcher describes the Guest's devices in an array of
 * LGUEST_MAX_DEVICES descriptors placed in the first page above Guest RAM.
 * An entry whose type is 0 is empty.  Each device owns num_pages pages of
 * Guest memory starting at page frame pfn (0 pages for the console).
 * 12 bytes each.
 */
struct lguest_device_desc {
	__u16 type;
	__u16 features;
	__u16 status;
	__u16 num_pages;
	__u32 pfn;
};

/* Values of lguest_device_desc.type. */
#define LGUEST_DEVICE_T_CONSOLE		1
#define LGUEST_DEVICE_T_NET		2
#define LGUEST_DEVICE_T_BLOCK		3

/*
 * Bits of lguest_device_desc.features.  The low bits are defined by each
 * device type (a network device keeps its own slot number there); the top
 * bits are listed here.
 */
#define LGUEST_NET_F_NOCSUM		0x4000	/* peers need no checksums */
#define LGUEST_DEVICE_F_RANDOMNESS	0x8000	/* IRQ timing is entropy */

/*
 * Bits of lguest_device_desc.status.  Only the Guest sets these, except
 * that the Host may set REMOVED.  Values from 256 up belong to each device
 * type.
 */
#define LGUEST_DEVICE_S_ACKNOWLEDGE	1	/* the bus saw the device */
#define LGUEST_DEVICE_S_DRIVER		2	/* a driver matched it */
#define LGUEST_DEVICE_S_DRIVER_OK	4	/* the driver's probe worked */
#define LGUEST_DEVICE_S_REMOVED		8	/* the device went away */
#define LGUEST_DEVICE_S_REMOVED_ACK	16	/* the driver noticed that */
#define LGUEST_DEVICE_S_FAILED		128	/* something went wrong */

/*
 * Requests written to /dev/lguest.  Each write() is an array of __u32: the
 * request code, then its arguments.
 *
 * LHREQ_INITIALIZE, pfnlimit, pgdir, start, page_offset
 *	Create the Guest.  pfnlimit is one more than the highest page frame
 *	the Guest may touch (at most LGUEST_GPA_LIMIT / 4096), pgdir the
 *	guest-physical address of its first page directory, start the first
 *	instruction to run and page_offset the Guest kernel's PAGE_OFFSET.
 * LHREQ_GETDMA, key
 *	Return (as the write() result) the guest-physical address of a free
 *	receive buffer the Guest bound to key, with the interrupt to raise
 *	stored in its used_len; fails with ENOENT if there is none.  The
 *	address is below LGUEST_GPA_LIMIT, so a result is never negative.
 * LHREQ_IRQ, irq
 *	Mark interrupt irq (below 32) pending in the Guest.
 * LHREQ_BREAK, flag
 *	A non-zero flag makes the Launcher's read() return EAGAIN and blocks
 *	the caller until somebody writes LHREQ_BREAK with a zero flag.
 */
enum lguest_req {
	LHREQ_INITIALIZE,
	LHREQ_GETDMA,
	LHREQ_IRQ,
	LHREQ_BREAK,
};

/*
 * How a Guest ends on purpose: LHCALL_CRASH with one of these texts (the
 * original protocol's convention).  The Launcher's read() then returns
 * "CRASH: " and the text, as for any crash, so a Launcher that knows only
 * "CRASH: Power down" still exits cleanly; the Host logs them as a power
 * off or a restart, not as a crash.
 */
#define LGUEST_CRASH_POWEROFF	"Power down"
#define LGUEST_CRASH_RESTART	"Restart requested"

#endif /* _UAPI_LINUX_LGUEST_LAUNCHER_H */
