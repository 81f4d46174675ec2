// SPDX-License-Identifier: GPL-2.0
/*
 * vac_probe(): what this host's CPUs offer, before anything is touched.
 *
 * Capacities come from CPUID, exactly where KVM 6.1 finds them:
 *  - SVM (svm.c svm_hardware_enable, sev.c sev_hardware_setup): NASID in
 *    CPUID 0x8000000A EBX, ASIDs 1..NASID-1; when SEV is usable, CPUID
 *    0x8000001F ECX is the highest SEV ASID and EDX the lowest, SEV-ES
 *    gets 1..min-1, SEV min..max, and ordinary guests max+1..NASID-1.
 *  - VMX (vmx.c hardware_setup, allocate_vpid): VPIDs 1..65535 when VMX is
 *    enabled by IA32_FEATURE_CONTROL and the CPU has VPID and INVVPID.
 * Module parameters may lower each capacity (for tests and for keeping
 * tags out of VAC's hands), never raise it.
 *
 * VAC must be the only owner of the hardware: it refuses to load while
 * Debian's stock kvm.ko is loaded or while another hypervisor has
 * virtualization enabled on any CPU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cc_platform.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/svm.h>
#include <asm/vmx.h>

#include "vac_internal.h"
#include "vac_hw.h"

#define VAC_NR_VPIDS	65536

struct vac_hw_info vac_hw;

static int vpid_max = -1;
module_param(vpid_max, int, 0444);
MODULE_PARM_DESC(vpid_max,
		 "Lower the number of VPIDs VAC hands out (-1: all the CPU has)");

static int svm_asid_max = -1;
module_param(svm_asid_max, int, 0444);
MODULE_PARM_DESC(svm_asid_max,
		 "Lower the number of non-SEV SVM ASIDs (-1: all the CPU has)");

/*
 * KVM's per-CPU ASID allocator flushes all ASIDs of the CPU (every
 * instance's) each time it wraps around its range, which a range of N
 * ASIDs does once per N new ASIDs on that CPU.  The floor keeps one
 * instance from making that happen at nearly every VMRUN for all.
 */
static unsigned int svm_asid_min_range = 4;
module_param(svm_asid_min_range, uint, 0444);
MODULE_PARM_DESC(svm_asid_min_range,
		 "Smallest svm_asid quota (range size) accepted, but 0 (default 4)");

/*
 * AVIC VM IDs are what is left of the 32-bit GA tag above the vCPU ID
 * (KVM's AVIC_VM_ID_SHIFT: the bits of AVIC_PHYSICAL_MAX_INDEX_MASK), so
 * the hardware allows 2^23 - 1 of them.  They name VMs, not vCPUs, and no
 * host runs that many VMs at once: VAC offers 65535 by default, which
 * keeps the range bitmap at 8 KiB.
 */
#define VAC_GA_VM_ID_HW		((1U << (32 - VAC_GA_VM_ID_SHIFT)) - 1)

static int ga_vm_id_max = 65535;
module_param(ga_vm_id_max, int, 0444);
MODULE_PARM_DESC(ga_vm_id_max,
		 "Number of AVIC VM IDs (GA tags) VAC hands out (default 65535; -1: all 2^23 - 1)");

static int sev_asid_max = -1;
module_param(sev_asid_max, int, 0444);
MODULE_PARM_DESC(sev_asid_max,
		 "Lower the number of SEV ASIDs (-1: all the CPU has)");

static int sev_es_asid_max = -1;
module_param(sev_es_asid_max, int, 0444);
MODULE_PARM_DESC(sev_es_asid_max,
		 "Lower the number of SEV-ES ASIDs (-1: all the CPU has)");

/*
 * The TCG test VM emulates SVM without SEV and cannot emulate VMX, so no
 * space there has tags that are allocated one by one.  This parameter
 * lets the VM tests exercise the real allocation, quota and exhaustion
 * paths anyway: on a host without usable VMX it offers VPIDs 1..N, which
 * no hardware uses (SVM instances never allocate VPIDs).  Ignored, with
 * a notice, when VMX is usable.
 */
static unsigned int test_vpids;
module_param(test_vpids, uint, 0444);
MODULE_PARM_DESC(test_vpids,
		 "Testing only: without VMX, offer N VPIDs no hardware uses (default 0)");

/* Apply a lowering parameter @param (named @what) to @count. */
static u32 vac_lower(const char *what, int param, u32 count)
{
	if (param < 0)
		return count;
	if ((u32)param > count) {
		pr_notice("%s=%d is above the hardware's %u: ignored (parameters can only lower a capacity)\n",
			  what, param, count);
		return count;
	}
	return param;
}

static void vac_set_space(enum vac_space_id space, u32 first, u32 count)
{
	vac_hw.geo[space].first = count ? first : 0;
	vac_hw.geo[space].count = count;
}

