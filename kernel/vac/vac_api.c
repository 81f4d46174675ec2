// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel API of vac.ko (vac_kvm.h), exported to KVM instance
 * modules in the VAC symbol namespace.  docs/in-kernel-api.md tells how
 * KVM 6.1 uses each call; docs/tag-handover.md how tags change owners
 * safely.
 *
 * Instances live on vac_instances: added and removed under
 * vac_instances_lock (a mutex, also held by the CPU hotplug callbacks
 * while they call into instances), read under RCU by the reboot
 * notifier, the emergency callback and the posted-interrupt dispatcher.
 * An instance is freed only after a grace period, so NMI and IRQ readers
 * never see freed memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vac_internal.h"
#include "vac_hw.h"

LIST_HEAD(vac_instances);
/* Writers of vac_instances; the hotplug callbacks hold it too. */
DEFINE_MUTEX(vac_instances_lock);

/*
 * Whether an instance with @ops may be registered next to the ones
 * there: not if it, or one of them, uses host-wide state VAC does not
 * share out (ops->exclusive).  vac_instances_lock held.
 */
static bool vac_may_join(const char *name, const struct vac_instance_ops *ops)
{
	struct vac_instance *other;

	list_for_each_entry(other, &vac_instances, node) {
		if (ops->exclusive) {
			pr_err("cannot register KVM instance '%.*s': it uses %s, which VAC does not share between instances, and instance %s is loaded\n",
			       VAC_NAME_LEN, name, ops->exclusive, other->name);
			return false;
		}
		if (other->ops->exclusive) {
			pr_err("cannot register KVM instance '%.*s': instance %s uses %s, which VAC does not share between instances\n",
			       VAC_NAME_LEN, name, other->name,
			       other->ops->exclusive);
			return false;
		}
	}
	return true;
}

/* sev.c's sev_deactivate_lock, shared by every instance. */
static DECLARE_RWSEM(vac_sev_deactivate_rwsem);

static void vac_instance_free(struct vac_instance *inst)
{
	free_percpu(inst->events);
	free_cpumask_var(inst->enabled);
	kfree(inst);
}

/**
 * vac_register_instance() - bind a KVM instance module to its quota entry.
 * @name: the instance name ([a-z0-9_-], see VAC_NAME_LEN); an admin must
 *	have set a quota for it through /dev/vac first.
 * @ops: the instance's callbacks; must stay valid until
 *	vac_unregister_instance() returns.
 *
 * Carves the instance's svm_asid range, starts routing CPU hotplug,
 * reboot, emergency and hook callbacks to @ops, and makes the instance
 * LIVE in /dev/vac and sysfs.  An unknown name, a name already live, or
 * an svm_asid range that no longer fits is refused with a message in
 * dmesg (the broker's extended-ack text).  The instance module's
 * dependency on vac.ko keeps vac.ko loaded until it is gone.
 *
 * Context: process context, may sleep.  Call from module init, before
 * creating /dev/kvm-NAME.
 * An instance whose ops->exclusive is set is registered only while no
 * other instance is, and keeps every other one out while it is.
 *
 * Return: the instance, or an ERR_PTR(): -ENOENT (no quota entry),
 * -EEXIST (already registered), -EINVAL (bad name or arguments), -ENOSPC
 * (range does not fit), -EBUSY (exclusive instance), -ENOMEM, -ENODEV
 * (vac.ko not initialised).
 */
