/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/kernel.h>. */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/stdarg.h>
#include <linux/string.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

/* A WARN in the core is a bug: counted so that tests can assert none. */
extern unsigned long shim_warn_count;
#define WARN_ON(cond) ({						\
	int __w = !!(cond);						\
	if (__w) {							\
		__atomic_add_fetch(&shim_warn_count, 1, __ATOMIC_RELAXED); \
		fprintf(stderr, "WARNING at %s:%d\n", __FILE__, __LINE__); \
	}								\
	__w; })
#define WARN_ON_ONCE(cond)	WARN_ON(cond)

#define might_sleep()		do { } while (0)

#endif
