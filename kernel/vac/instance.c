// SPDX-License-Identifier: GPL-2.0
/*
 * VAC broker core: instance registration.
 *
 * An instance module binds to the quota entry of its name; the entry then
 * is VAC_STATE_LIVE until the module unregisters.  Registration applies a
 * pending svm_asid size and carves the range; unregistration releases
 * every tag the instance still holds, so a module that forgets to free its
 * tags leaks nothing host-wide.
 *
 * Locking: broker->lock for the whole of register/unregister; each
 * space->lock around the changes to that space (bitmaps, used counts, the
 * entry's owned bitmap pointer, which is what vac_tag_alloc() checks to
 * know the instance is live).  Per-entry owned bitmaps are allocated
 * before taking broker->lock and freed after the space lock is dropped.
 * The entry itself is not freed here (it returns to CONFIGURED); see
 * vac_quota_del() for its RCU-deferred free.
 */
#define pr_fmt(fmt) "vac: " fmt

#include <linux/kernel.h>
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "vac_core.h"

/* Spaces whose tags are charged one by one (and need an owned bitmap). */
static bool vac_space_has_tags(const struct vac_space *sp)
{
	return sp->count && !vac_space_is_range(sp->id);
}

static void vac_owned_free(unsigned long *owned[VAC_SPACE_COUNT])
{
	int s;

	for (s = 0; s < VAC_SPACE_COUNT; s++)
		bitmap_free(owned[s]);
}

struct vac_entry *vac_instance_register(struct vac_broker *b,
					const char *name, void *priv,
					const struct vac_instance_id *id,
					struct vac_extack *ea)
{
	unsigned long *owned[VAC_SPACE_COUNT] = { NULL };
	u32 first[VAC_SPACE_COUNT] = { 0 };
	struct vac_entry *e;
	int s, ret;

	ret = vac_name_validate(name, ea);
	if (ret)
		return ERR_PTR(ret);
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		if (!vac_space_has_tags(&b->space[s]))
			continue;
		owned[s] = bitmap_zalloc(b->space[s].count, GFP_KERNEL);
		if (!owned[s]) {
			vac_owned_free(owned);
			return ERR_PTR(-ENOMEM);
		}
	}

	mutex_lock(&b->lock);
	e = vac_entry_find(b, name);
	if (!e) {
		vac_extack_set(ea, -1,
			       "no quota entry for instance %s: set its quota first",
			       name);
		ret = -ENOENT;
		goto err;
	}
	if (e->state == VAC_STATE_LIVE) {
		vac_extack_set(ea, -1, "instance %s is already registered",
			       name);
		ret = -EEXIST;
		goto err;
	}
	/* Every range first, so that a refusal changes nothing. */
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		if (!vac_space_is_range(s))
			continue;
		ret = vac_range_find(&b->space[s], e->sp[s].pending, &first[s],
				     ea);
		if (ret)
			goto err;
	}

	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		struct vac_space *sp = &b->space[s];

		spin_lock(&sp->lock);
		e->sp[s].used = 0;
		if (owned[s]) {
			e->sp[s].owned = owned[s];
			owned[s] = NULL;
		}
		if (vac_space_is_range(s)) {
			struct vac_entry_space *es = &e->sp[s];

			/* quota == pending when not live: reserved unchanged */
			es->quota = es->pending;
			es->range_first = first[s];
			es->used = es->quota;
			vac_range_mark(sp, first[s], es->quota, true);
		}
		spin_unlock(&sp->lock);
	}
	e->priv = priv;
	if (id) {
		spin_lock(&e->load_lock);
		e->id = *id;
		spin_unlock(&e->load_lock);
	}
	WRITE_ONCE(e->state, VAC_STATE_LIVE);
	vac_event_fire(b, VAC_EV_INSTANCE_UP, e->name, -1, 0, 0, 0);
	mutex_unlock(&b->lock);
	return e;

err:
	mutex_unlock(&b->lock);
	vac_owned_free(owned);
	return ERR_PTR(ret);
}

