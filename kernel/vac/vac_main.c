// SPDX-License-Identifier: GPL-2.0
/*
 * vac.ko: Virtualization Acceleration Code.
 *
 * The one module that owns what is host-wide for KVM (hardware enable,
 * TLB tags, global hooks) and partitions it between KVM instance modules.
 * This file only strings the parts together, in the order documented in
 * vac_internal.h: the probe finds the spaces, the broker core is created
 * over them, the hardware side comes up, then sysfs and /dev/vac, which
 * both read the broker.  Exit runs in reverse.
 */
#include <linux/err.h>
#include <linux/module.h>

#include "vac_internal.h"

struct vac_broker *vac_broker;

static const struct vac_broker_ops vac_broker_ops = {
	.notify = vac_notify,
	.flush = vac_broker_flush,
};

static int __init vac_init(void)
{
	struct vac_space_geometry geo[VAC_SPACE_COUNT] = {};
	struct vac_broker *b;
	int err;

	err = vac_probe(geo);
	if (err)
		return err;

	b = vac_broker_create(geo, &vac_broker_ops, NULL);
	if (IS_ERR(b))
		return PTR_ERR(b);
	vac_broker = b;

	err = vac_virt_init();
	if (err)
		goto err_broker;
	err = vac_sysfs_init();
	if (err)
		goto err_virt;
	err = vac_dev_init();
	if (err)
		goto err_sysfs;
	return 0;

err_sysfs:
	vac_sysfs_exit();
err_virt:
	vac_virt_exit();
err_broker:
	vac_broker_destroy(vac_broker);
	vac_broker = NULL;
	return err;
}

static void __exit vac_exit(void)
{
	vac_dev_exit();
	vac_sysfs_exit();
	vac_virt_exit();
	vac_broker_destroy(vac_broker);
	vac_broker = NULL;
}

module_init(vac_init);
module_exit(vac_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The VAC authors");
MODULE_DESCRIPTION("VAC: host-wide virtualization resources for KVM instances");
