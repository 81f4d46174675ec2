// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU hardware virtualization enable, shared by every KVM instance.
 *
 * KVM 6.1 keeps kvm_usage_count and cpus_hardware_enabled per module and
 * enables/disables the CPU itself (hardware_enable_nolock ->
 * svm_hardware_enable / vmx_hardware_enable).  With several instances
 * that breaks: the second finds EFER.SVME set and fails, or one
 * instance's disable pulls virtualization from under another's guests.
 * VAC keeps one reference count per CPU: the first reference enables the
 * CPU (vac_svm.c / vac_vmx.c), the last one disables it.  Each instance
 * holds at most one reference per CPU (its bit in inst->enabled), so a
 * repeated get or a put without a get - KVM's hotplug and on_each_cpu
 * paths can race into both - never moves the count twice or below zero.
 *
 * Locking: a CPU's count and the instances' bits for that CPU change only
 * on that CPU with IRQs disabled; KVM calls in from on_each_cpu() IPIs,
 * the hotplug thread and process context, all serialised by that.  The
 * count is read elsewhere only for reports (sysfs) with READ_ONCE.  The
 * hotplug callbacks hold vac_instances_lock while they call instances, so
 * that none can be unregistered and freed under them; the reboot and
 * emergency paths walk vac_instances under RCU instead.
 *
 * Also owned here, once for all instances:
 *  - CPU hotplug: one dynamic state in the ONLINE section
 *    (CPUHP_AP_ONLINE_DYN) instead of KVM's fixed CPUHP_AP_KVM_STARTING.
 *    It runs before CPUHP_AP_ACTIVE on the way up and after it on the way
 *    down, so no vCPU task can be scheduled on the CPU outside of it.  On
 *    the way down VAC calls every instance's cpu_offline() and then
 *    leaves the CPU disabled with count 0 whatever the instances did.
 *  - user-return MSRs (vac_uret.c): host values read on a CPU's first
 *    reference, restored after its last, as KVM does on hardware enable
 *    and disable.
 *  - reboot: the notifier sets "rebooting", tells every instance
 *    (reboot()), then in one IPI per CPU lets every instance disable
 *    virtualization for itself (reboot_disable_cpu()) and resets what
 *    is left; later puts are no-ops, later gets fail.
 *  - emergency (crash, NMI shootdown): the kernel's one emergency virt
 *    callback; instances VMCLEAR through emergency_disable().
 *  - suspend/resume (syscore, boot CPU only): through every instance's
 *    suspend() / resume(), then VAC for what is left.
 *  - refusing Debian's stock kvm modules while VAC is loaded, and
 *    dropping the mitigation claims of modules that go away (the module
 *    notifier is registered first of all, see vac_virt_watch_modules()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/syscore_ops.h>
#include <linux/sysfs.h>
#include <linux/topology.h>
#include <asm/reboot.h>

#include "vac_internal.h"
#include "vac_hw.h"

/**
 * struct vac_cpu - VAC's state of one CPU.
 * @count: enable references held by instances; virtualization is on iff
 *	@count > 0.
 * @dying: the CPU is past VAC's hotplug teardown (or, coming back, before
 *	its startup): no reference is taken until it is online again.
 */
struct vac_cpu {
	unsigned int count;
	bool dying;
};

static DEFINE_PER_CPU(struct vac_cpu, vac_cpu);
static bool vac_rebooting;
static int vac_cpuhp_state = -1;

static int vac_hw_enable(void)
{
	switch (vac_hw.vendor) {
	case VAC_VENDOR_SVM:
		return vac_svm_enable_cpu();
	case VAC_VENDOR_VMX:
		return vac_vmx_enable_cpu();
	default:
		return -EOPNOTSUPP;
	}
}

static void vac_hw_disable(void)
{
	switch (vac_hw.vendor) {
	case VAC_VENDOR_SVM:
		vac_svm_disable_cpu();
		break;
	case VAC_VENDOR_VMX:
		vac_vmx_disable_cpu();
		break;
	default:
		break;
	}
}

/*
 * The first reference on a CPU: read the host's user-return MSR values,
 * then enable, as kvm_arch_hardware_enable() does.  IRQs off.
 */
static int vac_cpu_enable(void)
{
	vac_uret_cpu_enable();
	return vac_hw_enable();
}

/*
 * No reference left: disable, then put the host's user-return MSR values
 * back, as kvm_arch_hardware_disable() does.  IRQs off.
 */
static void vac_cpu_disable(void)
{
	vac_hw_disable();
	vac_uret_cpu_disable();
}

unsigned int vac_virt_count(unsigned int cpu)
{
	return READ_ONCE(per_cpu(vac_cpu, cpu).count);
}

bool vac_virt_is_rebooting(void)
{
	return READ_ONCE(vac_rebooting);
}

/*
 * The SVM host save areas and the VMX VMXON regions: one zeroed page per
 * possible CPU, on that CPU's node, for as long as vac.ko is loaded.  All
 * or nothing.
 */
int vac_percpu_pages_alloc(struct page *__percpu *pages)
{
	struct page *page;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		page = alloc_pages_node(cpu_to_node(cpu),
					GFP_KERNEL | __GFP_ZERO, 0);
		if (!page) {
			vac_percpu_pages_free(pages);
			return -ENOMEM;
		}
		*per_cpu_ptr(pages, cpu) = page;
	}
	return 0;
}

