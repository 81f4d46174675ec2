/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the VAC core unit tests: a broker with recording
 * ops, geometry presets, and small assertion helpers.  The core itself is
 * compiled from kernel/vac/ through the shims in shim/.
 */
#ifndef _VAC_TEST_H
#define _VAC_TEST_H

#include <check.h>
#include <pthread.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/bitmap.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "../../kernel/vac/vac_core.h"

extern unsigned long shim_warn_count;
extern unsigned long shim_find_words;

#define EV_MAX	4096

/* What the recording ops saw. */
struct test_log {
	pthread_mutex_t lock;
	struct vac_event ev[EV_MAX];
	int nr_ev;
	int by_type[32];	/* every event, by type - NLMSG_MIN_TYPE */
	int notify_bad_lock;	/* notify() called with a space lock held */
	int flush_bad_lock;	/* flush() called with a core lock held */
	int flushes;		/* flush() calls */
	int flush_ret;		/* what flush() returns */
	/* Called inside flush(), if set (e.g. to free a tag meanwhile). */
	void (*during_flush)(struct vac_broker *b, enum vac_space_id space);
};

extern struct test_log tlog;
extern const struct vac_broker_ops test_ops;

/* Spaces: vpid 1..65535, svm 16..31 (16), sev 5..15 (11), sev_es 1..4. */
extern const struct vac_space_geometry geo_full[VAC_SPACE_COUNT];
/* As the test VM: vpid 1..65535, svm 1..15, no SEV. */
extern const struct vac_space_geometry geo_nosev[VAC_SPACE_COUNT];

void test_log_reset(void);
int test_count_events(enum vac_event_type type, const char *name);
int test_count_type(enum vac_event_type type);
struct vac_broker *test_broker(const struct vac_space_geometry *geo);

/* Set the quotas of @name: one value per space, -1 = leave. */
int test_quota(struct vac_broker *b, const char *name, long vpid, long svm,
	       long sev, long sev_es, struct vac_extack *ea);
struct vac_entry *test_register(struct vac_broker *b, const char *name);
void test_check_ok(struct vac_broker *b);
/* Fixture: registers the thread with liburcu, resets logs. */
void test_setup(void);
void test_teardown(void);

#define ck_assert_msg_has(ea, sub)					\
	ck_assert_msg(strstr((ea)->msg, (sub)) != NULL,			\
		      "message \"%s\" lacks \"%s\"", (ea)->msg, (sub))

/* Run the suite; main() of every test program. */
int test_run(Suite *s);

#endif
