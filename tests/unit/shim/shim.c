// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line parts of the userspace shims: printk and allocation with
 * failure injection.  Thread-safe: the concurrency tests log and allocate
 * from several threads.
 */
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/mutex.h>

void (*shim_lock_hook)(struct shim_lock *l, bool acquire);
unsigned long shim_warn_count;
unsigned long shim_find_words;

static pthread_mutex_t shim_log_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long shim_log_counts[SHIM_LOG_NR];
static char shim_log_last[512];
static int shim_log_quiet;

static const char *const shim_level_names[SHIM_LOG_NR] = {
	"err", "warn", "info", "debug",
};

void shim_printk(int level, const char *fmt, ...)
{
	va_list args;

	pthread_mutex_lock(&shim_log_lock);
	va_start(args, fmt);
	vsnprintf(shim_log_last, sizeof(shim_log_last), fmt, args);
	va_end(args);
	shim_log_counts[level]++;
	if (!shim_log_quiet)
		fprintf(stderr, "[kernel %s] %s", shim_level_names[level],
			shim_log_last);
	pthread_mutex_unlock(&shim_log_lock);
}

unsigned long shim_printk_count(int level)
{
	unsigned long n;

	pthread_mutex_lock(&shim_log_lock);
	n = shim_log_counts[level];
	pthread_mutex_unlock(&shim_log_lock);
	return n;
}

const char *shim_printk_last(void)
{
	return shim_log_last;
}

void shim_printk_quiet(int quiet)
{
	shim_log_quiet = quiet;
}

static unsigned long shim_log_suppressed;

void shim_printk_suppressed(void)
{
	__atomic_fetch_add(&shim_log_suppressed, 1, __ATOMIC_RELAXED);
}

unsigned long shim_printk_suppressed_count(void)
{
	return __atomic_load_n(&shim_log_suppressed, __ATOMIC_RELAXED);
}

static long shim_fail_countdown = -1;

void shim_fail_alloc_after(long n)
{
	__atomic_store_n(&shim_fail_countdown, n, __ATOMIC_SEQ_CST);
}

void *shim_alloc(size_t n, size_t size)
{
	long left = __atomic_load_n(&shim_fail_countdown, __ATOMIC_SEQ_CST);

	if (left >= 0) {
		/* Count this allocation; the one that reaches -1 fails. */
		if (__atomic_sub_fetch(&shim_fail_countdown, 1,
				       __ATOMIC_SEQ_CST) == -1)
			return NULL;
	}
	return calloc(n ? n : 1, size ? size : 1);
}