void vac_percpu_pages_free(struct page *__percpu *pages)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		if (*per_cpu_ptr(pages, cpu))
			__free_page(*per_cpu_ptr(pages, cpu));
		*per_cpu_ptr(pages, cpu) = NULL;
	}
}

/* Take @inst's reference on this CPU.  See vac_virt_get_cpu(). */
int vac_virt_get(struct vac_instance *inst)
{
	struct vac_cpu *vc;
	unsigned long flags;
	unsigned int cpu;
	int ret = 0;

	if (vac_hw.vendor == VAC_VENDOR_NONE)
		return -EOPNOTSUPP;

	local_irq_save(flags);
	cpu = smp_processor_id();
	vc = this_cpu_ptr(&vac_cpu);
	if (READ_ONCE(vac_rebooting)) {
		ret = -EBUSY;
	} else if (cpumask_test_cpu(cpu, inst->enabled)) {
		/* Already held: KVM's IPIs and hotplug calls may overlap. */
	} else if (vc->dying) {
		/*
		 * An on_each_cpu() IPI reached the CPU after VAC's hotplug
		 * teardown (or before its startup on the way back up).  A
		 * reference taken now would outlive the CPU, and pretending
		 * to take one would leave the instance believing the CPU
		 * enabled when it comes back: fail, so that the instance
		 * rolls back (KVM's hardware_enable_all() does).
		 */
		ret = -EBUSY;
	} else {
		if (!vc->count)
			ret = vac_cpu_enable();
		if (!ret) {
			WRITE_ONCE(vc->count, vc->count + 1);
			cpumask_set_cpu(cpu, inst->enabled);
		}
	}
	local_irq_restore(flags);
	return ret;
}

/* Drop @inst's reference on this CPU, if it has one. */
void vac_virt_put(struct vac_instance *inst)
{
	struct vac_cpu *vc;
	unsigned long flags;
	unsigned int cpu;

	local_irq_save(flags);
	cpu = smp_processor_id();
	vc = this_cpu_ptr(&vac_cpu);
	/* After a reboot or a forced reset the bit is already gone. */
	if (cpumask_test_and_clear_cpu(cpu, inst->enabled) && vc->count) {
		WRITE_ONCE(vc->count, vc->count - 1);
		if (!vc->count)
			vac_cpu_disable();
	}
	local_irq_restore(flags);
}

/*
 * Disable virtualization on this CPU whatever the instances hold, and
 * forget their references here.  IRQs off.  Returns the count dropped.
 */
static unsigned int vac_virt_reset_this_cpu(void)
{
	struct vac_cpu *vc = this_cpu_ptr(&vac_cpu);
	unsigned int cpu = smp_processor_id(), count = vc->count;
	struct vac_instance *inst;

	rcu_read_lock();
	list_for_each_entry_rcu(inst, &vac_instances, node)
		cpumask_clear_cpu(cpu, inst->enabled);
	rcu_read_unlock();

	if (count) {
		WRITE_ONCE(vc->count, 0);
		vac_cpu_disable();
	}
	return count;
}

static void vac_virt_reset_ipi(void *unused)
{
	vac_virt_reset_this_cpu();
}

static void vac_virt_drop_ipi(void *arg)
{
	struct vac_instance *inst = arg;

	vac_virt_put(inst);
}

/*
 * Drop every reference @inst still holds (an instance that unregisters
 * with virtualization enabled somewhere).  Process context; the caller
 * holds cpus_read_lock() and keeps @inst on vac_instances until this
 * returns, so that no CPU can go down (and be reset without clearing
 * @inst's bit) or come up (and be enabled by another instance) between
 * the two: a stale bit would later drop another instance's reference.
 */
