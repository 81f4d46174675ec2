/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel API of vac.ko for KVM instance modules.
 *
 * Everything a KVM instance would otherwise own host-wide goes through
 * here: per-CPU hardware virtualization enable, CPU hotplug, reboot,
 * TLB tags (VPIDs, SVM ASID range, SEV / SEV-ES ASIDs), the perf guest
 * info callbacks and the posted-interrupt wakeup handler, user-return MSRs,
 * suspend / resume, and the kernel globals KVM writes about mitigations.
 *
 * All symbols are exported with EXPORT_SYMBOL_NS_GPL(..., VAC); an
 * instance module says MODULE_IMPORT_NS(VAC).
 */
#ifndef _VAC_KVM_H
#define _VAC_KVM_H

#include <linux/types.h>

struct module;
struct vac_instance;

/**
 * struct vac_instance_ops - callbacks an instance gives VAC.
 * @owner: the instance module.
 * @cpu_online: VAC's CPU hotplug state brought @cpu online; runs on @cpu,
 *	preemptible.  The instance re-takes its per-CPU enable here if it
 *	had one (KVM: if kvm_usage_count).  Optional.
 * @cpu_offline: @cpu is going down; runs on @cpu.  The instance drops
 *	its per-CPU enable here.  Optional.
 * @perf_state: perf guest callback state(), called in NMI/IRQ context on a
 *	CPU where this instance marked a vCPU running.  Optional.
 * @perf_get_ip: perf guest callback get_ip().  Optional.
 * @perf_handle_intel_pt_intr: perf guest callback for Intel PT.  Optional.
 * @pi_wakeup: posted-interrupt wakeup handler, called in IRQ context for
 *	every POSTED_INTR_WAKEUP_VECTOR.  Optional.
 * @sev_flush: make SEV ASIDs in deferred reclaim safe to reuse (WBINVD on
 *	all CPUs, then SEV DF_FLUSH).  May sleep.  Needed for SEV.
 * @suspend: syscore suspend, on the last CPU standing with IRQs off:
 *	disable virtualization for this instance on this CPU (KVM: its
 *	kvm_suspend(), i.e. hardware_disable_nolock() - VMCLEAR, forget
 *	per-CPU caches, drop the enable reference).  The other CPUs went
 *	through @cpu_offline before.  Optional: without it VAC turns
 *	virtualization off under the instance and back on at resume.
 * @resume: syscore resume, same context: take back what @suspend
 *	dropped (KVM: kvm_resume()).  Optional.
 * @reboot: the host is rebooting, before any CPU is touched; process
 *	context.  From now on a virtualization instruction may fault and
 *	must be taken for the reboot (KVM: kvm_rebooting = true).  Optional.
 * @reboot_disable_cpu: then, on every CPU with IRQs off: disable
 *	virtualization for this instance on this CPU (KVM:
 *	hardware_disable_nolock() - VMCLEAR, drop the enable reference).
 *	VAC calls every instance's in one IPI per CPU and leaves VMX / SVM
 *	operation before the IPI returns, as stock kvm_reboot() does
 *	VMCLEAR and VMXOFF in one IPI: no vCPU task can run on the CPU
 *	between the two.  Optional: VAC disables whatever is left.
 * @hv_tsc_changed: on Hyper-V, the host changed the TSC frequency (the
 *	VM moved): update guest clocks (KVM: kvm_hyperv_tsc_notifier()).
 *	Process context, may sleep.  Optional.
 * @ga_log: the AMD IOMMU logged a GA tag (an interrupt posted to a vCPU
 *	that is not running) whose VM ID is in this instance's ga_vm_id
 *	range: wake that vCPU (KVM: avic_ga_log_notifier()).  Called from
 *	VAC's one GA-log notifier, in the IOMMU driver's interrupt thread;
 *	must not sleep.  Optional.
 * @emergency_disable: crash or emergency reboot, NMI context, on each
 *	CPU: VMCLEAR every VMCS this instance loaded on this CPU (KVM's
 *	vmx_emergency_disable() without the VMXOFF, which VAC does after).
 *	No locks, no sleeping.  Optional (SVM needs nothing).
 * @exclusive: NULL, or what host-wide state the instance uses that VAC
 *	does not share out (e.g. "Hyper-V enlightened VMCS"): then no other
 *	instance may be registered at the same time, and the refusal says
 *	this.
 */
struct vac_instance_ops {
	struct module *owner;
	int (*cpu_online)(unsigned int cpu);
	int (*cpu_offline)(unsigned int cpu);
	unsigned int (*perf_state)(void);
	unsigned long (*perf_get_ip)(void);
	unsigned int (*perf_handle_intel_pt_intr)(void);
	void (*pi_wakeup)(void);
	int (*sev_flush)(void);
	int (*suspend)(void);
	void (*resume)(void);
	void (*reboot)(void);
	void (*reboot_disable_cpu)(void);
	void (*hv_tsc_changed)(void);
	int (*ga_log)(u32 ga_tag);
	void (*emergency_disable)(void);
	const char *exclusive;
};

struct vac_instance *vac_register_instance(const char *name,
					   const struct vac_instance_ops *ops);
void vac_unregister_instance(struct vac_instance *inst);

/* VMs and vCPUs: counted, and no new VM while draining (-EBUSY). */
int vac_vm_add(struct vac_instance *inst);
void vac_vm_del(struct vac_instance *inst);
void vac_vcpus_add(struct vac_instance *inst, int n);

/* Hardware virtualization enable, per CPU, reference counted. */
int vac_virt_get_cpu(struct vac_instance *inst);
void vac_virt_put_cpu(struct vac_instance *inst);
bool vac_virt_rebooting(void);
u64 vac_svm_hsave_pa(unsigned int cpu);

/* User-return MSRs: one host-value cache and notifier per CPU. */
int vac_user_return_msr_register(u32 msr);
int vac_user_return_msr_set(unsigned int slot, u64 value, u64 mask);

/* Kernel globals about mitigations (enum vmx_l1d_flush_state). */
int vac_l1tf_claim(struct module *owner, int state);
void vac_l1tf_release(struct module *owner);
int vac_itlb_multihit_set(struct module *owner, bool mitigated);

/* TLB tags. */
int vac_vpid_alloc(struct vac_instance *inst);
void vac_vpid_free(struct vac_instance *inst, int vpid);
void vac_svm_asid_range(struct vac_instance *inst, unsigned int *min_asid,
			unsigned int *max_asid);
void vac_ga_vm_id_range(struct vac_instance *inst, u32 *first, u32 *last);
int vac_sev_asid_alloc(struct vac_instance *inst, bool es);
void vac_sev_asid_free(struct vac_instance *inst, unsigned int asid);
/* SEV DEACTIVATE vs. WBINVD + DF_FLUSH, across instances (sev.c's
 * sev_deactivate_lock, read side).
 */
void vac_sev_deactivate_lock(void);
void vac_sev_deactivate_unlock(void);

/* Which instance runs a vCPU on this CPU, for PMI routing. */
void vac_vcpu_load(struct vac_instance *inst);
void vac_vcpu_put(struct vac_instance *inst);

/* Whether another instance ran a guest on this CPU since @inst did. */
bool vac_cpu_switched(struct vac_instance *inst);

#endif /* _VAC_KVM_H */