/*
 * SEV is usable when the kernel kept X86_FEATURE_SEV (it clears it when
 * the BIOS did not enable memory encryption in SYSCFG) and the CPU has
 * decode assists, as sev_hardware_setup() requires.
 */
static void vac_probe_sev(void)
{
	unsigned int eax, ebx, ecx, edx;
	u32 es_count = 0, sev_count = 0;

	if (!boot_cpu_has(X86_FEATURE_SEV) ||
	    !boot_cpu_has(X86_FEATURE_DECODEASSISTS))
		return;

	cpuid(0x8000001f, &eax, &ebx, &ecx, &edx);
	if (!ecx || !edx || ecx >= vac_hw.nasid)
		return;

	vac_hw.max_sev_asid = ecx;
	vac_hw.min_sev_asid = edx;
	if (edx <= ecx)
		sev_count = ecx - edx + 1;
	if (boot_cpu_has(X86_FEATURE_SEV_ES) && edx > 1)
		es_count = edx - 1;

	vac_set_space(VAC_SPACE_SEV_ASID, edx,
		      vac_lower("sev_asid_max", sev_asid_max, sev_count));
	vac_set_space(VAC_SPACE_SEV_ES_ASID, 1,
		      vac_lower("sev_es_asid_max", sev_es_asid_max, es_count));
}

static bool vac_probe_svm(void)
{
	u64 vm_cr;
	u32 first, count;

	if (boot_cpu_data.x86_vendor != X86_VENDOR_AMD &&
	    boot_cpu_data.x86_vendor != X86_VENDOR_HYGON)
		return false;
	if (!boot_cpu_has(X86_FEATURE_SVM))
		return false;
	if (cc_platform_has(CC_ATTR_GUEST_MEM_ENCRYPT)) {
		pr_info("SVM is unsupported in an SEV guest\n");
		return false;
	}
	if (rdmsrl_safe(MSR_VM_CR, &vm_cr) ||
	    (vm_cr & (1 << SVM_VM_CR_SVM_DISABLE))) {
		pr_info("SVM is disabled by the BIOS (VM_CR.SVMDIS)\n");
		return false;
	}

	vac_hw.vendor = VAC_VENDOR_SVM;
	vac_hw.nasid = cpuid_ebx(SVM_CPUID_FUNC);
	vac_probe_sev();

	/* KVM: min_asid = max_sev_asid + 1, max_asid = NASID - 1. */
	first = vac_hw.max_sev_asid + 1;
	count = vac_hw.nasid > first ? vac_hw.nasid - first : 0;
	vac_set_space(VAC_SPACE_SVM_ASID, first,
		      vac_lower("svm_asid_max", svm_asid_max, count));
	vac_hw.geo[VAC_SPACE_SVM_ASID].min_range = svm_asid_min_range;
	/*
	 * A software name space of KVM's, meaningful on any SVM host: the
	 * IOMMU only stores and reports the tags.
	 */
	vac_set_space(VAC_SPACE_GA_VM_ID, 1,
		      vac_lower("ga_vm_id_max", ga_vm_id_max, VAC_GA_VM_ID_HW));
	return true;
}

/*
 * init_ia32_feat_ctl() clears X86_FEATURE_VMX when the BIOS left VMX
 * disabled and locked; read the MSR too, as KVM's vmx_disabled_by_bios()
 * relies on that same boot-time check.
 */
