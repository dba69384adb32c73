/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lguest bus: how a Guest's device drivers find their devices and talk
 * to the Host.
 *
 * The Launcher describes the Guest's devices in an array of struct
 * lguest_device_desc in the first page above Guest RAM.  The bus
 * (drivers/lguest/lguest_bus.c) turns every used entry into a struct
 * lguest_device and binds it to the lguest_driver whose device_type
 * matches.  A driver then maps the device's pages with lguest_map(),
 * takes the device's interrupt, lgdev_irq(), and moves data with the DMA
 * calls below.  Nothing here works outside an lguest Guest: there the bus
 * finds no devices and registering a driver does nothing.
 *
 * Tour stop 7: the whole interface of a driver on the lguest bus.
 */
#ifndef _LINUX_LGUEST_BUS_H
#define _LINUX_LGUEST_BUS_H

#include <linux/device.h>
#include <linux/lguest_launcher.h>

struct lguest_device {
	unsigned int index;		/* slot in the descriptor page */
	struct lguest_device_desc *desc; /* status is written by the bus */
	struct device dev;
	void *private;			/* the driver's */
};

struct lguest_driver {
	const char *name;
	u16 device_type;		/* LGUEST_DEVICE_T_* */
	int (*probe)(struct lguest_device *dev);
	void (*remove)(struct lguest_device *dev);	/* optional */
	struct device_driver drv;
};

#define to_lguest_device(d)	container_of(d, struct lguest_device, dev)
#define to_lguest_driver(d)	container_of(d, struct lguest_driver, drv)

/*
 * A device's modalias is "lguest:t" and its type as two hex digits, so a
 * modular driver for type 3 says MODULE_ALIAS("lguest:t03").
 */
#define LGUEST_MODALIAS_FMT	"lguest:t%02x"

int register_lguest_driver(struct lguest_driver *drv);
void unregister_lguest_driver(struct lguest_driver *drv);

/* Map / unmap a device's pages (desc->pfn, desc->num_pages) into the kernel. */
void *lguest_map(unsigned long phys_addr, unsigned long pages);
void lguest_unmap(void *addr);

/*
 * The virtual interrupt of a device: its index plus one (0 is the timer).
 * The bus has wired it up, so request_irq(lgdev_irq(dev), ...) works.
 */
unsigned int lgdev_irq(const struct lguest_device *dev);

/*
 * DMA.  A key is a guest-physical address, by convention inside the
 * device's own page ((desc->pfn << PAGE_SHIFT) + 4 * slot); the console
 * uses LGUEST_CONSOLE_DMA_KEY.  The struct lguest_dma pointers are kernel
 * addresses, converted to guest-physical ones here; they and the buffers
 * they list must be in the linear map (kmalloc, not vmalloc), and no
 * section may cross a page boundary.
 *
 * lguest_bind_dma() offers num receive buffers at key; the Host raises irq
 * when it has filled one.  It returns 0, or -ENOMEM if the Host refused
 * (it has room for LGUEST_MAX_DMA bindings per Guest).
 * lguest_unbind_dma() takes the same key and array back.
 * lguest_send_dma() sends one buffer to key; it zeroes dma->used_len first,
 * and on return used_len holds how many bytes the receiver took.
 */
int lguest_bind_dma(unsigned long key, struct lguest_dma *dmas,
		    unsigned int num, u8 irq);
void lguest_unbind_dma(unsigned long key, struct lguest_dma *dmas);
void lguest_send_dma(unsigned long key, struct lguest_dma *dma);

#endif /* _LINUX_LGUEST_BUS_H */
