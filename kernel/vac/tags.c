// SPDX-License-Identifier: GPL-2.0
/*
 * VAC broker core: charging and uncharging tags (vpid, sev_asid,
 * sev_es_asid).
 *
 * Each space keeps a @busy bitmap (one bit per tag) and a summary bitmap
 * @full with one bit per word of @busy, set when that word is full.  An
 * allocation starts at a rotating @hint: it looks at the rest of the hint's
 * word, then finds the next non-full word through @full and takes a zero
 * bit in it.  For a 65,535-tag space that is at most 16 summary words plus
 * one bitmap word, however full the space is: no scan of the whole bitmap.
 * The rotation also keeps a freed tag from being handed out again at once.
 *
 * Handover, per space (how a tag is made safe for its next owner):
 *  - vpid: flush on first use.  vac_tag_free() frees the tag at once and
 *    marks it @stale; the next vac_tag_alloc() of it clears the mark and
 *    reports *needs_flush = true.  The new owner must flush it on each CPU
 *    before running a guest with it there, which KVM does for every VPID
 *    (first load of a VMCS on a CPU), so vac_vpid_alloc() does not ask.
 *    The flush cannot be done at release: the stale translations may sit
 *    on any CPU.
 *  - sev_asid, sev_es_asid: flush at release, deferred.  A freed tag goes
 *    to @reclaim and stays busy.  When an allocation finds no free tag,
 *    ops->flush() (WBINVD on all CPUs + SEV DF_FLUSH) runs once, and the
 *    tags that were in @reclaim when it started become free: KVM 6.1's
 *    sev_asid_new() / __sev_recycle_asids(), which holds its bitmap lock
 *    across flush and retry.  Here the space lock is a spinlock, dropped
 *    across the flush, so the allocation takes its tag in the critical
 *    section that frees them.  Tags freed while the flush runs wait for
 *    the next one.  *needs_flush is therefore always false.
 *  - svm_asid: not charged here; see range.c.
 *
 * Every message here can follow from what a guest or a user of
 * /dev/kvm-NAME does (a vCPU creation, an SEV guest launch), so all are
 * rate-limited.
 *
 * Locking: space->lock (a spinlock) protects the bitmaps, space->used,
 * space->hint and every entry's used/quota/exhausted/owned in that space.
 * The flush runs under space->flush_lock (a mutex, serialising flushes of
 * one space) with no spinlock held.  ops->notify() is called after
 * space->lock is dropped.
 */
#define pr_fmt(fmt) "vac: " fmt

#include <linux/kernel.h>
#include <linux/bitmap.h>
#include <linux/printk.h>

#include "vac_core.h"

/* Mask of the bits of word @w of @busy that are tags of the space. */
static unsigned long vac_word_mask(const struct vac_space *sp,
				   unsigned long w)
{
	if (w == BIT_WORD(sp->count - 1) && sp->count % BITS_PER_LONG)
		return BITMAP_LAST_WORD_MASK(sp->count);
	return ~0UL;
}

bool vac_space_word_full(const struct vac_space *sp, unsigned long w)
{
	unsigned long mask = vac_word_mask(sp, w);

	return (sp->busy[w] & mask) == mask;
}

/* Recompute the summary bits of the words holding @start..@start+@len-1. */
void vac_space_summary_update(struct vac_space *sp, unsigned long start,
			      unsigned long len)
{
	unsigned long w, last;

	if (!len)
		return;
	last = BIT_WORD(start + len - 1);
	for (w = BIT_WORD(start); w <= last; w++) {
		if (vac_space_word_full(sp, w))
			__set_bit(w, sp->full);
		else
			__clear_bit(w, sp->full);
	}
}

/* Index of a free tag from the hint on, or sp->count if there is none. */
static unsigned long vac_space_find_free(struct vac_space *sp)
{
	unsigned long nwords = BITS_TO_LONGS(sp->count);
	unsigned long hw = BIT_WORD(sp->hint);
	unsigned long end, idx, w;

	/* The rest of the hint's word. */
	end = min_t(unsigned long, sp->count, (hw + 1) * BITS_PER_LONG);
	idx = find_next_zero_bit(sp->busy, end, sp->hint);
	if (idx < end)
		return idx;
	/* The next word that is not full: after hw, else from 0 to hw. */
	w = find_next_zero_bit(sp->full, nwords, hw + 1);
	if (w >= nwords) {
		w = find_first_zero_bit(sp->full, hw + 1);
		if (w > hw)
			return sp->count;
	}
	/* The summary is exact, so word w has a zero bit. */
	end = min_t(unsigned long, sp->count, (w + 1) * BITS_PER_LONG);
	idx = find_next_zero_bit(sp->busy, end, w * BITS_PER_LONG);
	return idx < end ? idx : sp->count;
}

