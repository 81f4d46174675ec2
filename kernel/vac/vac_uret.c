// SPDX-License-Identifier: GPL-2.0
/*
 * User-return MSRs: one cache of host values and one notifier per CPU,
 * for every KVM instance.
 *
 * KVM loads a few guest MSR values into the CPU (TSC_AUX; on VMX also
 * STAR, LSTAR, CSTAR, SYSCALL_MASK, EFER and TSX_CTRL) and writes the
 * host's back only when the CPU returns to userspace, from a user-return
 * notifier.  To skip redundant WRMSRs it caches, per CPU, the host value
 * of each MSR and the value the CPU holds ("curr").  KVM 6.1 keeps that
 * cache per module: with two KVMs on a CPU each cache goes stale when the
 * other writes, so one KVM skips a write its guest needed, or restores a
 * guest value (another KVM's, or its own read back as the "host" value)
 * on the way to userspace - a guest's LSTAR as the host's syscall entry.
 *
 * VAC keeps the one cache, as the base module of the multi-KVM RFC did.
 * Instances register the MSRs they use (a slot per MSR, shared by every
 * instance that uses the same MSR) and load guest values through
 * vac_user_return_msr_set(); VAC's notifier restores the host values.  Every write
 * goes through this cache, so "curr" is what the CPU holds, and one
 * instance on a CPU does exactly the WRMSRs stock KVM does.
 *
 * Host values are read where KVM reads them, when virtualization is
 * enabled on the CPU (VAC's first enable reference there), and they stay
 * valid until the last reference goes, when they are written back and
 * the notifier is unregistered: while no reference is held no guest value
 * can be loaded.  A slot registered later is read on each CPU before its
 * first guest value is written there (nothing wrote it before, so the CPU
 * holds the host's value).
 *
 * Locking: a CPU's cache is touched only on that CPU with IRQs disabled
 * (the notifier runs so; vac_user_return_msr_set() and the enable / disable paths of
 * vac_virt.c disable them), so an IPI that disables virtualization can
 * never run between a WRMSR and the notifier registration it implies.
 * The MSR list only grows, under vac_uret_lock; the slot count is
 * published after the slot's MSR number.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/user-return-notifier.h>
#include <asm/msr.h>

#include "vac_hw.h"

/* As KVM_MAX_NR_USER_RETURN_MSRS: no KVM uses more. */
#define VAC_URET_MAX	16

/**
 * struct vac_uret_cpu - user-return MSR state of one CPU.
 * @urn: the notifier, registered while a guest value may be loaded.
 * @registered: @urn is registered.
 * @nr_read: slots 0..@nr_read-1 have their host value in @host.
 * @host: host value of each slot.
 * @curr: value the CPU holds in each slot's MSR.
 */
struct vac_uret_cpu {
	struct user_return_notifier urn;
	bool registered;
	unsigned int nr_read;
	u64 host[VAC_URET_MAX];
	u64 curr[VAC_URET_MAX];
};

static DEFINE_PER_CPU(struct vac_uret_cpu, vac_uret_cpu);
static u32 vac_uret_msrs[VAC_URET_MAX];
static unsigned int vac_nr_uret;
static DEFINE_MUTEX(vac_uret_lock);

static unsigned int vac_uret_count(void)
{
	/* Pairs with smp_store_release() in vac_user_return_msr_register(). */
	return smp_load_acquire(&vac_nr_uret);
}

/* Read host values of slots uc->nr_read..@nr-1.  IRQs off. */
static void vac_uret_read_host(struct vac_uret_cpu *uc, unsigned int nr)
{
	unsigned int slot;
	u64 value;

	for (slot = uc->nr_read; slot < nr; slot++) {
		/* Probed at registration; a failing read leaves 0, as KVM. */
		value = 0;
		rdmsrl_safe(vac_uret_msrs[slot], &value);
		uc->host[slot] = value;
		uc->curr[slot] = value;
	}
	uc->nr_read = nr;
}

/* Put every host value back and unregister the notifier.  IRQs off. */
static void vac_uret_restore(struct vac_uret_cpu *uc)
{
	unsigned int slot;

	if (uc->registered) {
		uc->registered = false;
		user_return_notifier_unregister(&uc->urn);
	}
	for (slot = 0; slot < uc->nr_read; slot++) {
		if (uc->curr[slot] != uc->host[slot]) {
			wrmsrl(vac_uret_msrs[slot], uc->host[slot]);
			uc->curr[slot] = uc->host[slot];
		}
	}
}

static void vac_uret_on_user_return(struct user_return_notifier *urn)
{
	struct vac_uret_cpu *uc = container_of(urn, struct vac_uret_cpu, urn);
	unsigned long flags;

	local_irq_save(flags);
	vac_uret_restore(uc);
	local_irq_restore(flags);
}

