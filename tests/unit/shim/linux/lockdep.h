/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/lockdep.h>: held-ness is tracked by the shims. */
#ifndef _SHIM_LINUX_LOCKDEP_H
#define _SHIM_LINUX_LOCKDEP_H

#include <assert.h>

#define lockdep_is_held(l)		shim_lock_is_held(l)
#define lockdep_assert_held(l)		assert(shim_lock_is_held(l))

#endif
