// SPDX-License-Identifier: GPL-2.0
/*
 * The lguest bus: the Guest's view of the devices its Launcher offers.
 *
 * The Launcher writes up to LGUEST_MAX_DEVICES descriptors (struct
 * lguest_device_desc) into the page just above Guest RAM: a type, feature
 * bits, a status word and the pages the device lives in.  At boot we map
 * that page, make a struct device for every entry whose type is not 0 and
 * register it on a bus called "lguest"; the driver core then offers each
 * device to the driver registered for its type.
 *
 * The status word is how the Guest tells the outside world how far it got
 * with a device, one bit per step, never cleared while the device lives:
 * ACKNOWLEDGE when the bus has seen it, DRIVER when a driver took it,
 * DRIVER_OK when that driver's probe worked, FAILED when something went
 * wrong.  Only the Guest writes it.
 *
 * The bus also holds the small pieces every driver needs: mapping device
 * pages, the device's interrupt and the DMA hypercalls.
 *
 * All of this only means something in an lguest Guest; on real hardware
 * the bus stays unregistered and registering a driver does nothing.
 *
 * Tour stop 7: a Guest file beside the Host; next: the drivers on the bus.
 */
#include <linux/err.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/lguest_bus.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/e820/types.h>
#include <asm/lguest.h>
#include <asm/setup.h>

/* The descriptor page, mapped once at boot; NULL outside lguest. */
static struct lguest_device_desc *lguest_descs;
static struct device *lguest_root;

/*
 * Status bits are set one at a time from process context (registration
 * and probe are serialised by the driver core per device), so a plain
 * read-modify-write is enough; WRITE_ONCE() keeps the store whole, since
 * the Launcher may look at it.
 */
static void lguest_set_status(struct lguest_device *lgdev, u16 bits)
{
	WRITE_ONCE(lgdev->desc->status, READ_ONCE(lgdev->desc->status) | bits);
}

/* sysfs: /sys/bus/lguest/devices/<index>/... */
static ssize_t type_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%u\n", to_lguest_device(dev)->desc->type);
}
static DEVICE_ATTR_RO(type);

static ssize_t features_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%#x\n", to_lguest_device(dev)->desc->features);
}
static DEVICE_ATTR_RO(features);

static ssize_t pfn_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%u\n", to_lguest_device(dev)->desc->pfn);
}
static DEVICE_ATTR_RO(pfn);

static ssize_t status_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(to_lguest_device(dev)->desc->status));
}

/*
 * Root may set status bits by hand (for instance FAILED, to tell the
 * Launcher a device is unusable); the value is ORed in, like every other
 * status change.
 */
static ssize_t status_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	u16 bits;
	int err;

	err = kstrtou16(buf, 0, &bits);
	if (err)
		return err;
	lguest_set_status(to_lguest_device(dev), bits);
	return count;
}
static DEVICE_ATTR_RW(status);

static ssize_t modalias_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, LGUEST_MODALIAS_FMT "\n",
			  to_lguest_device(dev)->desc->type);
}
static DEVICE_ATTR_RO(modalias);

static struct attribute *lguest_dev_attrs[] = {
	&dev_attr_type.attr,
	&dev_attr_features.attr,
	&dev_attr_pfn.attr,
	&dev_attr_status.attr,
	&dev_attr_modalias.attr,
	NULL,
};
ATTRIBUTE_GROUPS(lguest_dev);

static int lguest_dev_match(struct device *dev, const struct device_driver *drv)
{
	return to_lguest_device(dev)->desc->type ==
	       container_of_const(drv, struct lguest_driver, drv)->device_type;
}

/* The uevent carries the modalias, so mdev or udev can load the driver. */
static int lguest_dev_uevent(const struct device *dev,
			     struct kobj_uevent_env *env)
{
	const struct lguest_device *lgdev =
		container_of_const(dev, struct lguest_device, dev);

	return add_uevent_var(env, "MODALIAS=" LGUEST_MODALIAS_FMT,
			      lgdev->desc->type);
}

static int lguest_dev_probe(struct device *dev)
{
	struct lguest_device *lgdev = to_lguest_device(dev);
	struct lguest_driver *drv = to_lguest_driver(dev->driver);
	int err;

	lguest_set_status(lgdev, LGUEST_DEVICE_S_DRIVER);
	err = drv->probe(lgdev);
	if (err) {
		lguest_set_status(lgdev, LGUEST_DEVICE_S_FAILED);
		return err;
	}
	lguest_set_status(lgdev, LGUEST_DEVICE_S_DRIVER_OK);
	return 0;
}

static void lguest_dev_remove(struct device *dev)
{
	struct lguest_device *lgdev = to_lguest_device(dev);
	struct lguest_driver *drv = to_lguest_driver(dev->driver);

	if (drv->remove)
		drv->remove(lgdev);
}

static const struct bus_type lguest_bus = {
	.name		= "lguest",
	.dev_groups	= lguest_dev_groups,
	.match		= lguest_dev_match,
	.uevent		= lguest_dev_uevent,
	.probe		= lguest_dev_probe,
	.remove		= lguest_dev_remove,
};

int register_lguest_driver(struct lguest_driver *drv)
{
	if (!lguest_descs)
		return 0;
	drv->drv.name = drv->name;
	drv->drv.bus = &lguest_bus;
	return driver_register(&drv->drv);
}
EXPORT_SYMBOL_GPL(register_lguest_driver);