static bool vac_probe_vmx(void)
{
	u64 feat_ctl, caps;

	if (!boot_cpu_has(X86_FEATURE_VMX) ||
	    !boot_cpu_has(X86_FEATURE_MSR_IA32_FEAT_CTL))
		return false;
	if (rdmsrl_safe(MSR_IA32_FEAT_CTL, &feat_ctl) ||
	    !(feat_ctl & FEAT_CTL_LOCKED) ||
	    !(feat_ctl & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		pr_info("VMX is disabled by IA32_FEATURE_CONTROL\n");
		return false;
	}

	vac_hw.vendor = VAC_VENDOR_VMX;

	/* Same conditions as KVM's enable_vpid. */
	if (!boot_cpu_has(X86_FEATURE_VPID) ||
	    rdmsrl_safe(MSR_IA32_VMX_EPT_VPID_CAP, &caps))
		return true;
	caps >>= 32;
	vac_hw.vpid_single = caps & VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT;
	vac_hw.vpid_global = caps & VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT;
	if (!(caps & VMX_VPID_INVVPID_BIT) ||
	    !(vac_hw.vpid_single || vac_hw.vpid_global))
		return true;

	vac_set_space(VAC_SPACE_VPID, 1,
		      vac_lower("vpid_max", vpid_max, VAC_NR_VPIDS - 1));
	return true;
}

/*
 * Debian's stock kvm.ko exports kvm_rebooting (EXPORT_SYMBOL_GPL) in every
 * 6.1 build, and kvm-amd / kvm-intel cannot load without it.  Looking the
 * symbol up in the kernel's export tables is what __symbol_get() is for:
 * it is exact (no parsing of /proc/modules or device names), it does not
 * need the unexported find_module(), and it cannot match our own instance
 * modules, which export nothing and cannot load before vac.ko anyway.
 * The reference it takes is dropped at once.
 */
static bool vac_stock_kvm_loaded(void)
{
	/* symbol_put_addr() takes text addresses only: put by name. */
	if (!__symbol_get("kvm_rebooting"))
		return false;
	__symbol_put("kvm_rebooting");
	return true;
}

static void vac_check_cpu(void *busy)
{
	if ((vac_hw.vendor == VAC_VENDOR_SVM && vac_svm_enabled_cpu()) ||
	    (vac_hw.vendor == VAC_VENDOR_VMX && vac_vmx_enabled_cpu()))
		cpumask_set_cpu(smp_processor_id(), busy);
}

/* Another hypervisor already has virtualization on somewhere? */
static int vac_check_hw_free(void)
{
	cpumask_var_t busy;
	int ret = 0;

	if (vac_hw.vendor == VAC_VENDOR_NONE)
		return 0;
	if (!zalloc_cpumask_var(&busy, GFP_KERNEL))
		return -ENOMEM;

	cpus_read_lock();
	on_each_cpu(vac_check_cpu, busy, 1);
	cpus_read_unlock();

	if (!cpumask_empty(busy)) {
		pr_err("%s is already enabled on CPU(s) %*pbl by another hypervisor: unload it before loading vac\n",
		       vac_hw.vendor == VAC_VENDOR_SVM ? "EFER.SVME" :
							 "CR4.VMXE",
		       cpumask_pr_args(busy));
		ret = -EBUSY;
	}
	free_cpumask_var(busy);
	return ret;
}

/**
 * vac_probe() - find the host's tag spaces and make sure VAC may own them.
 * @geo: filled with the capacity of each space (count 0 if absent).
 *
 * Return: 0, or -EBUSY when Debian's stock KVM is loaded or another
 * hypervisor has virtualization enabled (with a message in dmesg).
 */
int vac_probe(struct vac_space_geometry geo[VAC_SPACE_COUNT])
{
	int ret;

	if (vac_stock_kvm_loaded()) {
		pr_err("the stock kvm module is loaded: unload kvm_amd/kvm_intel and kvm first (VAC and its KVM instances replace them)\n");
		return -EBUSY;
	}

	memset(&vac_hw, 0, sizeof(vac_hw));
	if (!vac_probe_svm())
		vac_probe_vmx();

	if (test_vpids && vac_hw.geo[VAC_SPACE_VPID].count) {
		pr_notice("test_vpids=%u ignored: the CPU has VPIDs\n",
			  test_vpids);
	} else if (test_vpids && vac_hw.vendor != VAC_VENDOR_VMX) {
		u32 n = min_t(u32, test_vpids, VAC_NR_VPIDS - 1);

		vac_set_space(VAC_SPACE_VPID, 1,
			      vac_lower("vpid_max", vpid_max, n));
		pr_notice("testing: %u VPIDs that no hardware uses\n",
			  vac_hw.geo[VAC_SPACE_VPID].count);
	}

	ret = vac_check_hw_free();
	if (ret)
		return ret;

	switch (vac_hw.vendor) {
	case VAC_VENDOR_SVM:
		pr_info("SVM: NASID %u, svm_asid %u+%u, sev_asid %u+%u, sev_es_asid %u+%u, ga_vm_id %u+%u\n",
			vac_hw.nasid,
			vac_hw.geo[VAC_SPACE_SVM_ASID].first,
			vac_hw.geo[VAC_SPACE_SVM_ASID].count,
			vac_hw.geo[VAC_SPACE_SEV_ASID].first,
			vac_hw.geo[VAC_SPACE_SEV_ASID].count,
			vac_hw.geo[VAC_SPACE_SEV_ES_ASID].first,
			vac_hw.geo[VAC_SPACE_SEV_ES_ASID].count,
			vac_hw.geo[VAC_SPACE_GA_VM_ID].first,
			vac_hw.geo[VAC_SPACE_GA_VM_ID].count);
		break;
	case VAC_VENDOR_VMX:
		pr_info("VMX: vpid %u+%u\n", vac_hw.geo[VAC_SPACE_VPID].first,
			vac_hw.geo[VAC_SPACE_VPID].count);
		break;
	default:
		pr_info("no usable SVM or VMX: every space has capacity 0\n");
		break;
	}

	memcpy(geo, vac_hw.geo, sizeof(vac_hw.geo));
	return 0;
}