struct vac_instance *vac_register_instance(const char *name,
					   const struct vac_instance_ops *ops)
{
	struct vac_extack ea = { .msg = "", .space = -1 };
	struct vac_instance_id id = {};
	struct vac_instance *inst;
	struct vac_entry *entry;
	u32 first, last;

	if (!name || !ops) {
		pr_err("register: instance name and ops are required\n");
		return ERR_PTR(-EINVAL);
	}
	if (!vac_broker)
		return ERR_PTR(-ENODEV);

	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return ERR_PTR(-ENOMEM);
	inst->events = alloc_percpu(struct vac_vector_events);
	if (!inst->events || !zalloc_cpumask_var(&inst->enabled, GFP_KERNEL)) {
		free_percpu(inst->events);
		kfree(inst);
		return ERR_PTR(-ENOMEM);
	}
	strscpy(inst->name, name, sizeof(inst->name));
	inst->ops = ops;

	/* Held until the instance is listed: the exclusivity check. */
	mutex_lock(&vac_instances_lock);
	if (!vac_may_join(name, ops)) {
		mutex_unlock(&vac_instances_lock);
		vac_instance_free(inst);
		return ERR_PTR(-EBUSY);
	}
	/* Which KVM build this is, for the admin (sysfs, /dev/vac). */
	if (ops->owner && ops->owner->version)
		strscpy(id.version, ops->owner->version, sizeof(id.version));
	if (ops->owner && ops->owner->srcversion)
		strscpy(id.srcversion, ops->owner->srcversion,
			sizeof(id.srcversion));
	entry = vac_instance_register(vac_broker, name, inst, &id, &ea);
	if (IS_ERR(entry)) {
		mutex_unlock(&vac_instances_lock);
		pr_err("cannot register KVM instance '%.*s': %s (%pe)\n",
		       VAC_NAME_LEN, name, ea.msg[0] ? ea.msg : "refused",
		       entry);
		vac_instance_free(inst);
		return ERR_CAST(entry);
	}
	inst->entry = entry;
	vac_instance_range(entry, VAC_SPACE_SVM_ASID, &first, &last);
	inst->svm_min_asid = first;
	inst->svm_max_asid = last;
	vac_instance_range(entry, VAC_SPACE_GA_VM_ID, &inst->ga_vm_id_first,
			   &inst->ga_vm_id_last);
	list_add_tail_rcu(&inst->node, &vac_instances);
	mutex_unlock(&vac_instances_lock);

	if (vac_hw.vendor == VAC_VENDOR_SVM)
		pr_info("instance %s registered, svm_asid %u-%u, ga_vm_id %u-%u%s%s\n",
			inst->name, first, last, inst->ga_vm_id_first,
			inst->ga_vm_id_last, id.version[0] ? ", version " : "",
			id.version);
	else
		pr_info("instance %s registered%s%s\n", inst->name,
			id.version[0] ? ", version " : "", id.version);
	return inst;
}
EXPORT_SYMBOL_NS_GPL(vac_register_instance, VAC);

/* @inst is leaving: flush SEV reclaim if nobody else could later. */
static void vac_sev_flush_before_leaving(struct vac_instance *inst)
{
	static const enum vac_space_id spaces[] = { VAC_SPACE_SEV_ASID,
						    VAC_SPACE_SEV_ES_ASID };
	struct vac_instance *other;
	unsigned int i;

	if (!inst->ops->sev_flush)
		return;
	mutex_lock(&vac_instances_lock);
	list_for_each_entry(other, &vac_instances, node) {
		if (other != inst && other->ops->sev_flush) {
			mutex_unlock(&vac_instances_lock);
			return;
		}
	}
	mutex_unlock(&vac_instances_lock);

	/*
	 * An instance that registers meanwhile can flush by itself: no
	 * lock needed across the flush.
	 */
	for (i = 0; i < ARRAY_SIZE(spaces); i++)
		vac_space_flush_reclaim(vac_broker, spaces[i], inst->entry);
}

/**
 * vac_unregister_instance() - undo vac_register_instance().
 * @inst: the instance, or an ERR_PTR/NULL (ignored).
 *
 * Stops every callback into the instance and waits until none still runs
 * (a grace period covers the perf NMI, posted-interrupt IRQ and
 * emergency paths; the hotplug callbacks are excluded by a mutex), so the
 * module may be unloaded as soon as this returns.  Anything the instance
 * still holds is taken back and logged: enable references on any CPU,
 * tags in any space (SEV tags go to deferred reclaim), its svm_asid range.
 * If it is the last instance that can flush SEV ASIDs, whatever waits in
 * deferred reclaim is flushed through it first (as KVM's
 * sev_hardware_unsetup() does), so that no later SEV user - another
 * instance, or stock kvm-amd after vac.ko is gone - inherits ASIDs the
 * firmware still wants flushed.
 *
 * Context: process context, may sleep.  Not from a CPU hotplug callback
 * and not with cpus_read_lock() held (it takes it).
 */
