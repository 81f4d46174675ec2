// SPDX-License-Identifier: GPL-2.0
/*
 * vac.ko: Virtualization Acceleration Code.
 *
 * The one module that owns what is host-wide for KVM (hardware enable,
 * TLB tags, global hooks) and partitions it between KVM instance modules.
 * This file only strings the parts together, in the order documented in
 * vac_internal.h: stock KVM modules are refused from the start, the probe
 * finds the spaces, the broker core is created over them, the hardware
 * side comes up, then sysfs and /dev/vac, which both read the broker.
 * Exit runs in reverse.
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

	/* Before vac_probe() looks for a stock kvm: see the function. */
	err = vac_virt_watch_modules();
	if (err)
		return err;
	err = vac_probe(geo);
	if (err)
		goto err_watch;

	b = vac_broker_create(geo, &vac_broker_ops, NULL);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		goto err_watch;
	}
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
	vac_notify_exit();
err_watch:
	vac_virt_unwatch_modules();
	return err;
}

static void __exit vac_exit(void)
{
	vac_dev_exit();
	vac_sysfs_exit();
	vac_virt_exit();
	vac_broker_destroy(vac_broker);
	vac_broker = NULL;
	vac_notify_exit();
	vac_virt_unwatch_modules();
}

module_init(vac_init);
module_exit(vac_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The VAC authors");
MODULE_DESCRIPTION("VAC: host-wide virtualization resources for KVM instances");