void unregister_lguest_driver(struct lguest_driver *drv)
{
	if (lguest_descs)
		driver_unregister(&drv->drv);
}
EXPORT_SYMBOL_GPL(unregister_lguest_driver);

/*
 * Device pages lie above the RAM the Guest was told about, so they are not
 * in the linear map.  They are ordinary (cacheable) memory of the Launcher
 * though, and the Host refuses write-through or uncached mappings of Guest
 * memory, so we map them write-back.
 */
void *lguest_map(unsigned long phys_addr, unsigned long pages)
{
	return memremap(phys_addr, pages << PAGE_SHIFT, MEMREMAP_WB);
}
EXPORT_SYMBOL_GPL(lguest_map);

void lguest_unmap(void *addr)
{
	memunmap(addr);
}
EXPORT_SYMBOL_GPL(lguest_unmap);

unsigned int lgdev_irq(const struct lguest_device *dev)
{
	return dev->index + 1;
}
EXPORT_SYMBOL_GPL(lgdev_irq);

/*
 * The DMA hypercalls.  Only BIND_DMA answers: 1 if the Host took the
 * binding, 0 if not.
 */
int lguest_bind_dma(unsigned long key, struct lguest_dma *dmas,
		    unsigned int num, u8 irq)
{
	if (!lguest_hcall(LHCALL_BIND_DMA, key, lguest_gpa(dmas),
			  (num << 8) | irq))
		return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_GPL(lguest_bind_dma);

void lguest_unbind_dma(unsigned long key, struct lguest_dma *dmas)
{
	lguest_hcall(LHCALL_BIND_DMA, key, lguest_gpa(dmas), 0);
}
EXPORT_SYMBOL_GPL(lguest_unbind_dma);

void lguest_send_dma(unsigned long key, struct lguest_dma *dma)
{
	dma->used_len = 0;
	lguest_hcall(LHCALL_SEND_DMA, key, lguest_gpa(dma), 0);
}
EXPORT_SYMBOL_GPL(lguest_send_dma);

static void lguest_dev_release(struct device *dev)
{
	kfree(to_lguest_device(dev));
}

/*
 * Make and register the device for descriptor @i.  A failure is written
 * into the descriptor's status for the Launcher, and otherwise only
 * logged: the other devices may still work.
 */
static void __init lguest_add_device(unsigned int i)
{
	struct lguest_device_desc *d = &lguest_descs[i];
	struct lguest_device *lgdev;
	int err;

	WRITE_ONCE(d->status, READ_ONCE(d->status) | LGUEST_DEVICE_S_ACKNOWLEDGE);
	lgdev = kzalloc(sizeof(*lgdev), GFP_KERNEL);
	if (!lgdev) {
		err = -ENOMEM;
		goto fail;
	}
	lgdev->index = i;
	lgdev->desc = d;
	err = lguest_setup_irq(lgdev_irq(lgdev));
	if (err) {
		kfree(lgdev);
		goto fail;
	}
	lgdev->dev.parent = lguest_root;
	lgdev->dev.bus = &lguest_bus;
	lgdev->dev.release = lguest_dev_release;
	dev_set_name(&lgdev->dev, "%u", i);
	err = device_register(&lgdev->dev);
	if (err) {
		put_device(&lgdev->dev);
		goto fail;
	}
	return;
fail:
	WRITE_ONCE(d->status, READ_ONCE(d->status) | LGUEST_DEVICE_S_FAILED);
	pr_err("lguest: cannot add device %u (type %u): %d\n", i, d->type, err);
}

/*
 * Where Guest RAM ends: the end of the RAM the Launcher listed in the boot
 * parameters.  (Not max_pfn, which a kernel without highmem caps at what it
 * can map.)
 */
static u64 __init lguest_ram_end(void)
{
	unsigned int i, n = min_t(unsigned int, boot_params.e820_entries,
				  ARRAY_SIZE(boot_params.e820_table));
	u64 end = 0;

	for (i = 0; i < n; i++) {
		const struct boot_e820_entry *e = &boot_params.e820_table[i];

		if (e->type == E820_TYPE_RAM)
			end = max(end, e->addr + e->size);
	}
	return PAGE_ALIGN(end);
}

/*
 * After the driver core (core_initcall) and before any driver registers
 * (device_initcall and later): drivers always find the bus ready.
 */
static int __init lguest_bus_init(void)
{
	struct lguest_device_desc *descs;
	unsigned int i;
	int err;

	if (!boot_cpu_has(X86_FEATURE_LGUEST))
		return 0;

	descs = lguest_map(lguest_ram_end(), 1);
	if (!descs) {
		pr_err("lguest: cannot map the device page\n");
		return -ENOMEM;
	}
	err = bus_register(&lguest_bus);
	if (err)
		goto unmap;
	lguest_root = root_device_register("lguest");
	if (IS_ERR(lguest_root)) {
		err = PTR_ERR(lguest_root);
		goto unregister;
	}
	lguest_descs = descs;

	for (i = 0; i < LGUEST_MAX_DEVICES; i++)
		if (READ_ONCE(descs[i].type))
			lguest_add_device(i);
	return 0;

unregister:
	bus_unregister(&lguest_bus);
unmap:
	lguest_unmap(descs);
	pr_err("lguest: no bus, no devices: %d\n", err);
	return err;
}
postcore_initcall(lguest_bus_init);