void vac_unregister_instance(struct vac_instance *inst)
{
	if (IS_ERR_OR_NULL(inst))
		return;

	vac_sev_flush_before_leaving(inst);

	/* No CPU hotplug from the drop until the instance is off the list. */
	cpus_read_lock();
	vac_virt_drop_instance(inst);
	mutex_lock(&vac_instances_lock);
	list_del_rcu(&inst->node);
	mutex_unlock(&vac_instances_lock);
	cpus_read_unlock();

	vac_hooks_forget(inst);
	synchronize_rcu();

	vac_instance_unregister(inst->entry);
	pr_info("instance %s unregistered\n", inst->name);

	vac_instance_free(inst);
}
EXPORT_SYMBOL_NS_GPL(vac_unregister_instance, VAC);

/**
 * vac_vm_add() - count a VM @inst is about to create, unless it drains.
 * @inst: the instance.
 *
 * Called by KVM_CREATE_VM before anything of the VM exists.  While an
 * administrator drains the instance (/dev/vac VAC_MSG_SET_INSTANCE,
 * `vacctl instance drain`) no new VM is created on it; the VMs it runs
 * go on.  The refusal is logged, rate-limited, with the caller.
 *
 * Context: process context.
 * Return: 0, or -EBUSY while @inst is draining.
 */
int vac_vm_add(struct vac_instance *inst)
{
	int ret = vac_instance_vm_add(inst->entry);

	if (ret)
		pr_info_ratelimited("instance %s is draining: KVM_CREATE_VM of %s[%d] refused\n",
				    inst->name, current->comm,
				    task_pid_nr(current));
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vac_vm_add, VAC);

/**
 * vac_vm_del() - uncount a VM of @inst: destroyed, or its creation failed
 * after vac_vm_add().
 * @inst: the instance.
 */
void vac_vm_del(struct vac_instance *inst)
{
	vac_instance_vm_del(inst->entry);
}
EXPORT_SYMBOL_NS_GPL(vac_vm_del, VAC);

/**
 * vac_vcpus_add() - count vCPUs of @inst created (@n > 0) or destroyed
 * (@n < 0), for /sys/kernel/vac/instances/NAME/vcpus and /dev/vac.
 * @inst: the instance.
 * @n: the change.
 */
void vac_vcpus_add(struct vac_instance *inst, int n)
{
	vac_instance_vcpus_add(inst->entry, n);
}
EXPORT_SYMBOL_NS_GPL(vac_vcpus_add, VAC);

/**
 * vac_virt_get_cpu() - take @inst's virtualization enable reference on
 *	the current CPU.
 * @inst: the instance.
 *
 * Replaces the body of KVM's svm_hardware_enable() / vmx_hardware_enable()
 * that touches the CPU: the first reference on a CPU sets EFER.SVME and
 * MSR_VM_HSAVE_PA (SVM) or CR4.VMXE and VMXON (VMX); later ones only
 * count.  Each instance holds at most one reference per CPU: calling
 * again while holding it is a no-op that returns 0 (like KVM's
 * cpus_hardware_enabled check).  On a CPU between VAC's hotplug
 * teardown and its next startup (an on_each_cpu() IPI racing with CPU
 * offline/online) it fails with -EBUSY and takes nothing; instances avoid
 * that window by enabling under cpus_read_lock(), as upstream KVM does
 * since 6.3.
 *
 * Context: on the CPU to enable, with preemption or IRQs disabled - e.g.
 * from an on_each_cpu() IPI or the instance's cpu_online() callback.
 * Return: 0; -EBUSY if another hypervisor set EFER.SVME / CR4.VMXE, the
 * host is rebooting, or the CPU is in a hotplug transition; -EOPNOTSUPP
 * without SVM/VMX; -EFAULT if VMXON faulted.
 */
