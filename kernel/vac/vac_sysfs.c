// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/vac: read-only view of the broker (docs/sysfs-abi.md).
 *
 *   resources/SPACE/{capacity,first,used,free,reserved}
 *   instances/NAME/{state,draining,vms,vcpus,version,srcversion}
 *   instances/NAME/SPACE/{quota,used,exhausted}
 *   instances/NAME/svm_asid/{pending,range_first,range_last}
 *   cpus/...                    (vac_virt.c)
 *
 * Every show() reads through the core: vac_resources_get() takes the
 * broker mutex, vac_quota_get() RCU and the space locks.  Removing a
 * kobject waits for show() callbacks still running, so instance
 * directories are created and removed only by vac_sysfs_sync(), under
 * vac_sysfs_mutex, in process context and without the broker mutex (it
 * takes it only for its snapshot): from the /dev/vac SET_QUOTA /
 * DEL_QUOTA handlers after the core call returns, and from a work item
 * that vac_notify() schedules for changes made elsewhere (an instance
 * module registering a name that had no quota entry, for example).  It
 * compares the directories with a snapshot of the core, so it is
 * idempotent.
 */
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "vac_internal.h"
#include "vac_dev.h"
#include "vac_hw.h"

/**
 * struct vac_space_kobj - a SPACE directory (resources/ or instances/NAME/).
 * @kobj: the directory.
 * @space: enum vac_space_id.
 */
struct vac_space_kobj {
	struct kobject kobj;
	int space;
};

/**
 * struct vac_inst_kobj - an instances/NAME directory.
 * @kobj: the directory; its name is the instance name.
 * @space: its SPACE subdirectories.
 * @node: on vac_sysfs_insts.
 */
struct vac_inst_kobj {
	struct kobject kobj;
	struct vac_space_kobj *space[VAC_SPACE_COUNT];
	struct list_head node;
};

static struct kobject *vac_root;
static struct kobject *vac_res_dir;
static struct kobject *vac_inst_dir;
static struct vac_space_kobj *vac_res_space[VAC_SPACE_COUNT];

/* vac_sysfs_mutex: the instance directories and vac_sysfs_up. */
static DEFINE_MUTEX(vac_sysfs_mutex);
static LIST_HEAD(vac_sysfs_insts);
static bool vac_sysfs_up;

/* vac_sysfs_work_lock: whether vac_sysfs_changed() may queue the work. */
static DEFINE_SPINLOCK(vac_sysfs_work_lock);
static bool vac_sysfs_work_ok;

static inline struct vac_space_kobj *to_space(struct kobject *kobj)
{
	return container_of(kobj, struct vac_space_kobj, kobj);
}

static void vac_space_release(struct kobject *kobj)
{
	kfree(to_space(kobj));
}

static void vac_inst_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct vac_inst_kobj, kobj));
}

/*
 * Every value file shows one u32 of a snapshot struct; the attribute
 * carries the offset of its field, so one show() serves each directory.
 */
struct vac_u32_attr {
	struct kobj_attribute attr;
	size_t off;
};

static u32 vac_attr_u32(const void *snap, struct kobj_attribute *attr)
{
	size_t off = container_of(attr, struct vac_u32_attr, attr)->off;

	return *(const u32 *)((const u8 *)snap + off);
}

#define VAC_U32_ATTR(_prefix, _show, _struct, _name)			\
	static struct vac_u32_attr _prefix##_##_name = {		\
		.attr = __ATTR(_name, 0444, _show, NULL),		\
		.off = offsetof(struct _struct, _name) +		\
		       BUILD_BUG_ON_ZERO(sizeof_field(struct _struct, _name) \
					 != sizeof(u32)),		\
	}

/* --- resources/SPACE ------------------------------------------------------ */

static ssize_t vac_res_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct vac_space_info info[VAC_SPACE_COUNT];

	vac_resources_get(vac_broker, info);
	return sysfs_emit(buf, "%u\n",
			  vac_attr_u32(&info[to_space(kobj)->space], attr));
}

#define VAC_RES_ATTR(_name) \
	VAC_U32_ATTR(vac_res, vac_res_show, vac_space_info, _name)

VAC_RES_ATTR(capacity);
VAC_RES_ATTR(first);
VAC_RES_ATTR(used);
VAC_RES_ATTR(free);
VAC_RES_ATTR(reserved);

