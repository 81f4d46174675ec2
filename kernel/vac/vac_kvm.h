/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel API of vac.ko for KVM instance modules.
 *
 * Everything a KVM instance would otherwise own host-wide goes through
 * here: per-CPU hardware virtualization enable, CPU hotplug, reboot,
 * TLB tags (VPIDs, SVM ASID range, SEV / SEV-ES ASIDs), the perf guest
 * info callbacks and the posted-interrupt wakeup handler.
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
 * @reboot: the host is rebooting: stop using virtualization (KVM sets
 *	kvm_rebooting).  VAC disables it on every CPU after this.  Optional.
 * @emergency_disable: crash or emergency reboot, NMI context, on each
 *	CPU: VMCLEAR every VMCS this instance loaded on this CPU (KVM's
 *	vmx_emergency_disable() without the VMXOFF, which VAC does after).
 *	No locks, no sleeping.  Optional (SVM needs nothing).
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
	void (*reboot)(void);
	void (*emergency_disable)(void);
};

struct vac_instance *vac_register_instance(const char *name,
					   const struct vac_instance_ops *ops);
void vac_unregister_instance(struct vac_instance *inst);

/* Hardware virtualization enable, per CPU, reference counted. */
int vac_virt_get_cpu(struct vac_instance *inst);
void vac_virt_put_cpu(struct vac_instance *inst);
bool vac_virt_rebooting(void);
u64 vac_svm_hsave_pa(unsigned int cpu);

/* TLB tags. */
int vac_vpid_alloc(struct vac_instance *inst);
void vac_vpid_free(struct vac_instance *inst, int vpid);
void vac_svm_asid_range(struct vac_instance *inst, unsigned int *min_asid,
			unsigned int *max_asid);
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
