// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's single-owner virtualization hooks, held once by VAC and
 * routed to instances.
 *
 * perf guest info callbacks: perf_register_guest_info_callbacks() takes
 * one set (a second registration WARNs and is ignored).  KVM 6.1
 * registers its own from kvm_arch_hardware_setup() and answers from
 * kvm_get_running_vcpu().  VAC registers one set at load; its callbacks
 * look up the instance whose vCPU is loaded on this CPU - a per-CPU
 * pointer that instances set with vac_vcpu_load() and clear with
 * vac_vcpu_put(), where KVM sets and clears kvm_running_vcpu - and
 * forward to it.  The callbacks run in NMI or IRQ context on the CPU that
 * took the PMI, so the pointer is read with this_cpu_read() and set only
 * by that CPU with preemption off (vac_hooks_forget() only clears it).
 * An instance's memory stays valid for these readers because
 * unregistering clears the pointers that name it and waits for a grace
 * period (NMI handlers are RCU readers).  vac_vcpu_load() and
 * vac_vcpu_put() run on every vCPU context switch, so what they do is one
 * per-CPU access each, inlined from vac_hw.h.
 *
 * Posted-interrupt wakeup: kvm_set_posted_intr_wakeup_handler() takes one
 * handler (kvm-intel's pi_wakeup_handler).  VAC installs one dispatcher
 * for as long as it is loaded; it calls every instance's pi_wakeup() from
 * an RCU list, since any instance may have a vCPU blocked on this CPU.
 * Unregistering removes the instance and waits for a grace period before
 * its module may go.
 *
 * Hyper-V TSC change: on Hyper-V, set_hv_tscchange_cb() takes one
 * callback, run from a work item after the host migrated the VM to a
 * host with another TSC frequency (KVM then updates every VM's clock).
 * A second KVM would replace the first one's callback, and unloading
 * either would clear it.  VAC holds it and calls every instance's
 * hv_tsc_changed(), under vac_instances_lock: the work item may sleep.
 *
 * Preempt notifiers: KVM turns the kernel's preempt_notifier_key on with
 * its first VM (preempt_notifier_inc()) and off with its last, and each
 * change patches the static branches in the scheduler's context switch
 * (text_poke_bp(): an int3 over the live code and IPIs to every CPU).
 * With instances that happens at each instance's first and last VM, on
 * a host where other guests run: a host-wide side effect of a VM coming
 * or going.  VAC holds one reference while loaded, so the key stays on
 * and VMs never patch kernel text.  The cost is what any host running a
 * VM pays: an empty-list check per context switch.  (Under QEMU TCG the
 * test VM wedged twice with a CPU at that branch in finish_task_switch(),
 * one of them in the int3 handler of such a patch: tests/vm/README.md,
 * "Hangs".)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kvm_types.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/perf_event.h>
#include <linux/rculist.h>
#include <asm/hypervisor.h>
#include <asm/irq.h>
#include <asm/mshyperv.h>

#include "vac_hw.h"

DEFINE_PER_CPU(struct vac_instance *, vac_running);

/*
 * The instance that last loaded a vCPU on each CPU.  Unlike vac_running it
 * survives vac_vcpu_put(): it answers vac_cpu_switched(), "did another
 * instance run a guest here since this one did?", so that an instance may
 * keep its per-CPU caches of hardware state when nobody else touched the
 * CPU.  Only compared, never dereferenced.
 */
DEFINE_PER_CPU(struct vac_instance *, vac_cpu_last);

static unsigned int vac_perf_state(void)
{
	struct vac_instance *inst = this_cpu_read(vac_running);

	if (!inst || !inst->ops->perf_state)
		return 0;
	return inst->ops->perf_state();
}

/*
 * perf asks for the guest's IP once per sample it took in the guest
 * (perf_instruction_pointer(), after state() said so): the sample is
 * this instance's, counted as its "pmi" event.
 */
static unsigned long vac_perf_get_ip(void)
{
	struct vac_instance *inst = this_cpu_read(vac_running);

	if (!inst || !inst->ops->perf_get_ip)
		return 0;
	this_cpu_inc(inst->events->n[VAC_VECTOR_PMI]);
	return inst->ops->perf_get_ip();
}

/* 0 = not the guest's: the host's Intel PT handler runs. */
static unsigned int vac_perf_handle_intel_pt_intr(void)
{
	struct vac_instance *inst = this_cpu_read(vac_running);

	if (!inst || !inst->ops->perf_handle_intel_pt_intr)
		return 0;
	return inst->ops->perf_handle_intel_pt_intr();
}

static struct perf_guest_info_callbacks vac_guest_cbs = {
	.state = vac_perf_state,
	.get_ip = vac_perf_get_ip,
	.handle_intel_pt_intr = vac_perf_handle_intel_pt_intr,
};

static void vac_pi_wakeup(void)
{
	struct vac_instance *inst;

	rcu_read_lock();
	list_for_each_entry_rcu(inst, &vac_instances, node) {
		if (inst->ops->pi_wakeup) {
			this_cpu_inc(inst->events->n[VAC_VECTOR_PI_WAKEUP]);
			inst->ops->pi_wakeup();
		}
	}
	rcu_read_unlock();
}

static void vac_hv_tsc_changed(void)
{
	struct vac_instance *inst;

	mutex_lock(&vac_instances_lock);
	list_for_each_entry(inst, &vac_instances, node)
		if (inst->ops->hv_tsc_changed)
			inst->ops->hv_tsc_changed();
	mutex_unlock(&vac_instances_lock);
}

static bool vac_on_hyperv(void)
{
	return IS_ENABLED(CONFIG_X86_64) &&
	       hypervisor_is_type(X86_HYPER_MS_HYPERV);
}

/*
 * @inst is going: no CPU may route to it any more.  The caller waits for
 * a grace period before freeing it (vac_unregister_instance).
 */
void vac_hooks_forget(struct vac_instance *inst)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		cmpxchg(per_cpu_ptr(&vac_running, cpu), inst, NULL);
		/* A new instance at the same address must not look "last". */
		cmpxchg(per_cpu_ptr(&vac_cpu_last, cpu), inst, NULL);
	}
}

int vac_hooks_init(void)
{
	preempt_notifier_inc();
	perf_register_guest_info_callbacks(&vac_guest_cbs);
	kvm_set_posted_intr_wakeup_handler(vac_pi_wakeup);
	vac_ga_log_init();
	if (vac_on_hyperv())
		set_hv_tscchange_cb(vac_hv_tsc_changed);
	return 0;
}

void vac_hooks_exit(void)
{
	if (vac_on_hyperv())
		clear_hv_tscchange_cb();
	/* All three wait for a grace period before returning. */
	vac_ga_log_exit();
	kvm_set_posted_intr_wakeup_handler(NULL);
	perf_unregister_guest_info_callbacks(&vac_guest_cbs);
	preempt_notifier_dec();
}
