// SPDX-License-Identifier: GPL-2.0
/*
 * SVM enable and disable on the current CPU, with the host save area VAC
 * owns.
 *
 * KVM 6.1 allocates one host save area page per CPU (svm_cpu_init) and
 * points MSR_VM_HSAVE_PA at it when it sets EFER.SVME
 * (svm_hardware_enable).  With several KVM instances the page must
 * outlive every instance that runs guests on the CPU, and MSR_VM_HSAVE_PA
 * must not be rewritten under a running instance, so VAC owns both: one
 * page per possible CPU, allocated at load and freed at unload, and
 * instances use vac_svm_hsave_pa() where KVM used sd->save_area_pa (also
 * for its VMSAVE of host state and the SEV-ES host save area at +0x400,
 * which the page's layout already provides).
 *
 * Callers (vac_virt.c) run on the CPU concerned with IRQs disabled.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mem_encrypt.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <asm/msr.h>
#include <asm/perf_event.h>
#include <asm/virtext.h>

#include "vac_hw.h"

static DEFINE_PER_CPU(struct page *, vac_hsave_page);

/* 1.0 in the TSC ratio MSR's 8.32 fixed point: KVM's SVM_TSC_RATIO_DEFAULT. */
#define VAC_TSC_RATIO_DEFAULT	0x0100000000ULL

/*
 * As svm_hardware_enable() and svm_hardware_disable(): the TSC ratio MSR
 * holds the default whenever no KVM uses the CPU, so no guest's ratio
 * survives virtualization being turned off.  Instances forget what they
 * wrote when they take or drop their reference, and write their own
 * before their next VMRUN.
 */
static void vac_svm_reset_tsc_ratio(void)
{
	if (boot_cpu_has(X86_FEATURE_TSCRATEMSR))
		wrmsrl(MSR_AMD64_TSC_RATIO, VAC_TSC_RATIO_DEFAULT);
}

/* The value of MSR_VM_HSAVE_PA on @cpu while enabled; 0 if not SVM. */
u64 vac_svm_hsave_page_pa(unsigned int cpu)
{
	struct page *page;

	if (vac_hw.vendor != VAC_VENDOR_SVM || cpu >= nr_cpu_ids)
		return 0;
	page = per_cpu(vac_hsave_page, cpu);
	/* With the SME C-bit, as KVM's __sme_page_pa(). */
	return page ? __sme_set(page_to_pfn(page) << PAGE_SHIFT) : 0;
}

void vac_svm_exit(void)
{
	vac_percpu_pages_free(&vac_hsave_page);
}

int vac_svm_init(void)
{
	return vac_percpu_pages_alloc(&vac_hsave_page);
}

bool vac_svm_enabled_cpu(void)
{
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	return efer & EFER_SVME;
}

/*
 * What svm_hardware_enable() does to the CPU itself: refuse if someone
 * else set EFER.SVME, set it, point MSR_VM_HSAVE_PA at our page, default
 * TSC ratio.  The
 * AMD PMU's "virt" mode (host-only counters) is per CPU, so it follows
 * the CPU's enable state too instead of each instance's.
 */
int vac_svm_enable_cpu(void)
{
	unsigned int cpu = smp_processor_id();
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME) {
		pr_err_ratelimited("CPU%u: EFER.SVME already set by someone else\n",
				   cpu);
		return -EBUSY;
	}

	wrmsrl(MSR_EFER, efer | EFER_SVME);
	wrmsrl(MSR_VM_HSAVE_PA, vac_svm_hsave_page_pa(cpu));
	vac_svm_reset_tsc_ratio();
	amd_pmu_enable_virt();
	return 0;
}

/*
 * svm_hardware_disable(): default TSC ratio, GIF=1, MSR_VM_HSAVE_PA = 0,
 * EFER.SVME clear.
 */
void vac_svm_disable_cpu(void)
{
	vac_svm_reset_tsc_ratio();
	cpu_svm_disable();
	amd_pmu_disable_virt();
}
