// SPDX-License-Identifier: GPL-2.0
/*
 * VAC broker core: creation and teardown of the broker and its spaces,
 * space names, resource reports, and helpers the other core files share
 * (error messages, events, entry lookup).
 *
 * Locking: vac_broker_create()/vac_broker_destroy() run alone.
 * vac_resources_get() takes broker->lock (for the reserved sums) then each
 * space->lock (for used).  vac_entry_find() needs broker->lock or
 * rcu_read_lock().  vac_event_fire() must not be called with a
 * space->lock held (ops->notify() contract in vac_core.h).
 */
#define pr_fmt(fmt) "vac: " fmt

#include <linux/kernel.h>
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/stdarg.h>
#include <linux/string.h>

#include "vac_core.h"

static const char *const vac_space_names[VAC_SPACE_COUNT] = {
	[VAC_SPACE_VPID] = "vpid",
	[VAC_SPACE_SVM_ASID] = "svm_asid",
	[VAC_SPACE_SEV_ASID] = "sev_asid",
	[VAC_SPACE_SEV_ES_ASID] = "sev_es_asid",
	[VAC_SPACE_GA_VM_ID] = "ga_vm_id",
};

const char *vac_space_name(enum vac_space_id space)
{
	if ((unsigned int)space >= VAC_SPACE_COUNT)
		return "unknown";
	return vac_space_names[space];
}

int vac_space_by_name(const char *name)
{
	int i;

	for (i = 0; name && i < VAC_SPACE_COUNT; i++)
		if (!strcmp(name, vac_space_names[i]))
			return i;
	return -EINVAL;
}

/*
 * svm_asid and ga_vm_id are handed out as one contiguous range per
 * instance, inside which the instance allocates by itself.
 */
bool vac_space_is_range(enum vac_space_id space)
{
	return space == VAC_SPACE_SVM_ASID || space == VAC_SPACE_GA_VM_ID;
}

/* SEV and SEV-ES ASIDs are reused only after WBINVD + DF_FLUSH. */
bool vac_space_is_deferred(enum vac_space_id space)
{
	return space == VAC_SPACE_SEV_ASID || space == VAC_SPACE_SEV_ES_ASID;
}

/*
 * What an entry takes out of a space's capacity.  svm_asid on a live
 * instance keeps both the range in force and the pending size reserved,
 * so that the next registration can always be satisfied in total.
 */
u32 vac_entry_reserve(const struct vac_entry *e, enum vac_space_id space)
{
	const struct vac_entry_space *es = &e->sp[space];

	if (vac_space_is_range(space))
		return max(es->quota, es->pending);
	return es->quota;
}

void vac_extack_set(struct vac_extack *ea, int space, const char *fmt, ...)
{
	char buf[VAC_EXTACK_LEN];
	va_list args;

	va_start(args, fmt);
	vsnprintf(ea ? ea->msg : buf, VAC_EXTACK_LEN, fmt, args);
	va_end(args);
	if (ea)
		ea->space = space;
	else
		/* Nobody to hand the reason to: do not lose it. */
		pr_info("%s\n", buf);
}

void vac_extack_reset(struct vac_extack *ea)
{
	if (ea) {
		ea->msg[0] = '\0';
		ea->space = -1;
	}
}

struct vac_entry *vac_entry_find(struct vac_broker *b, const char *name)
{
	struct vac_entry *e;

	list_for_each_entry_rcu(e, &b->entries, node,
				lockdep_is_held(&b->lock))
		if (!strncmp(e->name, name, VAC_NAME_LEN))
			return e;
	return NULL;
}

void vac_event_fire(struct vac_broker *b, enum vac_event_type type,
		    const char *name, int space, u32 quota, u32 used,
		    u32 exhausted)
{
	struct vac_event ev = {
		.type = type,
		.space = space,
		.quota = quota,
		.used = used,
		.exhausted = exhausted,
	};

	vac_event_send(b, &ev, name);
}

void vac_event_send(struct vac_broker *b, struct vac_event *ev,
		    const char *name)
{
	if (!b->ops.notify)
		return;
	strscpy(ev->name, name, sizeof(ev->name));
	b->ops.notify(b, ev);
}

