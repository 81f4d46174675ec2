// SPDX-License-Identifier: GPL-2.0
/*
 * The single-owner interrupt hooks VAC holds for the instances
 * (vac_hooks.c), shown as "vectors", for an admin who asks which instance
 * gets which events:
 *
 *   pmi        the perf guest callbacks; a sample perf takes while an
 *              instance's vCPU is loaded on the CPU is that instance's
 *   pi_wakeup  POSTED_INTR_WAKEUP_VECTOR; every instance with a wakeup
 *              handler is called
 *   ga_log     the AMD IOMMU GA log; one notifier host-wide, routed by
 *              the VM ID in the GA tag to the instance whose ga_vm_id
 *              range holds it (vac_ga_log.c)
 *
 * Each is listed whether or not the host has it (enum vac_vector_state),
 * in /dev/vac (VAC_MSG_GET_VECTOR) and in sysfs:
 *
 *   vectors/NAME/state       active, unused or absent
 *   vectors/NAME/vector      the IDT vector (2: the PMI comes as an NMI),
 *                            or "none"
 *   vectors/NAME/instances   the instances it is routed to, by name
 *
 * and instances/INSTANCE/vectors/NAME (vac_sysfs.c) counts the events
 * routed to that instance since it registered.
 */
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <asm/irq_vectors.h>

#include "vac_internal.h"
#include "vac_hw.h"

static const char *const vac_vector_names[VAC_VECTOR_COUNT] = {
	[VAC_VECTOR_PMI] = "pmi",
	[VAC_VECTOR_PI_WAKEUP] = "pi_wakeup",
	[VAC_VECTOR_GA_LOG] = "ga_log",
};

/**
 * vac_vector_lookup() - a vector by name.
 * @name: "pmi", "pi_wakeup" or "ga_log".
 *
 * Return: its enum vac_vector_id, or -ENOENT.
 */
int vac_vector_lookup(const char *name)
{
	int v;

	for (v = 0; v < VAC_VECTOR_COUNT; v++)
		if (!strcmp(name, vac_vector_names[v]))
			return v;
	return -ENOENT;
}

/*
 * VAC holds the perf callbacks and the wakeup handler for as long as it
 * is loaded, and the GA-log notifier on AMD hosts.
 */
static enum vac_vector_state vac_vector_state(enum vac_vector_id v)
{
	switch (v) {
	case VAC_VECTOR_PMI:
	case VAC_VECTOR_PI_WAKEUP:
		return VAC_VECTOR_ACTIVE;
	case VAC_VECTOR_GA_LOG:
		return vac_ga_log_held() ? VAC_VECTOR_ACTIVE :
					   VAC_VECTOR_ABSENT;
	default:
		return VAC_VECTOR_ABSENT;
	}
}

static int vac_vector_number(enum vac_vector_id v)
{
	switch (v) {
	case VAC_VECTOR_PMI:
		return NMI_VECTOR;
	case VAC_VECTOR_PI_WAKEUP:
		return POSTED_INTR_WAKEUP_VECTOR;
	default:
		return -1;
	}
}

/* Whether @v's events go to @inst. */
static bool vac_vector_routed(enum vac_vector_id v,
			      const struct vac_instance *inst)
{
	switch (v) {
	case VAC_VECTOR_PMI:
		return inst->ops->perf_state && inst->ops->perf_get_ip;
	case VAC_VECTOR_PI_WAKEUP:
		return inst->ops->pi_wakeup;
	case VAC_VECTOR_GA_LOG:
		return inst->ops->ga_log && inst->ga_vm_id_first;
	default:
		return false;
	}
}

static u64 vac_instance_events(const struct vac_instance *inst,
			       enum vac_vector_id v)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(inst->events, cpu)->n[v];
	return sum;
}

/**
 * vac_vector_info_get() - what @v is and where it goes, now.
 * @v: the vector.
 * @info: filled in; release with vac_vector_info_put().
 * @gfp: for @info->routes.
 *
 * Return: 0, -EINVAL for no such vector, or -ENOMEM.
 */
int vac_vector_info_get(enum vac_vector_id v, struct vac_vector_info *info,
			gfp_t gfp)
{
	struct vac_instance *inst;
	int n = 0;

	if (v >= VAC_VECTOR_COUNT)
		return -EINVAL;
	*info = (struct vac_vector_info) {
		.id = v,
		.name = vac_vector_names[v],
		.state = vac_vector_state(v),
		.number = vac_vector_number(v),
	};

	mutex_lock(&vac_instances_lock);
	list_for_each_entry(inst, &vac_instances, node)
		n += vac_vector_routed(v, inst);
	if (n) {
		info->routes = kcalloc(n, sizeof(*info->routes), gfp);
		if (!info->routes) {
			mutex_unlock(&vac_instances_lock);
			return -ENOMEM;
		}
	}
	list_for_each_entry(inst, &vac_instances, node) {
		struct vac_vector_route *r;

		if (!vac_vector_routed(v, inst))
			continue;
		r = &info->routes[info->n++];
		strscpy(r->name, inst->name, sizeof(r->name));
		r->count = vac_instance_events(inst, v);
	}
	mutex_unlock(&vac_instances_lock);
	return 0;
}

