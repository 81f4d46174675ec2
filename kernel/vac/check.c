// SPDX-License-Identifier: GPL-2.0
/*
 * VAC broker core: the consistency check.
 *
 * Recomputes every space's state from the entries and compares it with the
 * space's own books: that is what makes "every tag has at most one owner,
 * per instance used <= quota, carved ranges fit the capacity" checkable at
 * any time (tests run it after every scenario, vac.ko may run it on
 * demand).
 *
 * Locking: broker->lock (entries and reserved sums stable), then each
 * space->lock in turn while that space is checked.  Scratch bitmaps are
 * allocated before any lock is taken.
 */
#define pr_fmt(fmt) "vac: " fmt

#include <linux/kernel.h>
#include <linux/bitmap.h>
#include <linux/printk.h>
#include <linux/stdarg.h>

#include "vac_core.h"

__printf(3, 4)
static int vac_check_fail(struct vac_extack *ea, int space,
			  const char *fmt, ...)
{
	char buf[VAC_EXTACK_LEN];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	pr_err("check: %s\n", buf);
	if (ea) {
		strscpy(ea->msg, buf, sizeof(ea->msg));
		ea->space = space;
	}
	return -EUCLEAN;
}

/* Tag spaces (vpid, sev, sev_es).  @seen: scratch, sp->count bits. */
static int vac_check_tags(struct vac_broker *b, struct vac_space *sp,
			  unsigned long *seen, struct vac_extack *ea)
{
	const char *sn = vac_space_name(sp->id);
	struct vac_entry *e;
	unsigned long idx;
	u32 total = 0;

	bitmap_zero(seen, sp->count);
	list_for_each_entry(e, &b->entries, node) {
		struct vac_entry_space *es = &e->sp[sp->id];
		u32 held = 0;

		if (es->owned) {
			for_each_set_bit(idx, es->owned, sp->count)
				if (test_bit(idx, seen))
					return vac_check_fail(ea, sp->id,
							      "%s %lu held by %s and another instance",
							      sn, sp->first + idx,
							      e->name);
			bitmap_or(seen, seen, es->owned, sp->count);
			held = bitmap_weight(es->owned, sp->count);
		}
		if (held != es->used)
			return vac_check_fail(ea, sp->id,
					      "%s: %s counts %u used but holds %u",
					      sn, e->name, es->used, held);
		if (es->used > es->quota)
			return vac_check_fail(ea, sp->id,
					      "%s: %s uses %u over its quota %u",
					      sn, e->name, es->used, es->quota);
		if (es->owned && e->state != VAC_STATE_LIVE)
			return vac_check_fail(ea, sp->id,
					      "%s: %s holds tags but is not live",
					      sn, e->name);
		total += held;
	}
	if (total != sp->used)
		return vac_check_fail(ea, sp->id,
				      "%s: space counts %u used, instances hold %u",
				      sn, sp->used, total);
	if (!bitmap_subset(seen, sp->busy, sp->count))
		return vac_check_fail(ea, sp->id,
				      "%s: a held tag is not marked busy", sn);
	if (sp->reclaim) {
		if (bitmap_intersects(seen, sp->reclaim, sp->count) ||
		    bitmap_intersects(seen, sp->flushing, sp->count))
			return vac_check_fail(ea, sp->id,
					      "%s: a held tag is awaiting reclaim",
					      sn);
		bitmap_or(seen, seen, sp->reclaim, sp->count);
		bitmap_or(seen, seen, sp->flushing, sp->count);
	}
	/* Busy = held + reclaim + flushing, nothing else. */
	if (!bitmap_equal(seen, sp->busy, sp->count)) {
		bitmap_xor(seen, seen, sp->busy, sp->count);
		idx = find_first_bit(seen, sp->count);
		return vac_check_fail(ea, sp->id,
				      "%s %lu: busy bit disagrees with holders and reclaim",
				      sn, sp->first + idx);
	}
	return 0;
}

