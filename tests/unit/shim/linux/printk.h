/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim of <linux/printk.h>: messages go to stderr and are
 * counted per level, the last one kept, so tests can assert that an
 * error was logged (or that nothing WARNed).
 */
#ifndef _SHIM_LINUX_PRINTK_H
#define _SHIM_LINUX_PRINTK_H

#include <linux/compiler.h>

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

enum shim_log_level {
	SHIM_LOG_ERR,
	SHIM_LOG_WARN,
	SHIM_LOG_INFO,
	SHIM_LOG_DEBUG,
	SHIM_LOG_NR,
};

__printf(2, 3) void shim_printk(int level, const char *fmt, ...);
/* Messages logged at @level so far (this process). */
unsigned long shim_printk_count(int level);
/* Copy of the last message logged at any level. */
const char *shim_printk_last(void);
void shim_printk_quiet(int quiet);

#define pr_err(fmt, ...)	shim_printk(SHIM_LOG_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	shim_printk(SHIM_LOG_WARN, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	shim_printk(SHIM_LOG_INFO, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	shim_printk(SHIM_LOG_INFO, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	shim_printk(SHIM_LOG_DEBUG, pr_fmt(fmt), ##__VA_ARGS__)

/*
 * printk_ratelimited(): the kernel allows DEFAULT_RATELIMIT_BURST (10)
 * messages per call site every 5 s.  Tests run in far less than 5 s, so
 * here a call site prints its first 10 messages and then only counts the
 * ones it suppresses.
 */
#define SHIM_RATELIMIT_BURST	10
void shim_printk_suppressed(void);
/* Messages suppressed by rate limiting so far (this process). */
unsigned long shim_printk_suppressed_count(void);

#define shim_printk_ratelimited(level, fmt, ...)			\
	do {								\
		static unsigned long _shim_rl;				\
									\
		if (__atomic_fetch_add(&_shim_rl, 1, __ATOMIC_RELAXED) < \
		    SHIM_RATELIMIT_BURST)				\
			shim_printk(level, fmt, ##__VA_ARGS__);		\
		else							\
			shim_printk_suppressed();			\
	} while (0)

#define pr_err_ratelimited(fmt, ...)					\
	shim_printk_ratelimited(SHIM_LOG_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)					\
	shim_printk_ratelimited(SHIM_LOG_WARN, pr_fmt(fmt), ##__VA_ARGS__)

#endif