static struct attribute *vac_res_attrs[] = {
	&vac_res_capacity.attr.attr,
	&vac_res_first.attr.attr,
	&vac_res_used.attr.attr,
	&vac_res_free.attr.attr,
	&vac_res_reserved.attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(vac_res);

static struct kobj_type vac_res_ktype = {
	.release = vac_space_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = vac_res_groups,
};

/* --- instances/NAME ------------------------------------------------------- */

/* The entry named by @kobj (an instance directory). */
static int vac_inst_info(struct kobject *kobj, struct vac_entry_info *info)
{
	struct vac_extack ea = { .space = -1 };

	return vac_quota_get(vac_broker, kobject_name(kobj), info, &ea);
}

/*
 * VAC_INST_ATTR(name, fmt, value): the read-only file @name of an entry's
 * directory, printing @value, an expression of the entry's
 * struct vac_entry_info info, read afresh for each read.
 */
#define VAC_INST_ATTR(_name, _fmt, _value)				\
static ssize_t vac_inst_##_name##_show(struct kobject *kobj,		\
				       struct kobj_attribute *attr,	\
				       char *buf)			\
{									\
	struct vac_entry_info info;					\
	int err;							\
									\
	err = vac_inst_info(kobj, &info);				\
	if (err)							\
		return err;						\
	return sysfs_emit(buf, _fmt "\n", _value);			\
}									\
static struct kobj_attribute vac_inst_##_name =				\
	__ATTR(_name, 0444, vac_inst_##_name##_show, NULL)

VAC_INST_ATTR(state, "%s",
	      info.state == VAC_STATE_LIVE ? "live" : "configured");
/* What runs on the instance and whether it drains (0 unless live). */
VAC_INST_ATTR(draining, "%u", info.draining);
VAC_INST_ATTR(vms, "%u", info.vms);
VAC_INST_ATTR(vcpus, "%u", info.vcpus);
/* The live module's identity, empty otherwise. */
VAC_INST_ATTR(version, "%s", info.id.version);
VAC_INST_ATTR(srcversion, "%s", info.id.srcversion);

static struct attribute *vac_inst_attrs[] = {
	&vac_inst_state.attr,
	&vac_inst_version.attr,
	&vac_inst_srcversion.attr,
	&vac_inst_draining.attr,
	&vac_inst_vms.attr,
	&vac_inst_vcpus.attr,
	NULL
};

static const struct attribute_group vac_inst_group = {
	.attrs = vac_inst_attrs,
};

/*
 * instances/NAME/vectors/VECTOR: the events of each vector routed to the
 * instance since it registered (vac_vectors.c); 0 unless live.
 */
#define VAC_INST_VECTOR_ATTR(_name, _v)					\
static ssize_t vac_inst_vector_##_name##_show(struct kobject *kobj,	\
					      struct kobj_attribute *attr,\
					      char *buf)		\
{									\
	return sysfs_emit(buf, "%llu\n",				\
			  vac_vector_instance_events(_v, kobject_name(kobj)));\
}									\
static struct kobj_attribute vac_inst_vector_##_name =			\
	__ATTR(_name, 0444, vac_inst_vector_##_name##_show, NULL)

VAC_INST_VECTOR_ATTR(pmi, VAC_VECTOR_PMI);
VAC_INST_VECTOR_ATTR(pi_wakeup, VAC_VECTOR_PI_WAKEUP);
VAC_INST_VECTOR_ATTR(ga_log, VAC_VECTOR_GA_LOG);

static struct attribute *vac_inst_vector_attrs[] = {
	&vac_inst_vector_pmi.attr,
	&vac_inst_vector_pi_wakeup.attr,
	&vac_inst_vector_ga_log.attr,
	NULL
};

static const struct attribute_group vac_inst_vector_group = {
	.name = "vectors",
	.attrs = vac_inst_vector_attrs,
};

static const struct attribute_group *vac_inst_groups[] = {
	&vac_inst_group,
	&vac_inst_vector_group,
	NULL
};

static struct kobj_type vac_inst_ktype = {
	.release = vac_inst_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = vac_inst_groups,
};

/* --- instances/NAME/SPACE ------------------------------------------------- */

static ssize_t vac_quota_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct vac_entry_info info;
	int err;

	err = vac_inst_info(kobj->parent, &info);
	if (err)
		return err;
	return sysfs_emit(buf, "%u\n",
			  vac_attr_u32(&info.space[to_space(kobj)->space],
				       attr));
}