/* svm_asid: ranges.  @seen: scratch, sp->count bits. */
static int vac_check_ranges(struct vac_broker *b, struct vac_space *sp,
			    unsigned long *seen, struct vac_extack *ea)
{
	const char *sn = vac_space_name(sp->id);
	struct vac_entry *e;
	u32 total = 0;

	bitmap_zero(seen, sp->count);
	list_for_each_entry(e, &b->entries, node) {
		struct vac_entry_space *es = &e->sp[sp->id];

		if (!es->used)
			continue;
		if (e->state != VAC_STATE_LIVE || es->used != es->quota)
			return vac_check_fail(ea, sp->id,
					      "%s: %s range of %u does not match its state or quota %u",
					      sn, e->name, es->used, es->quota);
		if (es->range_first >= sp->count ||
		    es->used > sp->count - es->range_first)
			return vac_check_fail(ea, sp->id,
					      "%s: %s range %u+%u is outside the space",
					      sn, e->name, es->range_first, es->used);
		if (find_next_bit(seen, es->range_first + es->used,
				  es->range_first) < es->range_first + es->used)
			return vac_check_fail(ea, sp->id,
					      "%s: %s range overlaps another",
					      sn, e->name);
		bitmap_set(seen, es->range_first, es->used);
		total += es->used;
	}
	if (total != sp->used || !bitmap_equal(seen, sp->busy, sp->count))
		return vac_check_fail(ea, sp->id,
				      "%s: carved slots do not match the ranges",
				      sn);
	return 0;
}

static int vac_check_space(struct vac_broker *b, struct vac_space *sp,
			   unsigned long *seen, struct vac_extack *ea)
{
	const char *sn = vac_space_name(sp->id);
	struct vac_entry *e;
	unsigned long w;
	u32 reserved = 0;

	list_for_each_entry(e, &b->entries, node)
		reserved += vac_entry_reserve(e, sp->id);
	if (reserved != sp->reserved)
		return vac_check_fail(ea, sp->id,
				      "%s: reserved %u but quotas sum to %u",
				      sn, sp->reserved, reserved);
	if (reserved > sp->count)
		return vac_check_fail(ea, sp->id,
				      "%s: quotas sum to %u over capacity %u",
				      sn, reserved, sp->count);
	if (!sp->count)
		return 0;
	for (w = 0; w < BITS_TO_LONGS(sp->count); w++)
		if (test_bit(w, sp->full) != vac_space_word_full(sp, w))
			return vac_check_fail(ea, sp->id,
					      "%s: summary bit of word %lu is wrong",
					      sn, w);
	if (vac_space_is_range(sp->id))
		return vac_check_ranges(b, sp, seen, ea);
	return vac_check_tags(b, sp, seen, ea);
}

/* Only a live instance drains or counts VMs. */
static int vac_check_load(struct vac_broker *b, struct vac_extack *ea)
{
	struct vac_entry *e;
	int ret = 0;

	list_for_each_entry(e, &b->entries, node) {
		spin_lock(&e->load_lock);
		if (e->state != VAC_STATE_LIVE &&
		    (e->draining || e->vms || e->vcpus))
			ret = vac_check_fail(ea, -1,
					     "%s: not live but draining %d, %u VMs, %u vCPUs",
					     e->name, e->draining, e->vms,
					     e->vcpus);
		spin_unlock(&e->load_lock);
		if (ret)
			break;
	}
	return ret;
}

int vac_check(struct vac_broker *b, struct vac_extack *ea)
{
	unsigned long *seen;
	u32 most = 1;
	int s, ret = 0;

	vac_extack_reset(ea);
	for (s = 0; s < VAC_SPACE_COUNT; s++)
		most = max(most, b->space[s].count);
	seen = bitmap_zalloc(most, GFP_KERNEL);
	if (!seen)
		return -ENOMEM;

	mutex_lock(&b->lock);
	for (s = 0; s < VAC_SPACE_COUNT && !ret; s++) {
		struct vac_space *sp = &b->space[s];

		spin_lock(&sp->lock);
		ret = vac_check_space(b, sp, seen, ea);
		spin_unlock(&sp->lock);
	}
	if (!ret)
		ret = vac_check_load(b, ea);
	mutex_unlock(&b->lock);
	bitmap_free(seen);
	return ret;
}