void vac_vector_info_put(struct vac_vector_info *info)
{
	kfree(info->routes);
	info->routes = NULL;
	info->n = 0;
}

/**
 * vac_vector_instance_events() - events of @v routed to instance @name.
 * @v: the vector.
 * @name: an instance name.
 *
 * Return: the count since the instance registered; 0 if it is not
 * registered (or not routed to).
 */
u64 vac_vector_instance_events(enum vac_vector_id v, const char *name)
{
	struct vac_instance *inst;
	u64 count = 0;

	mutex_lock(&vac_instances_lock);
	list_for_each_entry(inst, &vac_instances, node) {
		if (!strcmp(inst->name, name)) {
			count = vac_instance_events(inst, v);
			break;
		}
	}
	mutex_unlock(&vac_instances_lock);
	return count;
}

/* --- /sys/kernel/vac/vectors ---------------------------------------------- */

struct vac_vector_kobj {
	struct kobject kobj;
	enum vac_vector_id id;
};

static struct kobject *vac_vectors_dir;
static struct vac_vector_kobj *vac_vector_kobjs[VAC_VECTOR_COUNT];

static enum vac_vector_id vac_kobj_vector(struct kobject *kobj)
{
	return container_of(kobj, struct vac_vector_kobj, kobj)->id;
}

static const char *const vac_vector_state_names[] = {
	[VAC_VECTOR_ACTIVE] = "active",
	[VAC_VECTOR_UNUSED] = "unused",
	[VAC_VECTOR_ABSENT] = "absent",
};

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", vac_vector_state_names[
				  vac_vector_state(vac_kobj_vector(kobj))]);
}

static ssize_t vector_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	int nr = vac_vector_number(vac_kobj_vector(kobj));

	if (nr < 0)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%d\n", nr);
}

static ssize_t instances_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct vac_vector_info info;
	int len = 0, i, err;

	err = vac_vector_info_get(vac_kobj_vector(kobj), &info, GFP_KERNEL);
	if (err)
		return err;
	for (i = 0; i < info.n; i++)
		len += sysfs_emit_at(buf, len, "%s%s", i ? " " : "",
				     info.routes[i].name);
	len += sysfs_emit_at(buf, len, "\n");
	vac_vector_info_put(&info);
	return len;
}

static struct kobj_attribute vac_vector_state_attr = __ATTR_RO(state);
static struct kobj_attribute vac_vector_vector_attr = __ATTR_RO(vector);
static struct kobj_attribute vac_vector_instances_attr = __ATTR_RO(instances);

static struct attribute *vac_vector_attrs[] = {
	&vac_vector_state_attr.attr,
	&vac_vector_vector_attr.attr,
	&vac_vector_instances_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(vac_vector);

static void vac_vector_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct vac_vector_kobj, kobj));
}

static struct kobj_type vac_vector_ktype = {
	.release = vac_vector_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = vac_vector_groups,
};

void vac_vectors_sysfs_exit(void)
{
	int v;

	for (v = 0; v < VAC_VECTOR_COUNT; v++) {
		if (vac_vector_kobjs[v])
			kobject_put(&vac_vector_kobjs[v]->kobj);
		vac_vector_kobjs[v] = NULL;
	}
	kobject_put(vac_vectors_dir);
	vac_vectors_dir = NULL;
}

/**
 * vac_vectors_sysfs_init() - create vectors/NAME/ under @parent.
 * @parent: /sys/kernel/vac.
 *
 * Return: 0 or a negative errno (nothing left behind).
 */
int vac_vectors_sysfs_init(struct kobject *parent)
{
	struct vac_vector_kobj *vk;
	int v, err;

	vac_vectors_dir = kobject_create_and_add("vectors", parent);
	if (!vac_vectors_dir)
		return -ENOMEM;
	for (v = 0; v < VAC_VECTOR_COUNT; v++) {
		vk = kzalloc(sizeof(*vk), GFP_KERNEL);
		if (!vk) {
			err = -ENOMEM;
			goto err;
		}
		vk->id = v;
		err = kobject_init_and_add(&vk->kobj, &vac_vector_ktype,
					   vac_vectors_dir, "%s",
					   vac_vector_names[v]);
		if (err) {
			kobject_put(&vk->kobj);
			goto err;
		}
		vac_vector_kobjs[v] = vk;
	}
	return 0;
err:
	vac_vectors_sysfs_exit();
	return err;
}
