// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the VAC core unit tests (see vac_test.h). */
#include <stdlib.h>
#include "vac_test.h"

struct test_log tlog = { .lock = PTHREAD_MUTEX_INITIALIZER };

const struct vac_space_geometry geo_full[VAC_SPACE_COUNT] = {
	[VAC_SPACE_VPID] = { 1, 65535 },
	[VAC_SPACE_SVM_ASID] = { 16, 16 },
	[VAC_SPACE_SEV_ASID] = { 5, 11 },
	[VAC_SPACE_SEV_ES_ASID] = { 1, 4 },
};

const struct vac_space_geometry geo_nosev[VAC_SPACE_COUNT] = {
	[VAC_SPACE_VPID] = { 1, 65535 },
	[VAC_SPACE_SVM_ASID] = { 1, 15 },
};

static bool any_space_lock_held(struct vac_broker *b)
{
	int s;

	for (s = 0; s < VAC_SPACE_COUNT; s++)
		if (shim_lock_is_held(&b->space[s].lock))
			return true;
	return false;
}

static void test_notify(struct vac_broker *b, const struct vac_event *ev)
{
	bool bad = any_space_lock_held(b);

	pthread_mutex_lock(&tlog.lock);
	if (bad)
		tlog.notify_bad_lock++;
	if (tlog.nr_ev < EV_MAX)
		tlog.ev[tlog.nr_ev++] = *ev;
	tlog.by_type[(ev->type - NLMSG_MIN_TYPE) & 31]++;
	pthread_mutex_unlock(&tlog.lock);
}

static int test_flush(struct vac_broker *b, enum vac_space_id space,
		      struct vac_entry *inst)
{
	int ret;

	(void)inst;
	pthread_mutex_lock(&tlog.lock);
	if (any_space_lock_held(b) || shim_lock_is_held(&b->lock))
		tlog.flush_bad_lock++;
	tlog.flushes++;
	ret = tlog.flush_ret;
	pthread_mutex_unlock(&tlog.lock);
	if (tlog.during_flush)
		tlog.during_flush(b, space);
	return ret;
}

const struct vac_broker_ops test_ops = {
	.notify = test_notify,
	.flush = test_flush,
};

void test_log_reset(void)
{
	pthread_mutex_lock(&tlog.lock);
	tlog.nr_ev = 0;
	memset(tlog.by_type, 0, sizeof(tlog.by_type));
	tlog.notify_bad_lock = 0;
	tlog.flush_bad_lock = 0;
	tlog.flushes = 0;
	tlog.flush_ret = 0;
	tlog.during_flush = NULL;
	pthread_mutex_unlock(&tlog.lock);
}

int test_count_events(enum vac_event_type type, const char *name)
{
	int i, n = 0;

	pthread_mutex_lock(&tlog.lock);
	for (i = 0; i < tlog.nr_ev; i++)
		if (tlog.ev[i].type == type &&
		    (!name || !strcmp(tlog.ev[i].name, name)))
			n++;
	pthread_mutex_unlock(&tlog.lock);
	return n;
}

int test_count_type(enum vac_event_type type)
{
	int n;

	pthread_mutex_lock(&tlog.lock);
	n = tlog.by_type[(type - NLMSG_MIN_TYPE) & 31];
	pthread_mutex_unlock(&tlog.lock);
	return n;
}

struct vac_broker *test_broker(const struct vac_space_geometry *geo)
{
	struct vac_broker *b = vac_broker_create(geo, &test_ops, &tlog);

	ck_assert(!IS_ERR_OR_NULL(b));
	return b;
}

int test_quota(struct vac_broker *b, const char *name, long vpid, long svm,
	       long sev, long sev_es, struct vac_extack *ea)
{
	long v[VAC_SPACE_COUNT] = { vpid, svm, sev, sev_es, -1 };
	struct vac_quota_req req = { 0 };
	int s;

	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		if (v[s] < 0)
			continue;
		req.mask |= 1UL << s;
		req.max[s] = v[s];
	}
	return vac_quota_set(b, name, &req, ea);
}

struct vac_entry *test_register(struct vac_broker *b, const char *name)
{
	struct vac_extack ea;
	struct vac_entry *e = vac_instance_register(b, name, NULL, NULL, &ea);

	ck_assert_msg(!IS_ERR(e), "register %s: %ld %s", name, PTR_ERR(e),
		      ea.msg);
	return e;
}

void test_check_ok(struct vac_broker *b)
{
	struct vac_extack ea;
	int ret = vac_check(b, &ea);

	ck_assert_msg(ret == 0, "vac_check: %d %s", ret, ea.msg);
}

void test_setup(void)
{
	rcu_register_thread();
	test_log_reset();
	shim_fail_alloc_after(-1);
	shim_printk_quiet(getenv("VAC_TEST_VERBOSE") == NULL);
}

void test_teardown(void)
{
	ck_assert_int_eq(shim_warn_count, 0);
	ck_assert_int_eq(tlog.notify_bad_lock, 0);
	ck_assert_int_eq(tlog.flush_bad_lock, 0);
	rcu_unregister_thread();
}

int test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
