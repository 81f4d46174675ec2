// SPDX-License-Identifier: GPL-2.0
/*
 * VAC broker core: svm_asid range carving.
 *
 * Each instance gets one contiguous range of SVM ASIDs when it registers;
 * its own per-CPU generation allocator (svm.c new_asid()) then cycles
 * inside [min_asid, max_asid].  The range is fixed for the instance's life.
 *
 * Policy: best fit, lowest address on ties.  Taking the smallest hole that
 * fits keeps the large holes whole for large requests; first fit would
 * split the first big hole for every small instance.  Ties go to the lowest
 * address so that results are deterministic and free space collects at the
 * top.  The scan walks holes with for_each_clear_bitrange(): it is
 * O(number of holes) and runs only at registration, under broker->lock.
 *
 * Handover (svm_asid): an ASID range given up by one instance may be carved
 * for another without any flush here.  A KVM instance starts every CPU
 * with next_asid = max_asid + 1, so its first new_asid() on each CPU opens
 * a new generation with TLB_CONTROL_FLUSH_ALL_ASID, which drops whatever
 * the previous owner left in that CPU's TLB for any ASID.
 *
 * Locking: callers hold broker->lock, which is what keeps the svm_asid
 * busy bitmap stable (only registration changes it), so vac_range_find()
 * reads it without space->lock.  vac_range_mark() changes it and needs
 * space->lock too, taken by the caller together with the entry's figures
 * so that readers holding only space->lock see both agree.
 */
#include <linux/kernel.h>
#include <linux/bitmap.h>

#include "vac_core.h"

u32 vac_range_largest_hole(struct vac_space *sp)
{
	unsigned long start, end;
	u32 largest = 0;

	for_each_clear_bitrange(start, end, sp->busy, sp->count)
		largest = max_t(u32, largest, end - start);
	return largest;
}

int vac_range_find(struct vac_space *sp, u32 size, u32 *first,
		   struct vac_extack *ea)
{
	unsigned long start, end, best = ULONG_MAX;
	u32 best_len = U32_MAX;

	if (!size) {
		*first = 0;
		return 0;
	}
	for_each_clear_bitrange(start, end, sp->busy, sp->count) {
		/* Strictly smaller: the lowest address wins a tie. */
		if (end - start >= size && end - start < best_len) {
			best = start;
			best_len = end - start;
		}
	}
	if (best == ULONG_MAX) {
		vac_extack_set(ea, sp->id,
			       "no contiguous %s range of %u: largest hole is %u (%u free in total)",
			       vac_space_name(sp->id), size,
			       vac_range_largest_hole(sp), sp->count - sp->used);
		return -ENOSPC;
	}

	*first = best;
	return 0;
}

void vac_range_mark(struct vac_space *sp, u32 first, u32 size, bool carve)
{
	if (!size)
		return;
	if (carve) {
		bitmap_set(sp->busy, first, size);
		sp->used += size;
	} else {
		bitmap_clear(sp->busy, first, size);
		sp->used -= size;
	}
	vac_space_summary_update(sp, first, size);
}