static void vac_tag_take(struct vac_space *sp, struct vac_entry_space *es,
			 unsigned long idx)
{
	__set_bit(idx, sp->busy);
	vac_space_summary_update(sp, idx, 1);
	__set_bit(idx, es->owned);
	es->used++;
	sp->used++;
	sp->hint = idx + 1 < sp->count ? idx + 1 : 0;
}

/*
 * For an allocation of @inst: take a free tag of @sp now, if @inst may
 * still have one (registered, under its quota).  Returns the tag's index,
 * or ULONG_MAX (then the caller looks again, and says why).  space->lock
 * held.
 */
static unsigned long vac_tag_take_for(struct vac_space *sp,
				      struct vac_entry *inst)
{
	struct vac_entry_space *es = &inst->sp[sp->id];
	unsigned long idx;

	if (!es->owned || es->used >= es->quota)
		return ULONG_MAX;
	idx = vac_space_find_free(sp);
	if (idx >= sp->count)
		return ULONG_MAX;
	vac_tag_take(sp, es, idx);
	return idx;
}

/*
 * Deferred reclaim: make the tags in @reclaim allocatable through
 * ops->flush().
 *
 * With @taken (the allocation path of @inst, which found no free tag): if
 * a concurrent flush freed tags while we waited for flush_lock, no flush;
 * either way, one free tag is taken for @inst in the same critical
 * section that finds or frees it, and its index stored in *@taken
 * (ULONG_MAX if none was taken: @inst reached its quota or unregistered
 * meanwhile).  Looking again after the flush instead would let another
 * instance take every tag the flush freed, even churn them back into
 * reclaim, and leave @inst with -EBUSY while under its quota - which
 * quotas partitioning the space are there to rule out.
 *
 * Returns 0 if the flush succeeded (here or concurrently) or, without
 * @taken, there was nothing to flush; -EBUSY if there was nothing to
 * flush and no tag is free; -EOPNOTSUPP without ops->flush; else the
 * flush's error (the tags stay in reclaim).
 */
static int vac_space_flush(struct vac_broker *b, struct vac_space *sp,
			   struct vac_entry *inst, unsigned long *taken)
{
	int ret;

	mutex_lock(&sp->flush_lock);
	spin_lock(&sp->lock);
	if (taken && vac_space_find_free(sp) < sp->count) {
		/* Another flush freed tags while we waited for flush_lock. */
		*taken = vac_tag_take_for(sp, inst);
		spin_unlock(&sp->lock);
		mutex_unlock(&sp->flush_lock);
		return 0;
	}
	if (bitmap_empty(sp->reclaim, sp->count) || !b->ops.flush) {
		ret = !bitmap_empty(sp->reclaim, sp->count) ? -EOPNOTSUPP :
		      taken ? -EBUSY : 0;
		spin_unlock(&sp->lock);
		mutex_unlock(&sp->flush_lock);
		return ret;
	}
	/* Only what is in reclaim now is covered by this flush. */
	bitmap_copy(sp->flushing, sp->reclaim, sp->count);
	bitmap_zero(sp->reclaim, sp->count);
	spin_unlock(&sp->lock);

	ret = b->ops.flush(b, sp->id, inst);

	spin_lock(&sp->lock);
	if (!ret) {
		bitmap_andnot(sp->busy, sp->busy, sp->flushing, sp->count);
		vac_space_summary_update(sp, 0, sp->count);
		sp->flushes++;
		if (taken)
			*taken = vac_tag_take_for(sp, inst);
	} else {
		bitmap_or(sp->reclaim, sp->reclaim, sp->flushing, sp->count);
		sp->flush_failures++;
	}
	bitmap_zero(sp->flushing, sp->count);
	spin_unlock(&sp->lock);
	mutex_unlock(&sp->flush_lock);
	if (ret)
		pr_err_ratelimited("%s flush failed (%d); freed ASIDs stay in reclaim\n",
				   vac_space_name(sp->id), ret);
	return ret;
}

int vac_space_flush_reclaim(struct vac_broker *b, enum vac_space_id space,
			    struct vac_entry *inst)
{
	if ((unsigned int)space >= VAC_SPACE_COUNT ||
	    !vac_space_is_deferred(space)) {
		pr_err_ratelimited("reclaim flush: space %d has no deferred reclaim\n",
				   space);
		return -EINVAL;
	}
	if (!b->space[space].count)
		return 0;
	return vac_space_flush(b, &b->space[space], inst, NULL);
}