int vac_virt_get_cpu(struct vac_instance *inst)
{
	return vac_virt_get(inst);
}
EXPORT_SYMBOL_NS_GPL(vac_virt_get_cpu, VAC);

/**
 * vac_virt_put_cpu() - drop @inst's enable reference on the current CPU.
 * @inst: the instance.
 *
 * The last reference on a CPU disables virtualization there (GIF=1,
 * MSR_VM_HSAVE_PA=0, EFER.SVME clear; or VMXOFF, CR4.VMXE clear).  A put
 * without a reference - after a reboot or a CPU offline reset, or twice -
 * does nothing, so the count never underflows.  VMX instances VMCLEAR
 * the VMCSs they loaded on this CPU before calling this.
 *
 * Context: as vac_virt_get_cpu().
 */
void vac_virt_put_cpu(struct vac_instance *inst)
{
	vac_virt_put(inst);
}
EXPORT_SYMBOL_NS_GPL(vac_virt_put_cpu, VAC);

/**
 * vac_virt_rebooting() - the host is rebooting: virtualization is off.
 *
 * Set by VAC's reboot notifier before it calls the instances' reboot()
 * callbacks; KVM instances use it where they read kvm_rebooting to
 * excuse faults of virtualization instructions.
 *
 * Context: any.
 * Return: true once the reboot notifier ran.
 */
bool vac_virt_rebooting(void)
{
	return vac_virt_is_rebooting();
}
EXPORT_SYMBOL_NS_GPL(vac_virt_rebooting, VAC);

/**
 * vac_svm_hsave_pa() - physical address of @cpu's SVM host save area.
 * @cpu: a possible CPU.
 *
 * The page VAC owns and writes to MSR_VM_HSAVE_PA on @cpu while
 * virtualization is enabled there (SME C-bit included, as KVM's
 * __sme_page_pa()).  KVM uses it where it used sd->save_area_pa: the
 * VMSAVE of host state before VMRUN, and the SEV-ES host save area at
 * offset 0x400 (page_address(pfn_to_page(pa >> PAGE_SHIFT)) after
 * masking the C-bit with __sme_clr()).  Constant while vac.ko is loaded.
 *
 * Context: any.
 * Return: the address, or 0 if VAC does not drive SVM.
 */
u64 vac_svm_hsave_pa(unsigned int cpu)
{
	return vac_svm_hsave_page_pa(cpu);
}
EXPORT_SYMBOL_NS_GPL(vac_svm_hsave_pa, VAC);

/* Log once per instance and space that its quota ran out. */
static void vac_log_exhausted(struct vac_instance *inst,
			      enum vac_space_id space, int err,
			      const char *effect)
{
	if (test_and_set_bit(space, &inst->exhausted_logged))
		return;
	pr_warn("instance %s: no %s left (%s): %s\n", inst->name,
		vac_space_name(space),
		err == -EDQUOT ? "quota reached" : "space full", effect);
}

/**
 * vac_vpid_alloc() - allocate a VPID for a vCPU of @inst.
 * @inst: the instance.
 *
 * Replaces KVM's allocate_vpid().  The VPID is charged to @inst's vpid
 * quota and unique host-wide.  It may have been used before, by any
 * instance, and TLB entries tagged with it may survive on any CPU; VAC
 * does not flush it here.  Like stock KVM, an instance must flush a
 * vCPU's VPIDs on each CPU before its first VM entry there, which KVM
 * 6.1 does: every VPID it allocates goes into a VMCS never loaded on
 * any CPU (vmcs01 at vCPU creation, vmcs02 at nested VMXON), and the
 * first load of a VMCS on a CPU requests KVM_REQ_TLB_FLUSH
 * (vmx_vcpu_load_vmcs()).  A broadcast INVVPID here would only add an
 * IPI to every CPU per reuse, which a guest looping VMXON/VMXOFF could
 * trigger at will.  See docs/tag-handover.md.
 *
 * When the quota or the space is exhausted, 0 is returned - KVM then runs
 * the vCPU without a VPID, flushing on every VM entry and exit, exactly
 * as stock KVM does when its bitmap is full.  VAC logs this once per
 * instance, and the broker counts it and sends VAC_MSG_NOTIFY_QUOTA_EXHAUSTED.
 *
 * Context: process context.
 * Return: a VPID in 1..65535, or 0.
 */