void vac_virt_drop_instance(struct vac_instance *inst)
{
	if (cpumask_empty(inst->enabled))
		return;
	pr_warn("instance %s unregistered holding virtualization on CPU(s) %*pbl: dropped\n",
		inst->name, cpumask_pr_args(inst->enabled));
	on_each_cpu(vac_virt_drop_ipi, inst, 1);
}

/* --- CPU hotplug ---------------------------------------------------------- */

/* Every instance's cpu_online() or cpu_offline(); vac_instances_lock held. */
static void vac_cpu_call_instances(unsigned int cpu, bool online)
{
	struct vac_instance *inst;
	int (*fn)(unsigned int cpu);
	int ret;

	list_for_each_entry(inst, &vac_instances, node) {
		fn = online ? inst->ops->cpu_online : inst->ops->cpu_offline;
		if (!fn)
			continue;
		ret = fn(cpu);
		if (ret)
			pr_err("instance %s failed to %s CPU%u %s: %d\n",
			       inst->name, online ? "bring" : "take", cpu,
			       online ? "online" : "offline", ret);
	}
}

/* The dying flag changes before any instance callback runs. */
static void vac_cpu_set_dying(unsigned int cpu, bool dying)
{
	local_irq_disable();
	per_cpu_ptr(&vac_cpu, cpu)->dying = dying;
	local_irq_enable();
}

static int vac_cpu_online(unsigned int cpu)
{
	vac_cpu_set_dying(cpu, false);
	mutex_lock(&vac_instances_lock);
	vac_cpu_call_instances(cpu, true);
	mutex_unlock(&vac_instances_lock);
	return 0;
}

static int vac_cpu_offline(unsigned int cpu)
{
	struct vac_instance *inst;
	unsigned int left;

	vac_cpu_set_dying(cpu, true);
	mutex_lock(&vac_instances_lock);
	vac_cpu_call_instances(cpu, false);
	list_for_each_entry(inst, &vac_instances, node)
		if (cpumask_test_cpu(cpu, inst->enabled))
			pr_warn("instance %s still holds virtualization on CPU%u going offline: VAC disables it\n",
				inst->name, cpu);

	local_irq_disable();
	left = vac_virt_reset_this_cpu();
	local_irq_enable();
	mutex_unlock(&vac_instances_lock);

	if (left)
		pr_info("CPU%u offline: dropped %u enable reference(s)\n",
			cpu, left);
	return 0;
}

/* --- reboot, emergency, suspend ----------------------------------------- */

/*
 * One IPI per CPU, as stock kvm_reboot() sends: every instance disables
 * virtualization for itself (VMCLEAR of its VMCSs, its reference), then
 * VAC turns off whatever is left.  With IRQs off throughout, no vCPU task
 * interrupted on this CPU resumes between an instance's VMCLEAR and the
 * VMXOFF: it finds VMX off, and its next VMREAD faults, which the
 * instance takes for the reboot, instead of failing on a cleared VMCS,
 * which KVM warns about.
 */
static void vac_reboot_cpu(void *unused)
{
	struct vac_instance *inst;

	rcu_read_lock();
	list_for_each_entry_rcu(inst, &vac_instances, node)
		if (inst->ops->reboot_disable_cpu)
			inst->ops->reboot_disable_cpu();
	rcu_read_unlock();

	vac_virt_reset_this_cpu();
}

/*
 * Every instance learns of the reboot first (KVM: kvm_rebooting), so
 * that the faults of its vCPU tasks once virtualization is off are
 * expected; then every CPU leaves it.  From now on no reference can be
 * taken.
 */
static int vac_reboot(struct notifier_block *nb, unsigned long val, void *v)
{
	struct vac_instance *inst;

	/* Some BIOSes hang on reboot in VMX root mode; TXT wants VMX off. */
	pr_info("exiting hardware virtualization\n");
	WRITE_ONCE(vac_rebooting, true);

	mutex_lock(&vac_instances_lock);
	list_for_each_entry(inst, &vac_instances, node)
		if (inst->ops->reboot)
			inst->ops->reboot();
	on_each_cpu(vac_reboot_cpu, NULL, 1);
	mutex_unlock(&vac_instances_lock);
	return NOTIFY_OK;
}

static struct notifier_block vac_reboot_nb = {
	.notifier_call = vac_reboot,
	.priority = 0,
};

/*
 * Crash kexec / emergency reboot, NMI context, maybe on a CPU that was
 * in the middle of anything: no locks, no counts, just leave VMX
 * operation after the instances VMCLEARed what they loaded here.  The
 * kernel calls cpu_emergency_svm_disable() right after this callback.
 */
