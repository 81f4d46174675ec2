// SPDX-License-Identifier: GPL-2.0
/*
 * The AMD IOMMU GA log, routed to instances by AVIC VM ID.
 *
 * With AVIC, the IOMMU posts an assigned device's interrupt straight into
 * the vCPU's virtual APIC.  When the vCPU is not running, the IOMMU also
 * logs the interrupt's GA tag (VM ID above the vCPU ID, both chosen by
 * KVM) and the driver calls the one notifier the host has
 * (amd_iommu_register_ga_log_notifier()), which must wake that vCPU.  Two
 * KVMs can neither share the notifier nor tell their tags apart unless the
 * VM IDs are partitioned: VAC carves the ga_vm_id space into one range per
 * instance, like svm_asid; each instance numbers its VMs inside its range
 * (vac_ga_vm_id_range()); and VAC holds the notifier and hands each entry
 * to the instance whose range holds the tag's VM ID (ops->ga_log()).
 *
 * The notifier runs in the IOMMU driver's interrupt thread and reads the
 * instance list under RCU: an instance leaves the list and waits for a
 * grace period before its module may go.  Stock kvm-amd never unregisters
 * its notifier; VAC does at unload, and the driver then waits for calls
 * in flight.
 *
 * Without AVIC hardware (the TCG test VM) no IOMMU ever logs a tag.
 * /sys/kernel/debug/vac/ga_log takes a tag (root, written as a number)
 * and routes it as the driver's interrupt thread would, so that the
 * routing can be tested; its answer is the instance's, or -ENOENT when
 * no instance holds the VM ID.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/amd-iommu.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/rculist.h>

#include "vac_internal.h"
#include "vac_hw.h"

static struct dentry *vac_debugfs_dir;

/* The instance whose ga_vm_id range holds @vm_id, under RCU. */
static struct vac_instance *vac_ga_log_owner(u32 vm_id)
{
	struct vac_instance *inst;

	list_for_each_entry_rcu(inst, &vac_instances, node)
		if (inst->ops->ga_log && inst->ga_vm_id_first &&
		    vm_id >= inst->ga_vm_id_first &&
		    vm_id <= inst->ga_vm_id_last)
			return inst;
	return NULL;
}

static int vac_ga_log_route(u32 ga_tag)
{
	u32 vm_id = ga_tag >> VAC_GA_VM_ID_SHIFT;
	struct vac_instance *inst;
	int ret = -ENOENT;

	rcu_read_lock();
	inst = vac_ga_log_owner(vm_id);
	if (inst) {
		this_cpu_inc(inst->events->n[VAC_VECTOR_GA_LOG]);
		ret = inst->ops->ga_log(ga_tag);
	}
	rcu_read_unlock();
	if (!inst)
		pr_warn_ratelimited("GA log: tag %#x names VM ID %u, which no instance holds\n",
				    ga_tag, vm_id);
	return ret;
}

/* The IOMMU driver's view: it only says "GA log notifier failed". */
static int vac_ga_log_notify(u32 ga_tag)
{
	vac_ga_log_route(ga_tag);
	return 0;
}

static ssize_t vac_ga_log_write(struct file *file, const char __user *buf,
				size_t count, loff_t *ppos)
{
	u32 ga_tag;
	int ret;

	ret = kstrtou32_from_user(buf, count, 0, &ga_tag);
	if (ret)
		return ret;
	ret = vac_ga_log_route(ga_tag);
	return ret ? ret : count;
}

static const struct file_operations vac_ga_log_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vac_ga_log_write,
	.llseek = noop_llseek,
};

/**
 * vac_ga_log_held() - whether VAC holds the host's GA-log notifier.
 *
 * Return: true on SVM hosts, where it registers one at load.
 */
bool vac_ga_log_held(void)
{
	return vac_hw.vendor == VAC_VENDOR_SVM;
}

void vac_ga_log_init(void)
{
	if (!vac_ga_log_held())
		return;
	amd_iommu_register_ga_log_notifier(vac_ga_log_notify);
	vac_debugfs_dir = debugfs_create_dir("vac", NULL);
	debugfs_create_file("ga_log", 0200, vac_debugfs_dir, NULL,
			    &vac_ga_log_fops);
}

void vac_ga_log_exit(void)
{
	if (!vac_ga_log_held())
		return;
	debugfs_remove(vac_debugfs_dir);
	vac_debugfs_dir = NULL;
	/* Waits for calls in flight (a grace period). */
	amd_iommu_register_ga_log_notifier(NULL);
}