int vac_vpid_alloc(struct vac_instance *inst)
{
	u32 vpid;
	int ret;

	if (!vac_hw.geo[VAC_SPACE_VPID].count)
		return 0;
	/* (Whether it was used before does not matter: see above.) */
	ret = vac_tag_alloc(inst->entry, VAC_SPACE_VPID, &vpid, NULL);
	if (ret) {
		vac_log_exhausted(inst, VAC_SPACE_VPID, ret,
				  "vCPUs run without a VPID");
		return 0;
	}
	return vpid;
}
EXPORT_SYMBOL_NS_GPL(vac_vpid_alloc, VAC);

/**
 * vac_vpid_free() - give back a VPID from vac_vpid_alloc().
 * @inst: the instance that allocated it.
 * @vpid: the VPID; 0 is ignored (as KVM's free_vpid()).
 *
 * Freeing a VPID @inst does not hold is refused with a message.
 *
 * Context: process context (as KVM's vmx_vcpu_free()); does not sleep.
 * Not from interrupts: the space lock is a plain spin_lock().
 */
void vac_vpid_free(struct vac_instance *inst, int vpid)
{
	if (vpid <= 0 || !vac_hw.geo[VAC_SPACE_VPID].count)
		return;
	vac_tag_free(inst->entry, VAC_SPACE_VPID, vpid);
}
EXPORT_SYMBOL_NS_GPL(vac_vpid_free, VAC);

/**
 * vac_svm_asid_range() - the ASIDs @inst may use for non-SEV guests.
 * @inst: the instance.
 * @min_asid: set to the first ASID of the range.
 * @max_asid: set to the last ASID of the range.
 *
 * The range was carved when @inst registered and is fixed for its life;
 * no other live instance's range overlaps it.  KVM uses it for the
 * per-CPU generation allocator in svm_hardware_enable() (sd->min_asid =
 * *@min_asid, sd->max_asid = *@max_asid, sd->next_asid = max + 1, so the
 * first VMRUN on each CPU takes a new generation with
 * TLB_CONTROL_FLUSH_ALL_ASID).  Both are 0 when the instance has no
 * svm_asid quota: it must then refuse non-SEV guests.
 *
 * Context: any.
 */
void vac_svm_asid_range(struct vac_instance *inst, unsigned int *min_asid,
			unsigned int *max_asid)
{
	*min_asid = inst->svm_min_asid;
	*max_asid = inst->svm_max_asid;
}
EXPORT_SYMBOL_NS_GPL(vac_svm_asid_range, VAC);

/**
 * vac_ga_vm_id_range() - the AVIC VM IDs @inst may give its VMs.
 * @inst: the instance.
 * @first: set to the first VM ID of the range.
 * @last: set to the last VM ID of the range.
 *
 * The range was carved when @inst registered (its ga_vm_id quota) and is
 * fixed for its life; no other live instance's range overlaps it, so the
 * GA tags the AMD IOMMU logs for @inst's VMs name @inst alone, and VAC's
 * one GA-log notifier hands them to @inst's ops->ga_log().  Both are 0
 * when the instance has no ga_vm_id quota: its VMs must then not let the
 * IOMMU post interrupts (a GA-log entry for them could reach nobody).
 *
 * Context: any.
 */
void vac_ga_vm_id_range(struct vac_instance *inst, u32 *first, u32 *last)
{
	*first = inst->ga_vm_id_first;
	*last = inst->ga_vm_id_last;
}
EXPORT_SYMBOL_NS_GPL(vac_ga_vm_id_range, VAC);