#define VAC_QUOTA_ATTR(_name) \
	VAC_U32_ATTR(vac_quota, vac_quota_show, vac_entry_space_info, _name)

VAC_QUOTA_ATTR(quota);
VAC_QUOTA_ATTR(used);
VAC_QUOTA_ATTR(exhausted);
VAC_QUOTA_ATTR(pending);
VAC_QUOTA_ATTR(range_first);
VAC_QUOTA_ATTR(range_last);

static struct attribute *vac_quota_attrs[] = {
	&vac_quota_quota.attr.attr,
	&vac_quota_used.attr.attr,
	&vac_quota_exhausted.attr.attr,
	&vac_quota_pending.attr.attr,
	&vac_quota_range_first.attr.attr,
	&vac_quota_range_last.attr.attr,
	NULL
};

/* pending and range_* exist only under range spaces (svm_asid, ga_vm_id). */
static umode_t vac_quota_visible(struct kobject *kobj, struct attribute *a,
				 int n)
{
	if (vac_space_is_range(to_space(kobj)->space) ||
	    a == &vac_quota_quota.attr.attr || a == &vac_quota_used.attr.attr ||
	    a == &vac_quota_exhausted.attr.attr)
		return a->mode;
	return 0;
}

static const struct attribute_group vac_quota_group = {
	.attrs = vac_quota_attrs,
	.is_visible = vac_quota_visible,
};

static const struct attribute_group *vac_quota_groups[] = {
	&vac_quota_group,
	NULL
};

static struct kobj_type vac_quota_ktype = {
	.release = vac_space_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = vac_quota_groups,
};

/* --- adding and removing -------------------------------------------------- */

static struct vac_space_kobj *vac_space_add(struct kobject *parent, int space,
					    const struct kobj_type *ktype)
{
	struct vac_space_kobj *sk;
	int err;

	sk = kzalloc(sizeof(*sk), GFP_KERNEL);
	if (!sk)
		return NULL;
	sk->space = space;
	err = kobject_init_and_add(&sk->kobj, ktype, parent, "%s",
				   vac_space_name(space));
	if (err) {
		kobject_put(&sk->kobj);
		return NULL;
	}
	kobject_uevent(&sk->kobj, KOBJ_ADD);
	return sk;
}

static void vac_space_del(struct vac_space_kobj *sk)
{
	if (!sk)
		return;
	kobject_del(&sk->kobj);
	kobject_put(&sk->kobj);
}

static void vac_inst_del(struct vac_inst_kobj *ik)
{
	int s;

	list_del(&ik->node);
	for (s = 0; s < VAC_SPACE_COUNT; s++)
		vac_space_del(ik->space[s]);
	kobject_del(&ik->kobj);
	kobject_put(&ik->kobj);
}

static int vac_inst_add(const char *name)
{
	struct vac_inst_kobj *ik;
	int err, s;

	ik = kzalloc(sizeof(*ik), GFP_KERNEL);
	if (!ik)
		return -ENOMEM;
	err = kobject_init_and_add(&ik->kobj, &vac_inst_ktype, vac_inst_dir,
				   "%s", name);
	if (err) {
		kobject_put(&ik->kobj);
		return err;
	}
	list_add_tail(&ik->node, &vac_sysfs_insts);
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		ik->space[s] = vac_space_add(&ik->kobj, s, &vac_quota_ktype);
		if (!ik->space[s]) {
			vac_inst_del(ik);
			return -ENOMEM;
		}
	}
	kobject_uevent(&ik->kobj, KOBJ_ADD);
	return 0;
}

static bool vac_info_has(const struct vac_entry_info *infos, int n,
			 const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(infos[i].name, name))
			return true;
	return false;
}

/* The instances/NAME directory of @name, if any; vac_sysfs_mutex held. */
static struct vac_inst_kobj *vac_inst_find(const char *name)
{
	struct vac_inst_kobj *ik;

	list_for_each_entry(ik, &vac_sysfs_insts, node)
		if (!strcmp(kobject_name(&ik->kobj), name))
			return ik;
	return NULL;
}

/**
 * vac_sysfs_sync() - make instances/ match the core's quota entries.
 *
 * Process context; must not be called with the broker mutex held.
 */
