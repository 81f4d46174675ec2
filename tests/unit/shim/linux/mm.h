/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/mm.h>: only the kvmalloc family, in slab.h. */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H
#include <linux/slab.h>
#endif
