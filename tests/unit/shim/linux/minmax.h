/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/minmax.h>: type-checked like the kernel's. */
#ifndef _SHIM_LINUX_MINMAX_H
#define _SHIM_LINUX_MINMAX_H

#define __shim_cmp(x, y, op) ({				\
	__typeof__(x) _x = (x);				\
	__typeof__(y) _y = (y);				\
	(void)(&_x == &_y);	/* same type, as the kernel insists */ \
	_x op _y ? _x : _y; })

#define min(x, y)	__shim_cmp(x, y, <)
#define max(x, y)	__shim_cmp(x, y, >)
#define min_t(t, x, y)	__shim_cmp((t)(x), (t)(y), <)
#define max_t(t, x, y)	__shim_cmp((t)(x), (t)(y), >)

#endif