void vac_sysfs_sync(void)
{
	struct vac_entry_info *infos = NULL;
	struct vac_inst_kobj *ik, *tmp;
	int i, n;

	mutex_lock(&vac_sysfs_mutex);
	if (!vac_sysfs_up)
		goto out;
	n = vac_quota_snapshot(vac_broker, false, &infos, GFP_KERNEL);
	if (n < 0) {
		pr_warn_ratelimited("vac: sysfs: no quota snapshot (%d)\n", n);
		goto out;
	}
	list_for_each_entry_safe(ik, tmp, &vac_sysfs_insts, node)
		if (!vac_info_has(infos, n, kobject_name(&ik->kobj)))
			vac_inst_del(ik);
	for (i = 0; i < n; i++)
		if (!vac_inst_find(infos[i].name) &&
		    vac_inst_add(infos[i].name))
			pr_warn_ratelimited("vac: sysfs: no directory for %s\n",
					    infos[i].name);
	kvfree(infos);
out:
	mutex_unlock(&vac_sysfs_mutex);
}

static void vac_sysfs_work_fn(struct work_struct *work)
{
	vac_sysfs_sync();
}

static DECLARE_WORK(vac_sysfs_work, vac_sysfs_work_fn);

/**
 * vac_sysfs_changed() - the core's entries changed: sync sysfs soon.
 *
 * Any context.
 */
void vac_sysfs_changed(void)
{
	unsigned long flags;

	spin_lock_irqsave(&vac_sysfs_work_lock, flags);
	if (vac_sysfs_work_ok)
		schedule_work(&vac_sysfs_work);
	spin_unlock_irqrestore(&vac_sysfs_work_lock, flags);
}

static void vac_sysfs_teardown(void)
{
	struct vac_inst_kobj *ik, *tmp;
	int s;

	spin_lock_irq(&vac_sysfs_work_lock);
	vac_sysfs_work_ok = false;
	spin_unlock_irq(&vac_sysfs_work_lock);
	cancel_work_sync(&vac_sysfs_work);

	mutex_lock(&vac_sysfs_mutex);
	vac_sysfs_up = false;
	list_for_each_entry_safe(ik, tmp, &vac_sysfs_insts, node)
		vac_inst_del(ik);
	mutex_unlock(&vac_sysfs_mutex);

	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		vac_space_del(vac_res_space[s]);
		vac_res_space[s] = NULL;
	}
	kobject_put(vac_inst_dir);
	kobject_put(vac_res_dir);
	kobject_put(vac_root);
	vac_inst_dir = NULL;
	vac_res_dir = NULL;
	vac_root = NULL;
}

/**
 * vac_sysfs_init() - create /sys/kernel/vac.
 *
 * Return: 0 or a negative errno; nothing is left behind on failure.
 */
int vac_sysfs_init(void)
{
	int err = -ENOMEM;
	int s;

	vac_root = kobject_create_and_add("vac", kernel_kobj);
	if (!vac_root)
		return -ENOMEM;
	vac_res_dir = kobject_create_and_add("resources", vac_root);
	vac_inst_dir = kobject_create_and_add("instances", vac_root);
	if (!vac_res_dir || !vac_inst_dir)
		goto fail;
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		vac_res_space[s] = vac_space_add(vac_res_dir, s,
						 &vac_res_ktype);
		if (!vac_res_space[s])
			goto fail;
	}
	err = vac_virt_sysfs_init(vac_root);
	if (err)
		goto fail;
	err = vac_vectors_sysfs_init(vac_root);
	if (err) {
		vac_virt_sysfs_exit();
		goto fail;
	}

	mutex_lock(&vac_sysfs_mutex);
	vac_sysfs_up = true;
	mutex_unlock(&vac_sysfs_mutex);
	spin_lock_irq(&vac_sysfs_work_lock);
	vac_sysfs_work_ok = true;
	spin_unlock_irq(&vac_sysfs_work_lock);
	vac_sysfs_sync();
	return 0;
fail:
	vac_sysfs_teardown();
	return err;
}

/**
 * vac_sysfs_exit() - remove /sys/kernel/vac and everything under it.
 */
void vac_sysfs_exit(void)
{
	vac_vectors_sysfs_exit();
	vac_virt_sysfs_exit();
	vac_sysfs_teardown();
}
