// SPDX-License-Identifier: GPL-2.0
/*
 * VAC broker core: quota entries keyed by instance name.
 *
 * An entry exists before its instance does (VAC_STATE_CONFIGURED), so an
 * admin can carve quotas before loading each KVM instance.  Quotas
 * partition each space: the sum of the quotas in a space never exceeds its
 * capacity, so every instance can always reach its quota (misc cgroup
 * "max" semantics with a hard partition).  svm_asid sizes on a live
 * instance are devlink-style: stored as pending, applied at the next
 * registration.
 *
 * Locking: broker->lock serialises every change to entries and to the
 * reserved sums.  An entry's per-space figures are written with that
 * space's lock held too, and the spaces of one request are locked together
 * (ascending id) so that a request applies to all of them or to none, and
 * so that vac_quota_get() can read them under rcu_read_lock() and the
 * space locks alone.  Entries are on an RCU list and freed with
 * kfree_rcu().
 */
#define pr_fmt(fmt) "vac: " fmt

#include <linux/kernel.h>
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vac_core.h"

#define VAC_SPACE_MASK	((1UL << VAC_SPACE_COUNT) - 1)

/* Checks that need only broker->lock: presence, capacity, reserved sum. */
static int vac_quota_fits(struct vac_broker *b, const struct vac_entry *e,
			  const struct vac_quota_req *req,
			  struct vac_extack *ea)
{
	unsigned long s;

	for_each_set_bit(s, &req->mask, VAC_SPACE_COUNT) {
		const struct vac_space *sp = &b->space[s];
		const struct vac_entry_space *es = &e->sp[s];
		u32 v = req->max[s], old, want, others;
		const char *sn = vac_space_name(s);

		if (!sp->count && v) {
			vac_extack_set(ea, s,
				       "space %s is not present on this host",
				       sn);
			return -EOPNOTSUPP;
		}
		if (v > sp->count) {
			vac_extack_set(ea, s,
				       "%s quota %u exceeds the capacity of the space (%u)",
				       sn, v, sp->count);
			return -ERANGE;
		}
		/*
		 * Each wrap of a range flushes every ASID of the CPU, other
		 * instances' too: a tiny range would do that all the time.
		 */
		if (v && v < sp->min_range) {
			vac_extack_set(ea, s,
				       "%s quota %u is below the minimum range of %u",
				       sn, v, sp->min_range);
			return -EINVAL;
		}
		old = vac_entry_reserve(e, s);
		want = v;
		if (vac_space_is_range(s) && e->state == VAC_STATE_LIVE)
			want = max(es->quota, v);
		others = sp->reserved - old;
		if (want > sp->count - others) {
			vac_extack_set(ea, s,
				       "%s quota %u for %s does not fit: %u of %u left unreserved",
				       sn, v, e->name, sp->count - others,
				       sp->count);
			return -ENOSPC;
		}
	}
	return 0;
}

static void vac_quota_lock_spaces(struct vac_broker *b, unsigned long mask)
{
	unsigned long s;

	for_each_set_bit(s, &mask, VAC_SPACE_COUNT)
		spin_lock_nested(&b->space[s].lock, s);
}

static void vac_quota_unlock_spaces(struct vac_broker *b, unsigned long mask)
{
	unsigned long s;

	for_each_set_bit(s, &mask, VAC_SPACE_COUNT)
		spin_unlock(&b->space[s].lock);
}

/* With the spaces of @req locked: refuse to go below use, then apply. */
static int vac_quota_apply(struct vac_broker *b, struct vac_entry *e,
			   const struct vac_quota_req *req,
			   struct vac_extack *ea)
{
	unsigned long s;

	for_each_set_bit(s, &req->mask, VAC_SPACE_COUNT) {
		if (vac_space_is_range(s))
			continue; /* a live range is never shrunk in place */
		if (req->max[s] < e->sp[s].used) {
			vac_extack_set(ea, s,
				       "%s quota %u for %s is below the %u tags it holds",
				       vac_space_name(s), req->max[s], e->name,
				       e->sp[s].used);
			return -EBUSY;
		}
	}
	for_each_set_bit(s, &req->mask, VAC_SPACE_COUNT) {
		struct vac_entry_space *es = &e->sp[s];

		b->space[s].reserved -= vac_entry_reserve(e, s);
		es->pending = req->max[s];
		if (!vac_space_is_range(s) || e->state != VAC_STATE_LIVE)
			es->quota = req->max[s];
		b->space[s].reserved += vac_entry_reserve(e, s);
	}
	return 0;
}

