/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim of <linux/rcupdate.h>: liburcu (default flavour, memb).
 * rcu_read_lock(), rcu_read_unlock(), synchronize_rcu() and struct
 * rcu_head come from liburcu under the kernel's names; threads that read
 * must be registered with rcu_register_thread(), as liburcu requires.
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

#include <urcu.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>

/*
 * kfree_rcu(): wait for a grace period, then free.  Synchronous rather
 * than call_rcu(), so that nothing is left pending when a test ends; the
 * guarantee the core relies on (no reader still sees the object) is the
 * same.
 */
#define kfree_rcu(ptr, field)					\
	do {							\
		(void)&(ptr)->field;				\
		synchronize_rcu();				\
		kfree(ptr);					\
	} while (0)

#endif
