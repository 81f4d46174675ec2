// SPDX-License-Identifier: GPL-2.0
/*
 * VMX enable and disable on the current CPU: VAC owns the VMXON region.
 *
 * KVM 6.1 allocates one VMXON region per CPU (alloc_kvm_area) and enters
 * VMX operation in vmx_hardware_enable(): CR4.VMXE, then VMXON.  A CPU is
 * in VMX operation once, however many KVM instances use it, so VAC does
 * this on the first enable reference of a CPU and VMXOFF on the last.
 * Each instance still VMCLEARs the VMCSs it loaded on a CPU before it
 * drops its reference (vmx_hardware_disable's vmclear_local_loaded_vmcss),
 * and in an emergency through vac_instance_ops.emergency_disable.
 *
 * The VMXON region carries the revision ID of IA32_VMX_BASIC, never the
 * eVMCS one (see the comment in KVM's alloc_kvm_area()).
 *
 * TCG does not emulate VMX: this file is built and reviewed against KVM
 * 6.1 but not exercised by the VM tests.
 *
 * Callers (vac_virt.c) run on the CPU concerned with IRQs disabled.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/percpu.h>
#include <asm/msr.h>
#include <asm/perf_event.h>
#include <asm/tlbflush.h>
#include <asm/virtext.h>
#include <asm/vmx.h>

#include "vac_hw.h"

static DEFINE_PER_CPU(struct page *, vac_vmxon_page);

void vac_vmx_exit(void)
{
	vac_percpu_pages_free(&vac_vmxon_page);
}

int vac_vmx_init(void)
{
	unsigned int cpu;
	u64 basic;
	u32 size;
	int ret;

	if (rdmsrl_safe(MSR_IA32_VMX_BASIC, &basic)) {
		pr_err("cannot read IA32_VMX_BASIC\n");
		return -EIO;
	}
	size = (basic >> VMX_BASIC_VMCS_SIZE_SHIFT) & 0x1fff;
	if (size > PAGE_SIZE) {
		pr_err("VMXON region of %u bytes does not fit a page\n", size);
		return -EIO;
	}

	ret = vac_percpu_pages_alloc(&vac_vmxon_page);
	if (ret)
		return ret;
	for_each_possible_cpu(cpu) {
		u32 *revision = page_address(per_cpu(vac_vmxon_page, cpu));

		/* The revision ID, bit 31 clear (not a shadow VMCS). */
		*revision = basic & 0x7fffffff;
	}
	return 0;
}

bool vac_vmx_enabled_cpu(void)
{
	return cr4_read_shadow() & X86_CR4_VMXE;
}

static int vac_vmxon(u64 pa)
{
	u64 msr;

	cr4_set_bits(X86_CR4_VMXE);
	asm goto("1: vmxon %[pa]\n\t"
		 _ASM_EXTABLE(1b, %l[fault])
		 : : [pa] "m"(pa) : : fault);
	return 0;

fault:
	/* KVM WARNs here; a clear message is enough for VAC's callers. */
	pr_err_ratelimited("CPU%u: VMXON faulted, IA32_FEAT_CTL = 0x%llx\n",
			   smp_processor_id(),
			   rdmsrl_safe(MSR_IA32_FEAT_CTL, &msr) ? 0xdeadbeefULL :
								   msr);
	cr4_clear_bits(X86_CR4_VMXE);
	return -EFAULT;
}

static void vac_invvpid(unsigned long ext, u16 vpid)
{
	struct {
		u64 vpid : 16;
		u64 rsvd : 48;
		u64 gva;
	} operand = { vpid, 0, 0 };

	asm goto("1: invvpid %[operand], %[ext]\n\t"
		 _ASM_EXTABLE(1b, %l[fault])
		 : : [operand] "m"(operand), [ext] "r"(ext)
		 : "cc", "memory" : fault);
	return;
fault:
	pr_err_ratelimited("CPU%u: INVVPID ext=%lu vpid=%u failed\n",
			   smp_processor_id(), ext, vpid);
}

/* vmx_hardware_enable(), minus what stays per instance (eVMCS, EPT). */
int vac_vmx_enable_cpu(void)
{
	unsigned int cpu = smp_processor_id();
	struct page *page = per_cpu(vac_vmxon_page, cpu);
	int ret;

	if (vac_vmx_enabled_cpu()) {
		pr_err_ratelimited("CPU%u: CR4.VMXE already set by someone else\n",
				   cpu);
		return -EBUSY;
	}
	if (!page)
		return -ENOMEM;

	intel_pt_handle_vmx(1);
	ret = vac_vmxon(page_to_phys(page));
	if (ret) {
		intel_pt_handle_vmx(0);
		return ret;
	}

	/*
	 * VMXOFF does not flush VPID-tagged translations.  A VPID may have
	 * been used by another instance while this CPU was last in VMX
	 * operation: start clean, once per VMX session.  (KVM flushes a
	 * vCPU's VPIDs on its first VM entry on each CPU as well; see
	 * docs/tag-handover.md.)
	 */
	if (vac_hw.vpid_global)
		vac_invvpid(VMX_VPID_EXTENT_ALL_CONTEXT, 0);
	return 0;
}

/* vmx_hardware_disable() after the instances VMCLEARed their VMCSs. */
void vac_vmx_disable_cpu(void)
{
	if (cpu_vmxoff())
		pr_err_ratelimited("CPU%u: VMXOFF faulted\n",
				   smp_processor_id());
	intel_pt_handle_vmx(0);
}

/* Crash / emergency reboot, NMI context: leave VMX operation. */
void vac_vmx_emergency_disable_cpu(void)
{
	__cpu_emergency_vmxoff();
}