void vac_instance_unregister(struct vac_entry *inst)
{
	unsigned long *owned[VAC_SPACE_COUNT] = { NULL };
	struct vac_broker *b = inst->broker;
	int s;

	mutex_lock(&b->lock);
	if (inst->state != VAC_STATE_LIVE) {
		mutex_unlock(&b->lock);
		pr_err("instance %s unregistered twice\n", inst->name);
		return;
	}
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		struct vac_space *sp = &b->space[s];
		struct vac_entry_space *es = &inst->sp[s];
		u32 leaked = 0;

		spin_lock(&sp->lock);
		if (es->owned) {
			leaked = vac_tags_release_all(inst, s);
			owned[s] = es->owned;
			es->owned = NULL;
		}
		if (vac_space_is_range(s)) {
			vac_range_mark(sp, es->range_first, es->used, false);
			sp->reserved -= vac_entry_reserve(inst, s);
			es->quota = es->pending;
			sp->reserved += vac_entry_reserve(inst, s);
			es->range_first = 0;
			es->used = 0;
		}
		spin_unlock(&sp->lock);
		if (leaked)
			pr_warn("instance %s unregistered holding %u %s tags; released\n",
				inst->name, leaked, vac_space_name(s));
	}
	inst->priv = NULL;
	spin_lock(&inst->load_lock);
	if (inst->vms || inst->vcpus)
		pr_warn("instance %s unregistered with %u VMs and %u vCPUs counted\n",
			inst->name, inst->vms, inst->vcpus);
	inst->draining = false;
	inst->vms = 0;
	inst->vcpus = 0;
	memset(&inst->id, 0, sizeof(inst->id));
	spin_unlock(&inst->load_lock);
	WRITE_ONCE(inst->state, VAC_STATE_CONFIGURED);
	vac_event_fire(b, VAC_EV_INSTANCE_DOWN, inst->name, -1, 0, 0, 0);
	mutex_unlock(&b->lock);
	vac_owned_free(owned);
}

int vac_instance_set_draining(struct vac_broker *b, const char *name,
			      bool draining, struct vac_extack *ea)
{
	struct vac_event ev = { .space = -1 };
	struct vac_entry *e;
	bool changed;
	int ret;

	ret = vac_name_validate(name, ea);
	if (ret)
		return ret;
	mutex_lock(&b->lock);
	e = vac_entry_find(b, name);
	if (!e || e->state != VAC_STATE_LIVE) {
		vac_extack_set(ea, -1, e ? "instance %s is not loaded" :
				       "no quota entry for instance %s", name);
		mutex_unlock(&b->lock);
		return -ENOENT;
	}
	spin_lock(&e->load_lock);
	changed = e->draining != draining;
	e->draining = draining;
	ev.vms = e->vms;
	ev.vcpus = e->vcpus;
	spin_unlock(&e->load_lock);
	if (changed) {
		ev.type = draining ? VAC_EV_INSTANCE_DRAINING :
				     VAC_EV_INSTANCE_RESUMED;
		vac_event_send(b, &ev, e->name);
	}
	mutex_unlock(&b->lock);
	return 0;
}

int vac_instance_vm_add(struct vac_entry *inst)
{
	int ret = 0;

	spin_lock(&inst->load_lock);
	if (inst->draining)
		ret = -EBUSY;
	else
		inst->vms++;
	spin_unlock(&inst->load_lock);
	return ret;
}

void vac_instance_vm_del(struct vac_entry *inst)
{
	spin_lock(&inst->load_lock);
	if (!WARN_ON_ONCE(!inst->vms))
		inst->vms--;
	spin_unlock(&inst->load_lock);
}

void vac_instance_vcpus_add(struct vac_entry *inst, int n)
{
	spin_lock(&inst->load_lock);
	if (!WARN_ON_ONCE(n < 0 && inst->vcpus < (u32)-n))
		inst->vcpus += n;
	spin_unlock(&inst->load_lock);
}

const char *vac_instance_name(const struct vac_entry *inst)
{
	return inst->name;
}

void *vac_instance_priv(const struct vac_entry *inst)
{
	return inst->priv;
}

void vac_instance_range(const struct vac_entry *inst, enum vac_space_id space,
			u32 *first, u32 *last)
{
	const struct vac_space *sp;
	const struct vac_entry_space *es;

	*first = 0;
	*last = 0;
	if ((unsigned int)space >= VAC_SPACE_COUNT)
		return;
	sp = &inst->broker->space[space];
	es = &inst->sp[space];
	if (!sp->count || inst->state != VAC_STATE_LIVE)
		return;
	if (!vac_space_is_range(space)) {
		*first = sp->first;
		*last = sp->first + sp->count - 1;
	} else if (es->used) {
		*first = sp->first + es->range_first;
		*last = *first + es->used - 1;
	}
}
