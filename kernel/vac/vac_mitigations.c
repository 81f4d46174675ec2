// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel globals KVM writes about CPU-bug mitigations, owned by VAC.
 *
 * KVM 6.1 reports two of its mitigations through globals of
 * arch/x86/kernel/cpu/bugs.c, shown in /sys/devices/system/cpu/
 * vulnerabilities/ and read back by KVM itself:
 *
 *  - l1tf_vmx_mitigation: the L1D flush mode on VM entry of kvm-intel
 *    (vmentry_l1d_flush).  KVM also derives from it what it tells
 *    guests in ARCH_CAPABILITIES (SKIP_VMENTRY_L1DFLUSH: "the host
 *    flushes for you").  With two instances in different modes, the
 *    last one loaded would decide what guests of both are told, and
 *    unloading any would reset it to "auto" under the other.  So every
 *    instance must use the same mode: the first one sets it, a later one
 *    asking for another mode is refused (its load fails, or its
 *    parameter write), and the global is reset only when the last
 *    instance lets go - as when stock kvm-intel unloads.
 *  - itlb_multihit_kvm_mitigation: whether KVM splits huge pages for
 *    executable guest memory (nx_huge_pages).  Only reported, so
 *    instances may differ (a KVM built for trusted guests may run
 *    without it): the host is mitigated only if every instance is, and
 *    the global says exactly that.  When the last instance goes it keeps
 *    its value, as stock KVM leaves it.
 *
 * Instances claim before they register with VAC (KVM sets these up in
 * module init and from module parameter writes, even while its module
 * parameters are parsed), so claims are keyed by module.  VAC's module
 * notifier drops a module's claims when it goes away, whether its init
 * failed or it was unloaded, so a claim never outlives its module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <asm/vmx.h>

#include "vac_hw.h"

/* bugs.c exports this one, declared only where KVM's MMU uses it. */
extern bool itlb_multihit_kvm_mitigation;

/**
 * struct vac_claim - what one instance module uses.
 * @node: on vac_claims.
 * @owner: the module.
 * @has_l1tf: @l1tf is set.
 * @l1tf: its L1D flush mode (enum vmx_l1d_flush_state).
 * @has_nx: @nx is set.
 * @nx: it splits executable huge pages (nx_huge_pages).
 */
struct vac_claim {
	struct list_head node;
	struct module *owner;
	bool has_l1tf;
	int l1tf;
	bool has_nx;
	bool nx;
};

static LIST_HEAD(vac_claims);
static DEFINE_MUTEX(vac_claims_lock);

static const char *const vac_l1tf_names[] = {
	[VMENTER_L1D_FLUSH_AUTO] = "auto",
	[VMENTER_L1D_FLUSH_NEVER] = "never",
	[VMENTER_L1D_FLUSH_COND] = "cond",
	[VMENTER_L1D_FLUSH_ALWAYS] = "always",
	[VMENTER_L1D_FLUSH_EPT_DISABLED] = "EPT disabled",
	[VMENTER_L1D_FLUSH_NOT_REQUIRED] = "not required",
};

static const char *vac_l1tf_name(int state)
{
	if (state < 0 || state >= ARRAY_SIZE(vac_l1tf_names))
		return "?";
	return vac_l1tf_names[state];
}

/* @owner's claim, created if @create; vac_claims_lock held. */
static struct vac_claim *vac_claim_find(struct module *owner, bool create)
{
	struct vac_claim *c;

	list_for_each_entry(c, &vac_claims, node)
		if (c->owner == owner)
			return c;
	if (!create)
		return NULL;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	c->owner = owner;
	list_add_tail(&c->node, &vac_claims);
	return c;
}

static void vac_claim_put(struct vac_claim *c)
{
	if (!c->has_l1tf && !c->has_nx) {
		list_del(&c->node);
		kfree(c);
	}
}

static const char *vac_owner_name(struct module *owner)
{
	return owner ? owner->name : "?";
}

/* The global is the AND of every claim; unchanged without claims. */
static void vac_itlb_update(void)
{
	bool any = false, all = true;
	struct vac_claim *c;

	list_for_each_entry(c, &vac_claims, node) {
		if (!c->has_nx)
			continue;
		any = true;
		all &= c->nx;
	}
	if (any)
		WRITE_ONCE(itlb_multihit_kvm_mitigation, all);
}

/**
 * vac_l1tf_claim() - use L1TF VM-entry flush mode @state.
 * @owner: the instance module (THIS_MODULE).
 * @state: an enum vmx_l1d_flush_state, as KVM computed it from
 *	vmentry_l1d_flush and the CPU (also "not required", "EPT disabled").
 *
 * Replaces KVM's writes of l1tf_vmx_mitigation.  Refused, with a message
 * naming both modes, if another instance uses another mode; claiming
 * again (a parameter write) replaces @owner's own claim.
 *
 * Context: process context, may sleep.
 * Return: 0 (l1tf_vmx_mitigation is @state), -EBUSY, -EINVAL, -ENOMEM.
 */
int vac_l1tf_claim(struct module *owner, int state)
{
	struct vac_claim *c, *other;
	int ret = 0;

	if (state < 0 || state >= ARRAY_SIZE(vac_l1tf_names))
		return -EINVAL;

	mutex_lock(&vac_claims_lock);
	list_for_each_entry(other, &vac_claims, node) {
		if (other->owner == owner || !other->has_l1tf ||
		    other->l1tf == state)
			continue;
		pr_err("%s: L1TF VM-entry flush '%s' differs from '%s' of %s: every KVM instance must use the same vmentry_l1d_flush\n",
		       vac_owner_name(owner), vac_l1tf_name(state),
		       vac_l1tf_name(other->l1tf), vac_owner_name(other->owner));
		ret = -EBUSY;
		goto out;
	}
	c = vac_claim_find(owner, true);
	if (!c) {
		ret = -ENOMEM;
		goto out;
	}
	c->has_l1tf = true;
	c->l1tf = state;
	l1tf_vmx_mitigation = state;
out:
	mutex_unlock(&vac_claims_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vac_l1tf_claim, VAC);

/* Drop @c's L1TF claim; the last one resets the global.  Lock held. */
static void vac_l1tf_drop(struct vac_claim *c)
{
	struct vac_claim *other;

	if (!c->has_l1tf)
		return;
	c->has_l1tf = false;
	list_for_each_entry(other, &vac_claims, node)
		if (other->has_l1tf)
			return;
	/* What vmx_cleanup_l1d_flush() does: sysfs ignores VMX again. */
	l1tf_vmx_mitigation = VMENTER_L1D_FLUSH_AUTO;
}

/**
 * vac_l1tf_release() - @owner no longer flushes L1D on VM entry.
 * @owner: the instance module.
 *
 * KVM's vmx_cleanup_l1d_flush(): when no instance is left with a mode,
 * l1tf_vmx_mitigation goes back to "auto" (sysfs then ignores VMX).
 * VAC also does this when @owner's module goes away.
 *
 * Context: process context, may sleep.
 */
void vac_l1tf_release(struct module *owner)
{
	struct vac_claim *c;

	mutex_lock(&vac_claims_lock);
	c = vac_claim_find(owner, false);
	if (c) {
		vac_l1tf_drop(c);
		vac_claim_put(c);
	}
	mutex_unlock(&vac_claims_lock);
}
EXPORT_SYMBOL_NS_GPL(vac_l1tf_release, VAC);

/**
 * vac_itlb_multihit_set() - whether @owner splits executable huge pages.
 * @owner: the instance module (THIS_MODULE).
 * @mitigated: its nx_huge_pages.
 *
 * Replaces KVM's write of itlb_multihit_kvm_mitigation: the global is
 * true only while every instance that said so is mitigated.  The claim
 * lasts until @owner's module goes away.
 *
 * Context: process context, may sleep (also from KVM's parameter
 * parsing at module load).
 * Return: 0, or -ENOMEM (the global is then unchanged).
 */
int vac_itlb_multihit_set(struct module *owner, bool mitigated)
{
	struct vac_claim *c;
	int ret = 0;

	mutex_lock(&vac_claims_lock);
	c = vac_claim_find(owner, true);
	if (c) {
		c->has_nx = true;
		c->nx = mitigated;
		vac_itlb_update();
	} else {
		ret = -ENOMEM;
	}
	mutex_unlock(&vac_claims_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vac_itlb_multihit_set, VAC);

/**
 * vac_mitigations_forget() - @owner is going away: drop its claims.
 * @owner: a module (any: most are not instances and hold nothing).
 *
 * Called from VAC's module notifier on MODULE_STATE_GOING, which the
 * module loader sends after a failed init as well as on unload.
 */
void vac_mitigations_forget(struct module *owner)
{
	struct vac_claim *c;

	mutex_lock(&vac_claims_lock);
	c = vac_claim_find(owner, false);
	if (c) {
		vac_l1tf_drop(c);
		c->has_nx = false;
		vac_itlb_update();
		vac_claim_put(c);
	}
	mutex_unlock(&vac_claims_lock);
}

/* vac.ko unloads: no instance is left, so no claim either. */
void vac_mitigations_exit(void)
{
	struct vac_claim *c, *tmp;

	mutex_lock(&vac_claims_lock);
	list_for_each_entry_safe(c, tmp, &vac_claims, node) {
		list_del(&c->node);
		kfree(c);
	}
	mutex_unlock(&vac_claims_lock);
}
