/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private glue of the hardware side of vac.ko: CPU discovery
 * (vac_probe.c), per-CPU enable (vac_virt.c over vac_svm.c / vac_vmx.c),
 * user-return MSRs (vac_uret.c), mitigation globals (vac_mitigations.c),
 * global hooks (vac_hooks.c) and the instance API (vac_api.c).
 */
#ifndef _VAC_HW_H
#define _VAC_HW_H

#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <asm/svm.h>

#include "vac_core.h"
#include "vac_kvm.h"

enum vac_vendor {
	VAC_VENDOR_NONE,
	VAC_VENDOR_SVM,
	VAC_VENDOR_VMX,
};

/**
 * struct vac_hw_info - what vac_probe() found, fixed after load.
 * @vendor: which virtualization extension VAC drives.
 * @nasid: SVM: number of ASIDs (CPUID 0x8000000A EBX).
 * @min_sev_asid: SVM: lowest SEV ASID (CPUID 0x8000001F EDX), if SEV.
 * @max_sev_asid: SVM: highest SEV ASID (CPUID 0x8000001F ECX) if SEV is
 *	usable, else 0.  svm_asid starts right above it, as in KVM.
 * @vpid_single: VMX: INVVPID single-context is supported.
 * @vpid_global: VMX: INVVPID all-context is supported.
 * @geo: the spaces offered to the broker.
 */
struct vac_hw_info {
	enum vac_vendor vendor;
	u32 nasid;
	u32 min_sev_asid;
	u32 max_sev_asid;
	bool vpid_single;
	bool vpid_global;
	struct vac_space_geometry geo[VAC_SPACE_COUNT];
};

extern struct vac_hw_info vac_hw;

/**
 * struct vac_instance - a registered KVM instance (vac_api.c).
 * @entry: the broker core's instance (quota entry, tags, range).
 * @ops: the instance's callbacks; memory of @ops->owner.
 * @node: on vac_instances (RCU: NMI / IRQ readers, cpuhp, reboot).
 * @enabled: CPUs on which this instance holds a virtualization enable
 *	reference.  Changed only on the CPU concerned, IRQs off.
 * @svm_min_asid: first ASID of the carved svm_asid range.
 * @svm_max_asid: last ASID of the carved svm_asid range (< min if empty).
 * @ga_vm_id_first: first AVIC VM ID of the carved ga_vm_id range (0 if
 *	empty).
 * @ga_vm_id_last: last one (0 if empty).
 * @exhausted_logged: bit per space: the instance was told once in dmesg
 *	that its quota ran out.
 * @events: events of each vector routed to this instance (vac_hooks.c
 *	counts them, in NMI or IRQ context: per CPU).
 * @name: copy of the instance name, for messages.
 */
struct vac_instance {
	struct vac_entry *entry;
	const struct vac_instance_ops *ops;
	struct list_head node;
	cpumask_var_t enabled;
	u32 svm_min_asid;
	u32 svm_max_asid;
	u32 ga_vm_id_first;
	u32 ga_vm_id_last;
	unsigned long exhausted_logged;
	struct vac_vector_events __percpu *events;
	char name[VAC_NAME_LEN];
};

/* Per-CPU event counts of an instance, by enum vac_vector_id. */
struct vac_vector_events {
	unsigned long n[VAC_VECTOR_COUNT];
};

/**
 * struct vac_vector_route - an instance a vector is routed to.
 * @name: the instance's name.
 * @count: events routed to it since it registered.
 */
struct vac_vector_route {
	char name[VAC_NAME_LEN];
	u64 count;
};

/**
 * struct vac_vector_info - what vac_vector_info_get() reports of a vector.
 * @id: which vector.
 * @name: its name (sysfs, protocol).
 * @state: enum vac_vector_state.
 * @number: the IDT vector events arrive on, or -1.
 * @n: entries in @routes.
 * @routes: the instances it is routed to, in registration order.
 */
