/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim of <linux/bitmap.h>.  Semantics follow lib/bitmap.c:
 * predicates (empty, equal, subset, intersects, weight) ignore bits at
 * and above @nbits; and/andnot mask the last word; or/xor/copy work on
 * whole words.
 */
#ifndef _SHIM_LINUX_BITMAP_H
#define _SHIM_LINUX_BITMAP_H

#include <string.h>
#include <linux/bitops.h>
#include <linux/find.h>
#include <linux/slab.h>

#define BITMAP_FIRST_WORD_MASK(start) (~0UL << ((start) & (BITS_PER_LONG - 1)))
#define BITMAP_LAST_WORD_MASK(nbits) (~0UL >> (-(nbits) & (BITS_PER_LONG - 1)))

static inline unsigned long *bitmap_zalloc(unsigned int nbits, gfp_t gfp)
{
	return kcalloc(BITS_TO_LONGS(nbits), sizeof(unsigned long), gfp);
}

static inline void bitmap_free(const unsigned long *bitmap)
{
	kfree(bitmap);
}

static inline void bitmap_zero(unsigned long *dst, unsigned int nbits)
{
	memset(dst, 0, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

static inline void bitmap_copy(unsigned long *dst, const unsigned long *src,
			       unsigned int nbits)
{
	memcpy(dst, src, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

static inline void bitmap_set(unsigned long *map, unsigned int start,
			      unsigned int len)
{
	while (len--)
		__set_bit(start++, map);
}

static inline void bitmap_clear(unsigned long *map, unsigned int start,
				unsigned int len)
{
	while (len--)
		__clear_bit(start++, map);
}

#define SHIM_BITMAP_FOR_WORDS(k, nbits) \
	for ((k) = 0; (k) < (unsigned int)BITS_TO_LONGS(nbits); (k)++)

/* Mask of the valid bits of word @k of an @nbits bitmap. */
static inline unsigned long shim_word_mask(unsigned int k, unsigned int nbits)
{
	if (k == BIT_WORD(nbits - 1) && nbits % BITS_PER_LONG)
		return BITMAP_LAST_WORD_MASK(nbits);
	return ~0UL;
}

static inline void bitmap_or(unsigned long *dst, const unsigned long *a,
			     const unsigned long *b, unsigned int nbits)
{
	unsigned int k;

	SHIM_BITMAP_FOR_WORDS(k, nbits)
		dst[k] = a[k] | b[k];
}

static inline void bitmap_xor(unsigned long *dst, const unsigned long *a,
			      const unsigned long *b, unsigned int nbits)
{
	unsigned int k;

	SHIM_BITMAP_FOR_WORDS(k, nbits)
		dst[k] = a[k] ^ b[k];
}

static inline bool bitmap_and(unsigned long *dst, const unsigned long *a,
			      const unsigned long *b, unsigned int nbits)
{
	unsigned long res = 0;
	unsigned int k;

	SHIM_BITMAP_FOR_WORDS(k, nbits)
		res |= (dst[k] = a[k] & b[k] & shim_word_mask(k, nbits));
	return res != 0;
}

static inline bool bitmap_andnot(unsigned long *dst, const unsigned long *a,
				 const unsigned long *b, unsigned int nbits)
{
	unsigned long res = 0;
	unsigned int k;

	SHIM_BITMAP_FOR_WORDS(k, nbits)
		res |= (dst[k] = a[k] & ~b[k] & shim_word_mask(k, nbits));
	return res != 0;
}

static inline bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{
	return find_first_bit(src, nbits) >= nbits;
}

static inline bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	return find_first_zero_bit(src, nbits) >= nbits;
}

static inline bool bitmap_equal(const unsigned long *a,
				const unsigned long *b, unsigned int nbits)
{
	unsigned int k;

	SHIM_BITMAP_FOR_WORDS(k, nbits)
		if ((a[k] ^ b[k]) & shim_word_mask(k, nbits))
			return false;
	return true;
}

static inline bool bitmap_intersects(const unsigned long *a,
				     const unsigned long *b,
				     unsigned int nbits)
{
	unsigned int k;

	SHIM_BITMAP_FOR_WORDS(k, nbits)
		if (a[k] & b[k] & shim_word_mask(k, nbits))
			return true;
	return false;
}

/* Is @a a subset of @b? */
static inline bool bitmap_subset(const unsigned long *a,
				 const unsigned long *b, unsigned int nbits)
{
	unsigned int k;

	SHIM_BITMAP_FOR_WORDS(k, nbits)
		if (a[k] & ~b[k] & shim_word_mask(k, nbits))
			return false;
	return true;
}

static inline unsigned int bitmap_weight(const unsigned long *src,
					 unsigned int nbits)
{
	unsigned int k, w = 0;

	SHIM_BITMAP_FOR_WORDS(k, nbits)
		w += hweight_long(src[k] & shim_word_mask(k, nbits));
	return w;
}

#endif