static void vac_space_free(struct vac_space *sp)
{
	bitmap_free(sp->busy);
	bitmap_free(sp->full);
	bitmap_free(sp->stale);
	bitmap_free(sp->reclaim);
	bitmap_free(sp->flushing);
	mutex_destroy(&sp->flush_lock);
}

static int vac_space_init(struct vac_space *sp, enum vac_space_id id,
			  const struct vac_space_geometry *geo)
{
	spin_lock_init(&sp->lock);
	mutex_init(&sp->flush_lock);
	sp->id = id;
	sp->first = geo->first;
	sp->count = geo->count;
	sp->min_range = geo->min_range;
	if (!sp->count)
		return 0;

	sp->busy = bitmap_zalloc(sp->count, GFP_KERNEL);
	sp->full = bitmap_zalloc(BITS_TO_LONGS(sp->count), GFP_KERNEL);
	if (!sp->busy || !sp->full)
		return -ENOMEM;
	if (vac_space_is_range(id))
		return 0;
	sp->stale = bitmap_zalloc(sp->count, GFP_KERNEL);
	if (!sp->stale)
		return -ENOMEM;
	if (!vac_space_is_deferred(id))
		return 0;
	sp->reclaim = bitmap_zalloc(sp->count, GFP_KERNEL);
	sp->flushing = bitmap_zalloc(sp->count, GFP_KERNEL);
	if (!sp->reclaim || !sp->flushing)
		return -ENOMEM;
	return 0;
}

struct vac_broker *vac_broker_create(const struct vac_space_geometry *geo,
				     const struct vac_broker_ops *ops,
				     void *priv)
{
	struct vac_broker *b;
	int i, ret = 0;

	for (i = 0; i < VAC_SPACE_COUNT; i++) {
		/* The last tag, first + count - 1, must fit in a u32. */
		if (geo[i].count && geo[i].first > U32_MAX - (geo[i].count - 1)) {
			pr_err("space %s: first %u + count %u overflows\n",
			       vac_space_names[i], geo[i].first, geo[i].count);
			return ERR_PTR(-EINVAL);
		}
	}

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	mutex_init(&b->lock);
	INIT_LIST_HEAD(&b->entries);
	if (ops)
		b->ops = *ops;
	b->priv = priv;
	for (i = 0; i < VAC_SPACE_COUNT; i++) {
		ret = vac_space_init(&b->space[i], i, &geo[i]);
		if (ret) {
			/* Spaces past i were never initialised: all NULL. */
			while (i >= 0)
				vac_space_free(&b->space[i--]);
			mutex_destroy(&b->lock);
			kfree(b);
			return ERR_PTR(ret);
		}
	}
	return b;
}

void vac_broker_destroy(struct vac_broker *b)
{
	struct vac_entry *e, *tmp;
	int i;

	if (!b)
		return;
	list_for_each_entry_safe(e, tmp, &b->entries, node) {
		if (e->state == VAC_STATE_LIVE) {
			pr_err("instance %s still registered at teardown\n",
			       e->name);
			vac_instance_unregister(e);
		}
		list_del(&e->node);
		kfree(e);
	}
	for (i = 0; i < VAC_SPACE_COUNT; i++)
		vac_space_free(&b->space[i]);
	mutex_destroy(&b->lock);
	kfree(b);
}

void *vac_broker_priv(struct vac_broker *b)
{
	return b->priv;
}

void vac_resources_get(struct vac_broker *b,
		       struct vac_space_info info[VAC_SPACE_COUNT])
{
	int i;

	mutex_lock(&b->lock);
	for (i = 0; i < VAC_SPACE_COUNT; i++) {
		struct vac_space *sp = &b->space[i];

		spin_lock(&sp->lock);
		info[i].first = sp->first;
		info[i].capacity = sp->count;
		info[i].reserved = sp->reserved;
		info[i].used = sp->used;
		info[i].free = sp->count - sp->used;
		spin_unlock(&sp->lock);
	}
	mutex_unlock(&b->lock);
}
