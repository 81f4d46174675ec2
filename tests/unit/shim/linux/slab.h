/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim of <linux/slab.h>: calloc/free, with failure injection
 * so that tests reach the -ENOMEM paths: shim_fail_alloc_after(n) makes
 * the allocation after the next n succeed fail (once).
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <stdlib.h>
#include <linux/types.h>

#define GFP_KERNEL	0x1u
#define GFP_ATOMIC	0x2u
#define __GFP_ZERO	0x100u
#define __GFP_ACCOUNT	0x400u
#define __GFP_NOWARN	0x200u
#define __GFP_RETRY_MAYFAIL	0x800u
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)

void *shim_alloc(size_t n, size_t size);
/* -1: never fail (default). */
void shim_fail_alloc_after(long n);

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	(void)gfp;
	return shim_alloc(n, size);
}

#define kcalloc(n, size, gfp)		kmalloc_array(n, size, gfp)
#define kzalloc(size, gfp)		kmalloc_array(1, size, gfp)
#define kmalloc(size, gfp)		kmalloc_array(1, size, gfp)
#define kvmalloc_array(n, size, gfp)	kmalloc_array(n, size, gfp)
#define kvcalloc(n, size, gfp)		kmalloc_array(n, size, gfp)
#define kvzalloc(size, gfp)		kmalloc_array(1, size, gfp)

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kvfree(p)	kfree(p)

#endif