struct vac_vector_info {
	enum vac_vector_id id;
	const char *name;
	enum vac_vector_state state;
	int number;
	int n;
	struct vac_vector_route *routes;
};

/*
 * AVIC VM IDs sit above the vCPU ID in a GA tag: KVM's AVIC_VM_ID_SHIFT,
 * the bits of AVIC_PHYSICAL_MAX_INDEX_MASK.
 */
#define VAC_GA_VM_ID_SHIFT	HWEIGHT32(AVIC_PHYSICAL_MAX_INDEX_MASK)

/* vac_ga_log.c: the AMD IOMMU GA log, routed by ga_vm_id range. */
bool vac_ga_log_held(void);
void vac_ga_log_init(void);
void vac_ga_log_exit(void);

/* vac_vectors.c: the hooks of vac_hooks.c as vectors. */
int vac_vector_lookup(const char *name);
int vac_vector_info_get(enum vac_vector_id v, struct vac_vector_info *info,
			gfp_t gfp);
void vac_vector_info_put(struct vac_vector_info *info);
u64 vac_vector_instance_events(enum vac_vector_id v, const char *name);

/* vac_api.c: registered instances; writers hold vac_instances_lock. */
extern struct list_head vac_instances;
extern struct mutex vac_instances_lock;

/* vac_virt.c: one zeroed page per possible CPU, on the CPU's node. */
int vac_percpu_pages_alloc(struct page *__percpu *pages);
void vac_percpu_pages_free(struct page *__percpu *pages);

/* vac_svm.c: per-CPU host save areas, EFER.SVME. */
int vac_svm_init(void);
void vac_svm_exit(void);
int vac_svm_enable_cpu(void);
void vac_svm_disable_cpu(void);
bool vac_svm_enabled_cpu(void);
u64 vac_svm_hsave_page_pa(unsigned int cpu);

/* vac_vmx.c: per-CPU VMXON regions, CR4.VMXE, INVVPID. */
int vac_vmx_init(void);
void vac_vmx_exit(void);
int vac_vmx_enable_cpu(void);
void vac_vmx_disable_cpu(void);
bool vac_vmx_enabled_cpu(void);
void vac_vmx_emergency_disable_cpu(void);

/* vac_virt.c: the per-CPU enable reference count. */
int vac_virt_get(struct vac_instance *inst);
void vac_virt_put(struct vac_instance *inst);
bool vac_virt_is_rebooting(void);
void vac_virt_drop_instance(struct vac_instance *inst);
unsigned int vac_virt_count(unsigned int cpu);

/* vac_uret.c: user-return MSRs, on the first / after the last enable. */
void vac_uret_cpu_enable(void);
void vac_uret_cpu_disable(void);

/* vac_mitigations.c: claims on l1tf / itlb_multihit globals. */
void vac_mitigations_forget(struct module *owner);
void vac_mitigations_exit(void);

/* vac_hooks.c: perf guest callbacks and the posted-interrupt wakeup. */
int vac_hooks_init(void);
void vac_hooks_exit(void);
void vac_hooks_forget(struct vac_instance *inst);

/* The instance whose vCPU is loaded on each CPU, for PMI routing. */
DECLARE_PER_CPU(struct vac_instance *, vac_running);

/* vac_vcpu_load(): on every vCPU context switch, preemption off. */
static inline void vac_hooks_vcpu_load(struct vac_instance *inst)
{
	this_cpu_write(vac_running, inst);
}

/* The instance that last loaded a vCPU on each CPU (vac_cpu_switched). */
DECLARE_PER_CPU(struct vac_instance *, vac_cpu_last);

/* vac_vcpu_put(): clear the mark if it is @inst's.  Preemption off. */
static inline void vac_hooks_vcpu_put(struct vac_instance *inst)
{
	if (this_cpu_read(vac_running) == inst)
		this_cpu_write(vac_running, NULL);
}

#endif /* _VAC_HW_H */