/**
 * vac_uret_cpu_enable() - virtualization is being enabled on this CPU.
 *
 * Called by vac_virt.c for the first enable reference on the CPU, before
 * the hardware is enabled (KVM reads host values before
 * svm_hardware_enable() / vmx_hardware_enable() too).  No guest value is
 * loaded: the last disable restored them all.
 *
 * Context: IRQs disabled, on the CPU.
 */
void vac_uret_cpu_enable(void)
{
	struct vac_uret_cpu *uc = this_cpu_ptr(&vac_uret_cpu);

	/* Defensive: never take a loaded guest value for the host's. */
	if (uc->registered)
		return;
	uc->nr_read = 0;
	vac_uret_read_host(uc, vac_uret_count());
}

/**
 * vac_uret_cpu_disable() - virtualization was disabled on this CPU.
 *
 * Called by vac_virt.c when the last enable reference goes, or when VAC
 * resets the CPU (offline, reboot, unload): puts the host values back
 * now, as KVM's drop_user_return_notifiers() does, rather than on the
 * next return to userspace.
 *
 * Context: IRQs disabled, on the CPU.
 */
void vac_uret_cpu_disable(void)
{
	vac_uret_restore(this_cpu_ptr(&vac_uret_cpu));
}

/* KVM's kvm_probe_user_return_msr(): readable and writable here. */
static int vac_uret_probe(u32 msr)
{
	u64 value;
	int ret;

	preempt_disable();
	ret = rdmsrl_safe(msr, &value);
	if (!ret)
		ret = wrmsrl_safe(msr, value);
	preempt_enable();
	return ret ? -EIO : 0;
}

/**
 * vac_user_return_msr_register() - a slot for user-return MSR @msr.
 * @msr: the MSR.
 *
 * Replaces the bookkeeping of KVM's kvm_add_user_return_msr(): instances
 * that use the same MSR share one slot.  Slots are never freed while
 * vac.ko is loaded (there are a handful); a slot nobody writes costs one
 * comparison on each return to userspace.
 *
 * Context: process context, may sleep.
 * Return: the slot (>= 0); -EIO if @msr cannot be read and written back
 * on this CPU (KVM then does without it); -ENOSPC when all slots are used.
 */
int vac_user_return_msr_register(u32 msr)
{
	unsigned int slot, nr;
	int ret;

	mutex_lock(&vac_uret_lock);
	nr = vac_nr_uret;
	for (slot = 0; slot < nr; slot++) {
		if (vac_uret_msrs[slot] == msr) {
			ret = slot;
			goto out;
		}
	}
	ret = -ENOSPC;
	if (nr == VAC_URET_MAX) {
		pr_err("no user-return MSR slot left for MSR 0x%x\n", msr);
		goto out;
	}
	ret = vac_uret_probe(msr);
	if (ret)
		goto out;
	vac_uret_msrs[nr] = msr;
	smp_store_release(&vac_nr_uret, nr + 1);
	ret = nr;
out:
	mutex_unlock(&vac_uret_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vac_user_return_msr_register, VAC);

/**
 * vac_user_return_msr_set() - load a guest value into a user-return MSR.
 * @slot: from vac_user_return_msr_register().
 * @value: the guest value.
 * @mask: bits of @value to load; the others keep the host's value.
 *
 * KVM's kvm_set_user_return_msr(): skips the WRMSR if the CPU already
 * holds the value, else writes it and makes sure the host values are put
 * back before the CPU returns to userspace.  The caller holds an enable
 * reference on this CPU (it is about to enter a guest).
 *
 * Context: preemption disabled; IRQs are disabled inside.
 * Return: 0; -EIO if the WRMSR faulted (nothing changed); -EINVAL for a
 * slot that was never registered.
 */
int vac_user_return_msr_set(unsigned int slot, u64 value, u64 mask)
{
	struct vac_uret_cpu *uc;
	unsigned long flags;
	int ret = 0;

	if (slot >= vac_uret_count())
		return -EINVAL;

	local_irq_save(flags);
	uc = this_cpu_ptr(&vac_uret_cpu);
	if (slot >= uc->nr_read)
		vac_uret_read_host(uc, slot + 1);
	value = (value & mask) | (uc->host[slot] & ~mask);
	if (value != uc->curr[slot]) {
		if (wrmsrl_safe(vac_uret_msrs[slot], value)) {
			ret = -EIO;
		} else {
			uc->curr[slot] = value;
			if (!uc->registered) {
				uc->urn.on_user_return = vac_uret_on_user_return;
				user_return_notifier_register(&uc->urn);
				uc->registered = true;
			}
		}
	}
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vac_user_return_msr_set, VAC);