/**
 * vac_sev_asid_alloc() - allocate an SEV or SEV-ES ASID for @inst.
 * @inst: the instance.
 * @es: true for SEV-ES (ASIDs 1..min_sev_asid-1), false for SEV
 *	(min_sev_asid..max_sev_asid).
 *
 * Replaces the bitmap part of KVM's sev_asid_new() (the misc cgroup
 * charge stays in KVM).  The ASID is charged to @inst's quota and unique
 * host-wide.  Freed ASIDs are reused only after a flush: when no ASID is
 * free but some wait in reclaim, VAC calls an instance's sev_flush()
 * (WBINVD on every CPU, then SEV DF_FLUSH) once, as
 * __sev_recycle_asids() does, holding the deactivate lock for writing.
 *
 * Context: process context, may sleep.
 * Return: the ASID (> 0); -EDQUOT when @inst's quota is used up (the
 * broker counts it and notifies), -EBUSY when the space is full,
 * -ENODEV when the CPU has no such ASIDs.
 */
int vac_sev_asid_alloc(struct vac_instance *inst, bool es)
{
	enum vac_space_id space = es ? VAC_SPACE_SEV_ES_ASID :
				       VAC_SPACE_SEV_ASID;
	u32 asid;
	int ret;

	ret = vac_tag_alloc(inst->entry, space, &asid, NULL);
	if (ret) {
		if (ret == -EDQUOT || ret == -EBUSY)
			vac_log_exhausted(inst, space, ret,
					  "new SEV guests are refused");
		return ret;
	}
	return asid;
}
EXPORT_SYMBOL_NS_GPL(vac_sev_asid_alloc, VAC);

/**
 * vac_sev_asid_free() - give back an SEV or SEV-ES ASID.
 * @inst: the instance that allocated it.
 * @asid: the ASID; which space it belongs to follows from its value.
 *
 * The ASID goes to deferred reclaim: it is handed out again only after
 * the next WBINVD + DF_FLUSH.  The instance clears its own sev_vmcbs[]
 * entries for @asid on every CPU (as sev_asid_free() does) so that its
 * next use of the ASID forces TLB_CONTROL_FLUSH_ASID.
 *
 * Context: process context (as KVM's sev_vm_destroy()); does not sleep.
 * Not from interrupts: the space lock is a plain spin_lock().
 */
void vac_sev_asid_free(struct vac_instance *inst, unsigned int asid)
{
	const struct vac_space_geometry *sev = &vac_hw.geo[VAC_SPACE_SEV_ASID];
	enum vac_space_id space;

	space = sev->count && asid >= sev->first ? VAC_SPACE_SEV_ASID :
						   VAC_SPACE_SEV_ES_ASID;
	vac_tag_free(inst->entry, space, asid);
}
EXPORT_SYMBOL_NS_GPL(vac_sev_asid_free, VAC);

/**
 * vac_sev_deactivate_lock() - hold off SEV ASID flushes.
 *
 * SEV DEACTIVATE clears the firmware's WBINVD indicator and makes a
 * concurrent DF_FLUSH fail, so KVM's sev_unbind_asid() takes
 * sev_deactivate_lock for reading around it while ASID recycling takes it
 * for writing.  The flush is host-wide, so the lock must be too:
 * instances call this instead of down_read(&sev_deactivate_lock).
 *
 * Context: process context, may sleep.
 */
void vac_sev_deactivate_lock(void)
{
	down_read(&vac_sev_deactivate_rwsem);
}
EXPORT_SYMBOL_NS_GPL(vac_sev_deactivate_lock, VAC);

/**
 * vac_sev_deactivate_unlock() - counterpart of vac_sev_deactivate_lock().
 */
void vac_sev_deactivate_unlock(void)
{
	up_read(&vac_sev_deactivate_rwsem);
}
EXPORT_SYMBOL_NS_GPL(vac_sev_deactivate_unlock, VAC);

