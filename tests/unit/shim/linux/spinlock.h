/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/spinlock.h>: see mutex.h. */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <linux/mutex.h>

typedef struct {
	struct shim_lock l;
} spinlock_t;

#define spin_lock_init(x)		shim_lock_init(&(x)->l)
#define spin_lock(x)			shim_lock_acquire(&(x)->l)
#define spin_lock_nested(x, sub)	((void)(sub), shim_lock_acquire(&(x)->l))
#define spin_unlock(x)			shim_lock_release(&(x)->l)

#endif