static int vac_tag_args_ok(struct vac_entry *inst, enum vac_space_id space,
			   const char *what)
{
	if (!inst || (unsigned int)space >= VAC_SPACE_COUNT ||
	    vac_space_is_range(space)) {
		if (vac_space_is_range(space))
			pr_err_ratelimited("%s: %s is a range, see vac_instance_range()\n",
					   what, vac_space_name(space));
		else
			pr_err_ratelimited("%s: bad space %d\n", what, space);
		return -EINVAL;
	}
	if (!inst->broker->space[space].count)
		return -ENODEV;
	return 0;
}

int vac_tag_alloc(struct vac_entry *inst, enum vac_space_id space, u32 *tag,
		  bool *needs_flush)
{
	struct vac_broker *b;
	struct vac_space *sp;
	struct vac_entry_space *es;
	bool flushed = false, stale = false;
	unsigned long idx;
	u32 quota, used, exhausted;
	int ret;

	ret = vac_tag_args_ok(inst, space, "tag alloc");
	if (ret)
		return ret;
	b = inst->broker;
	sp = &b->space[space];
	es = &inst->sp[space];
again:
	spin_lock(&sp->lock);
	if (!es->owned) {
		spin_unlock(&sp->lock);
		pr_err_ratelimited("tag alloc: instance %s is not registered\n",
				   inst->name);
		return -ENODEV;
	}
	if (es->used >= es->quota) {
		exhausted = ++es->exhausted;
		quota = es->quota;
		used = es->used;
		spin_unlock(&sp->lock);
		vac_event_fire(b, VAC_EV_QUOTA_EXHAUSTED, inst->name, space,
			       quota, used, exhausted);
		return -EDQUOT;
	}
	idx = vac_space_find_free(sp);
	if (idx >= sp->count) {
		/*
		 * used < quota and the quotas fit the capacity, so every
		 * missing tag is in reclaim or being flushed: one flush,
		 * which takes our tag as it frees them (see
		 * vac_space_flush()).
		 */
		spin_unlock(&sp->lock);
		if (!vac_space_is_deferred(space) || flushed)
			return -EBUSY;
		flushed = true;
		if (vac_space_flush(b, sp, inst, &idx))
			return -EBUSY;
		if (idx == ULONG_MAX)
			goto again;	/* quota reached or unregistered */
		goto out;
	}
	vac_tag_take(sp, es, idx);
	stale = sp->stale && __test_and_clear_bit(idx, sp->stale);
	spin_unlock(&sp->lock);
out:
	if (needs_flush)
		*needs_flush = stale;
	*tag = sp->first + idx;
	return 0;
}

/* Give tag @idx of @sp back; @es held it.  space->lock held. */
static void vac_tag_put(struct vac_space *sp, struct vac_entry_space *es,
			unsigned long idx)
{
	__clear_bit(idx, es->owned);
	es->used--;
	sp->used--;
	if (vac_space_is_deferred(sp->id)) {
		/* Stays busy until a flush. */
		__set_bit(idx, sp->reclaim);
		return;
	}
	__clear_bit(idx, sp->busy);
	__clear_bit(BIT_WORD(idx), sp->full);
	__set_bit(idx, sp->stale);
}

int vac_tag_free(struct vac_entry *inst, enum vac_space_id space, u32 tag)
{
	struct vac_space *sp;
	struct vac_entry_space *es;
	unsigned long idx;
	int ret;

	ret = vac_tag_args_ok(inst, space, "tag free");
	if (ret)
		return ret == -ENODEV ? -EINVAL : ret;
	sp = &inst->broker->space[space];
	es = &inst->sp[space];
	idx = (unsigned long)tag - sp->first;

	spin_lock(&sp->lock);
	if (tag < sp->first || idx >= sp->count || !es->owned ||
	    !test_bit(idx, es->owned)) {
		spin_unlock(&sp->lock);
		pr_err_ratelimited("instance %s frees %s %u that it does not hold\n",
				   inst->name, vac_space_name(space), tag);
		return -EINVAL;
	}
	vac_tag_put(sp, es, idx);
	spin_unlock(&sp->lock);
	return 0;
}

/*
 * Release every tag @e holds in @space, as if freed one by one.  space->lock
 * held.  Returns how many there were.
 */
u32 vac_tags_release_all(struct vac_entry *e, enum vac_space_id space)
{
	struct vac_space *sp = &e->broker->space[space];
	struct vac_entry_space *es = &e->sp[space];
	unsigned long idx;
	u32 n = 0;

	for_each_set_bit(idx, es->owned, sp->count) {
		vac_tag_put(sp, es, idx);
		n++;
	}
	return n;
}
