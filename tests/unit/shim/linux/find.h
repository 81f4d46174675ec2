/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim of <linux/find.h>: word-at-a-time searches with the
 * kernel's contract (return @size when nothing is found, bits at or above
 * @size never reported).
 */
#ifndef _SHIM_LINUX_FIND_H
#define _SHIM_LINUX_FIND_H

#include <linux/bitops.h>

/* Words examined by the searches, for tests of bounded search cost. */
extern unsigned long shim_find_words;

static inline unsigned long shim_find_bit(const unsigned long *addr,
					  unsigned long size,
					  unsigned long start,
					  unsigned long invert)
{
	unsigned long w, tmp;

	if (start >= size)
		return size;
	w = BIT_WORD(start);
	tmp = (addr[w] ^ invert) & (~0UL << (start % BITS_PER_LONG));
	__atomic_add_fetch(&shim_find_words, 1, __ATOMIC_RELAXED);
	while (!tmp) {
		if (++w >= BITS_TO_LONGS(size))
			return size;
		tmp = addr[w] ^ invert;
		__atomic_add_fetch(&shim_find_words, 1, __ATOMIC_RELAXED);
	}
	start = w * BITS_PER_LONG + __ffs(tmp);
	return start < size ? start : size;
}

static inline unsigned long find_next_bit(const unsigned long *addr,
					  unsigned long size,
					  unsigned long offset)
{
	return shim_find_bit(addr, size, offset, 0UL);
}

static inline unsigned long find_next_zero_bit(const unsigned long *addr,
					       unsigned long size,
					       unsigned long offset)
{
	return shim_find_bit(addr, size, offset, ~0UL);
}

#define find_first_bit(addr, size)	find_next_bit(addr, size, 0)
#define find_first_zero_bit(addr, size)	find_next_zero_bit(addr, size, 0)

#define for_each_set_bit(bit, addr, size)				\
	for ((bit) = find_next_bit((addr), (size), 0);			\
	     (bit) < (size);						\
	     (bit) = find_next_bit((addr), (size), (bit) + 1))

/* As the kernel's: the runs [b, e) of zero bits. */
#define for_each_clear_bitrange(b, e, addr, size)			\
	for ((b) = 0;							\
	     (b) = find_next_zero_bit((addr), (size), (b)),		\
	     (e) = find_next_bit((addr), (size), (b) + 1),		\
	     (b) < (size);						\
	     (b) = (e) + 1)

#endif