static void vac_emergency_disable(void)
{
	struct vac_instance *inst;

	list_for_each_entry_rcu(inst, &vac_instances, node)
		if (inst->ops->emergency_disable)
			inst->ops->emergency_disable();

	if (vac_hw.vendor == VAC_VENDOR_VMX)
		vac_vmx_emergency_disable_cpu();
}

/*
 * Syscore: the last CPU standing, IRQs off, tasks frozen; the other CPUs
 * went through VAC's hotplug teardown (every instance's cpu_offline()).
 * Each instance disables virtualization for itself here, as its own
 * kvm_suspend() would: VMCLEAR of the VMCSs it loaded, per-CPU caches
 * forgotten, its reference dropped.  References of instances without a
 * suspend() stay counted: VAC turns the hardware off under them and back
 * on at resume, before the instances take their own back.
 */
static int vac_suspend(void)
{
	struct vac_instance *inst;
	int ret;

	rcu_read_lock();
	list_for_each_entry_rcu(inst, &vac_instances, node) {
		if (!inst->ops->suspend)
			continue;
		ret = inst->ops->suspend();
		if (ret)
			pr_err("instance %s failed to suspend: %d\n",
			       inst->name, ret);
	}
	rcu_read_unlock();

	if (this_cpu_read(vac_cpu.count))
		vac_cpu_disable();
	return 0;
}

static void vac_resume(void)
{
	struct vac_instance *inst;

	if (this_cpu_read(vac_cpu.count) && vac_cpu_enable())
		pr_err("CPU%u: cannot re-enable virtualization on resume\n",
		       smp_processor_id());

	rcu_read_lock();
	list_for_each_entry_rcu(inst, &vac_instances, node)
		if (inst->ops->resume)
			inst->ops->resume();
	rcu_read_unlock();
}

static struct syscore_ops vac_syscore_ops = {
	.suspend = vac_suspend,
	.resume = vac_resume,
};

/* --- no stock KVM while VAC is loaded ----------------------------------- */

static const char * const vac_stock_modules[] = { "kvm", "kvm_amd",
						  "kvm_intel" };

/*
 * Debian's kvm-amd would find EFER.SVME set and fail its VM creation;
 * kvm-intel would WARN registering a second emergency callback; both
 * would WARN registering a second set of perf guest callbacks.  Refuse
 * them at load instead, with a message saying why.
 */
static int vac_module_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct module *mod = data;
	unsigned int i;

	if (action == MODULE_STATE_GOING) {
		/* Also after a failed init: claims made while loading. */
		vac_mitigations_forget(mod);
		return NOTIFY_DONE;
	}
	if (action != MODULE_STATE_COMING)
		return NOTIFY_DONE;
	for (i = 0; i < ARRAY_SIZE(vac_stock_modules); i++) {
		if (strcmp(mod->name, vac_stock_modules[i]))
			continue;
		pr_err("refusing to load the stock %s module while vac is loaded: use KVM instance modules (kvm-amd-NAME / kvm-intel-NAME), or unload vac first\n",
		       mod->name);
		return notifier_from_errno(-EBUSY);
	}
	return NOTIFY_DONE;
}

static struct notifier_block vac_module_nb = {
	.notifier_call = vac_module_notify,
};

/**
 * vac_virt_watch_modules() - start refusing the stock KVM modules.
 *
 * The first thing vac.ko does, before vac_probe() looks for a stock kvm
 * already loaded: a stock module that loads after that look is then
 * refused by the notifier, so there is no moment at which one could slip
 * in between.  (A stock kvm.ko whose own module init is running during
 * the look is invisible to it and past the notifier; kvm.ko's init
 * touches nothing, and kvm-amd / kvm-intel, which do, can only load
 * after it is live: the notifier refuses them.)
 *
 * Return: 0 or the error of register_module_notifier().
 */
int vac_virt_watch_modules(void)
{
	return register_module_notifier(&vac_module_nb);
}

/**
 * vac_virt_unwatch_modules() - undo vac_virt_watch_modules(), last.
 */
void vac_virt_unwatch_modules(void)
{
	unregister_module_notifier(&vac_module_nb);
}

/* --- init / exit ---------------------------------------------------------- */

static void vac_vendor_exit(void)
{
	if (vac_hw.vendor == VAC_VENDOR_SVM)
		vac_svm_exit();
	else if (vac_hw.vendor == VAC_VENDOR_VMX)
		vac_vmx_exit();
}

