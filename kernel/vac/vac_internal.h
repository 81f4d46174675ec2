/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Glue between the parts of vac.ko: the broker core (vac_core.h), the
 * /dev/vac protocol and sysfs (vac_dev.c, vac_sysfs.c, vac_notify.c) and
 * the hardware side (vac_probe.c, vac_virt.c, vac_svm.c, vac_vmx.c,
 * vac_hooks.c, vac_api.c).
 *
 * Module init order (vac_main.c): vac_virt_watch_modules() -> vac_probe()
 * -> vac_broker_create() -> vac_virt_init() -> vac_sysfs_init() ->
 * vac_dev_init(); exit in reverse.
 */
#ifndef _VAC_INTERNAL_H
#define _VAC_INTERNAL_H

#include <linux/kobject.h>
#include "vac_core.h"

#define VAC_NS	VAC

/* vac_main.c: the one broker of this host. */
extern struct vac_broker *vac_broker;

/* vac_probe.c: capacities from CPUID, lowered by module parameters;
 * refuses (-EBUSY, with a message) when Debian's stock kvm is loaded.
 */
int vac_probe(struct vac_space_geometry geo[VAC_SPACE_COUNT]);

/* vac_virt.c: refuse stock KVM modules from now on; first of all. */
int vac_virt_watch_modules(void);
void vac_virt_unwatch_modules(void);

/* vac_virt.c and friends: hardware enable, cpuhp, reboot, hooks. */
int vac_virt_init(void);
void vac_virt_exit(void);
/* /sys/kernel/vac/cpus/: per-CPU enable counts, under @parent. */
int vac_virt_sysfs_init(struct kobject *parent);
int vac_vectors_sysfs_init(struct kobject *parent);
void vac_vectors_sysfs_exit(void);
void vac_virt_sysfs_exit(void);
/* ops->flush of the broker: SEV deferred reclaim through the instance. */
int vac_broker_flush(struct vac_broker *b, enum vac_space_id space,
		     struct vac_entry *inst);

/* vac_notify.c: ops->notify of the broker: queue to subscribed files. */
void vac_notify(struct vac_broker *b, const struct vac_event *ev);
void vac_notify_exit(void);

/* vac_sysfs.c / vac_dev.c */
int vac_sysfs_init(void);
void vac_sysfs_exit(void);
int vac_dev_init(void);
void vac_dev_exit(void);

#endif /* _VAC_INTERNAL_H */