/* An instance that can flush: @entry's own, else any live one. */
static int vac_sev_flush(struct vac_instance *self)
{
	struct vac_instance *inst;
	int ret = -EOPNOTSUPP;

	if (self && self->ops->sev_flush)
		return self->ops->sev_flush();

	/* WBINVD + DF_FLUSH is host-wide: any instance's code will do. */
	mutex_lock(&vac_instances_lock);
	list_for_each_entry(inst, &vac_instances, node) {
		if (inst->ops->sev_flush) {
			ret = inst->ops->sev_flush();
			break;
		}
	}
	mutex_unlock(&vac_instances_lock);
	return ret;
}

/**
 * vac_broker_flush() - the broker's ops->flush: make reclaimed ASIDs safe.
 * @b: the broker.
 * @space: VAC_SPACE_SEV_ASID or VAC_SPACE_SEV_ES_ASID.
 * @entry: the instance whose allocation needs the flush.
 *
 * Runs the instance's sev_flush() (WBINVD on all CPUs + DF_FLUSH) with
 * the host-wide deactivate lock held for writing.
 *
 * Context: process context, no core lock held, may sleep.
 * Return: 0 if every ASID that was in reclaim may be reused.
 */
int vac_broker_flush(struct vac_broker *b, enum vac_space_id space,
		     struct vac_entry *entry)
{
	struct vac_instance *self = entry ? vac_instance_priv(entry) : NULL;
	int ret;

	if (space != VAC_SPACE_SEV_ASID && space != VAC_SPACE_SEV_ES_ASID)
		return 0;

	down_write(&vac_sev_deactivate_rwsem);
	ret = vac_sev_flush(self);
	up_write(&vac_sev_deactivate_rwsem);
	/* Each SEV guest launch that needs a flush gets here: rate-limited. */
	if (ret == -EOPNOTSUPP)
		pr_err_ratelimited("no instance provides sev_flush(): freed %s ASIDs cannot be reused\n",
				   vac_space_name(space));
	return ret;
}

/**
 * vac_vcpu_load() - a vCPU of @inst is now loaded on this CPU.
 * @inst: the instance.
 *
 * Routes the perf guest callbacks (PMIs) taken on this CPU to @inst's
 * perf_state() / perf_get_ip() / perf_handle_intel_pt_intr() until
 * vac_vcpu_put().  KVM calls it where it sets kvm_running_vcpu (vcpu_load
 * and the preempt notifier's sched_in).
 *
 * Context: preemption disabled, on the CPU the vCPU is loaded on.
 */
void vac_vcpu_load(struct vac_instance *inst)
{
	vac_hooks_vcpu_load(inst);
}
EXPORT_SYMBOL_NS_GPL(vac_vcpu_load, VAC);

/**
 * vac_vcpu_put() - @inst's vCPU is no longer loaded on this CPU.
 * @inst: the instance.
 *
 * KVM calls it where it clears kvm_running_vcpu (vcpu_put, sched_out).
 * Does nothing if another instance's vCPU was loaded since.
 *
 * Context: preemption disabled.
 */
void vac_vcpu_put(struct vac_instance *inst)
{
	vac_hooks_vcpu_put(inst);
}
EXPORT_SYMBOL_NS_GPL(vac_vcpu_put, VAC);

/**
 * vac_cpu_switched() - did another instance run a guest on this CPU?
 * @inst: the instance loading a vCPU on this CPU.
 *
 * KVM caches per-CPU hardware state it loaded - the current VMCS, the
 * VMCB last run (which decides the IBPB between guests), the TSC ratio
 * MSR - and skips reloading it.  Those caches hold only if no other
 * instance ran a guest on this CPU in between.  Call this from the
 * vendor vcpu_load, before trusting them; it records @inst as the last
 * instance to load a vCPU here.
 *
 * Context: preemption disabled, on the CPU the vCPU is loaded on.
 * Return: true if another instance loaded a vCPU on this CPU since @inst
 * last did, or @inst never did: forget the caches.
 */
bool vac_cpu_switched(struct vac_instance *inst)
{
	if (this_cpu_read(vac_cpu_last) == inst)
		return false;
	this_cpu_write(vac_cpu_last, inst);
	return true;
}
EXPORT_SYMBOL_NS_GPL(vac_cpu_switched, VAC);