int vac_quota_set(struct vac_broker *b, const char *name,
		  const struct vac_quota_req *req, struct vac_extack *ea)
{
	struct vac_entry *e, *fresh;
	bool created = false;
	int ret;

	ret = vac_name_validate(name, ea);
	if (ret)
		return ret;
	if (req->mask & ~VAC_SPACE_MASK) {
		vac_extack_set(ea, -1, "unknown space in quota request (mask %#lx)",
			       req->mask);
		return -EINVAL;
	}
	/* Allocated up front: no allocation under broker->lock. */
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;

	mutex_lock(&b->lock);
	e = vac_entry_find(b, name);
	if (!e) {
		if (b->nr_entries >= VAC_ENTRIES_MAX) {
			vac_extack_set(ea, -1,
				       "too many quota entries (at most %d)",
				       VAC_ENTRIES_MAX);
			ret = -ENOSPC;
			goto out;
		}
		e = fresh;
		fresh = NULL;
		e->broker = b;
		strscpy(e->name, name, sizeof(e->name));
		e->state = VAC_STATE_CONFIGURED;
		spin_lock_init(&e->load_lock);
		created = true;
	}
	ret = vac_quota_fits(b, e, req, ea);
	if (!ret) {
		vac_quota_lock_spaces(b, req->mask);
		ret = vac_quota_apply(b, e, req, ea);
		vac_quota_unlock_spaces(b, req->mask);
	}
	if (ret) {
		if (created)
			fresh = e; /* never published: free below */
		goto out;
	}
	if (created) {
		list_add_tail_rcu(&e->node, &b->entries);
		b->nr_entries++;
	}
	vac_event_fire(b, VAC_EV_QUOTA_SET, e->name, -1, 0, 0, 0);
out:
	mutex_unlock(&b->lock);
	kfree(fresh);
	return ret;
}

int vac_quota_del(struct vac_broker *b, const char *name,
		  struct vac_extack *ea)
{
	struct vac_entry *e;
	int ret, s;

	ret = vac_name_validate(name, ea);
	if (ret)
		return ret;
	mutex_lock(&b->lock);
	e = vac_entry_find(b, name);
	if (!e) {
		vac_extack_set(ea, -1, "no quota entry for instance %s", name);
		ret = -ENOENT;
		goto out;
	}
	if (e->state == VAC_STATE_LIVE) {
		vac_extack_set(ea, -1,
			       "instance %s is loaded; unload it before deleting its quota",
			       name);
		ret = -EBUSY;
		goto out;
	}
	for (s = 0; s < VAC_SPACE_COUNT; s++)
		b->space[s].reserved -= vac_entry_reserve(e, s);
	list_del_rcu(&e->node);
	b->nr_entries--;
	vac_event_fire(b, VAC_EV_QUOTA_DEL, e->name, -1, 0, 0, 0);
	kfree_rcu(e, rcu);
out:
	mutex_unlock(&b->lock);
	return ret;
}

/* Fill @info from @e; takes each space->lock in turn. */
static void vac_entry_fill(struct vac_entry *e, struct vac_entry_info *info)
{
	int s;

	memset(info, 0, sizeof(*info));
	strscpy(info->name, e->name, sizeof(info->name));
	info->state = READ_ONCE(e->state);
	spin_lock(&e->load_lock);
	info->draining = e->draining;
	info->vms = e->vms;
	info->vcpus = e->vcpus;
	info->id = e->id;
	spin_unlock(&e->load_lock);
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		struct vac_space *sp = &e->broker->space[s];
		struct vac_entry_space *es = &e->sp[s];
		struct vac_entry_space_info *si = &info->space[s];

		spin_lock(&sp->lock);
		si->quota = es->quota;
		si->pending = es->pending;
		si->used = es->used;
		si->exhausted = es->exhausted;
		if (vac_space_is_range(s) && es->used) {
			si->range_first = sp->first + es->range_first;
			si->range_last = si->range_first + es->used - 1;
		}
		spin_unlock(&sp->lock);
	}
}

int vac_quota_get(struct vac_broker *b, const char *name,
		  struct vac_entry_info *info, struct vac_extack *ea)
{
	struct vac_entry *e;
	int ret;

	ret = vac_name_validate(name, ea);
	if (ret)
		return ret;
	rcu_read_lock();
	e = vac_entry_find(b, name);
	if (e)
		vac_entry_fill(e, info);
	rcu_read_unlock();
	if (!e) {
		vac_extack_set(ea, -1, "no quota entry for instance %s", name);
		return -ENOENT;
	}
	return 0;
}

int vac_quota_snapshot(struct vac_broker *b, bool live_only,
		       struct vac_entry_info **infos, gfp_t gfp)
{
	struct vac_entry_info *arr = NULL;
	struct vac_entry *e;
	int n = 0;

	mutex_lock(&b->lock);
	list_for_each_entry(e, &b->entries, node)
		if (!live_only || e->state == VAC_STATE_LIVE)
			n++;
	if (n) {
		arr = kvcalloc(n, sizeof(*arr), gfp);
		if (!arr) {
			mutex_unlock(&b->lock);
			*infos = NULL;
			return -ENOMEM;
		}
		n = 0;
		list_for_each_entry(e, &b->entries, node)
			if (!live_only || e->state == VAC_STATE_LIVE)
				vac_entry_fill(e, &arr[n++]);
	}
	mutex_unlock(&b->lock);
	*infos = arr;
	return n;
}