int vac_virt_init(void)
{
	int ret = 0;

	if (vac_hw.vendor == VAC_VENDOR_SVM)
		ret = vac_svm_init();
	else if (vac_hw.vendor == VAC_VENDOR_VMX)
		ret = vac_vmx_init();
	if (ret)
		return ret;

	/* No instance yet: nothing to call on the CPUs already online. */
	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "x86/vac:online",
					vac_cpu_online, vac_cpu_offline);
	if (ret < 0)
		goto out_vendor;
	vac_cpuhp_state = ret;

	ret = register_reboot_notifier(&vac_reboot_nb);
	if (ret)
		goto out_cpuhp;
	register_syscore_ops(&vac_syscore_ops);
	cpu_emergency_register_virt_callback(vac_emergency_disable);

	ret = vac_hooks_init();
	if (ret)
		goto out_emergency;
	return 0;

out_emergency:
	cpu_emergency_unregister_virt_callback(vac_emergency_disable);
	unregister_syscore_ops(&vac_syscore_ops);
	unregister_reboot_notifier(&vac_reboot_nb);
out_cpuhp:
	cpuhp_remove_state_nocalls(vac_cpuhp_state);
	vac_cpuhp_state = -1;
out_vendor:
	vac_vendor_exit();
	return ret;
}

/* Every instance is gone (they hold references on vac.ko). */
void vac_virt_exit(void)
{
	vac_hooks_exit();
	cpu_emergency_unregister_virt_callback(vac_emergency_disable);
	unregister_syscore_ops(&vac_syscore_ops);
	unregister_reboot_notifier(&vac_reboot_nb);
	cpuhp_remove_state_nocalls(vac_cpuhp_state);
	vac_cpuhp_state = -1;
	/* Counts are 0 (no instance); make sure of the hardware anyway. */
	on_each_cpu(vac_virt_reset_ipi, NULL, 1);
	vac_vendor_exit();
	vac_mitigations_exit();
}

/* --- /sys/kernel/vac/cpus/cpuN/enable_count ------------------------------- */

struct vac_cpu_kobj {
	struct kobject kobj;
	unsigned int cpu;
};

static struct kobject *vac_cpus_kobj;
static struct vac_cpu_kobj **vac_cpu_kobjs;

static ssize_t enable_count_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	struct vac_cpu_kobj *ck = container_of(kobj, struct vac_cpu_kobj,
					       kobj);

	return sysfs_emit(buf, "%u\n", vac_virt_count(ck->cpu));
}

static struct kobj_attribute vac_enable_count_attr = __ATTR_RO(enable_count);

static struct attribute *vac_cpu_attrs[] = {
	&vac_enable_count_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vac_cpu);

static void vac_cpu_kobj_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct vac_cpu_kobj, kobj));
}

static struct kobj_type vac_cpu_ktype = {
	.release = vac_cpu_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = vac_cpu_groups,
};

void vac_virt_sysfs_exit(void)
{
	unsigned int cpu;

	if (vac_cpu_kobjs) {
		for_each_possible_cpu(cpu)
			if (vac_cpu_kobjs[cpu])
				kobject_put(&vac_cpu_kobjs[cpu]->kobj);
		kfree(vac_cpu_kobjs);
		vac_cpu_kobjs = NULL;
	}
	kobject_put(vac_cpus_kobj);
	vac_cpus_kobj = NULL;
}

/**
 * vac_virt_sysfs_init() - create cpus/cpuN/enable_count under @parent.
 * @parent: /sys/kernel/vac.
 *
 * One directory per possible CPU, so that the count of an offline CPU
 * (always 0) stays readable.
 *
 * Return: 0 or a negative errno (nothing left behind).
 */
int vac_virt_sysfs_init(struct kobject *parent)
{
	struct vac_cpu_kobj *ck;
	unsigned int cpu;
	int ret;

	vac_cpus_kobj = kobject_create_and_add("cpus", parent);
	if (!vac_cpus_kobj)
		return -ENOMEM;
	vac_cpu_kobjs = kcalloc(nr_cpu_ids, sizeof(*vac_cpu_kobjs),
				GFP_KERNEL);
	if (!vac_cpu_kobjs) {
		ret = -ENOMEM;
		goto err;
	}

	for_each_possible_cpu(cpu) {
		ck = kzalloc(sizeof(*ck), GFP_KERNEL);
		if (!ck) {
			ret = -ENOMEM;
			goto err;
		}
		ck->cpu = cpu;
		ret = kobject_init_and_add(&ck->kobj, &vac_cpu_ktype,
					   vac_cpus_kobj, "cpu%u", cpu);
		if (ret) {
			kobject_put(&ck->kobj);
			goto err;
		}
		vac_cpu_kobjs[cpu] = ck;
	}
	return 0;

err:
	vac_virt_sysfs_exit();
	return ret;
}
