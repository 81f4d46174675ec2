/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/compiler.h>. */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define __must_check	__attribute__((warn_unused_result))
#define __always_unused	__attribute__((unused))
#define __maybe_unused	__attribute__((unused))

/* As the kernel: one untorn access the compiler may not elide or merge. */
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) \
	do { *(volatile __typeof__(x) *)&(x) = (v); } while (0)

#endif
