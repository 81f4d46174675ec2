// SPDX-License-Identifier: GPL-2.0
/*
 * Several threads allocate and free across several instances while
 * others register/unregister, change quotas and read; then vac_check()
 * and each thread's own books must agree with the core's.
 */
#include "vac_test.h"

#define WORKERS		4
#define ROUNDS		200000
#define HELD_MAX	64

static struct vac_broker *b;
static int stop;
static int admin_sets;	/* successful quota changes of w0 */

struct worker {
	pthread_t th;
	int id;
	struct vac_entry *e;
	u32 vpid[HELD_MAX], sev[HELD_MAX];
	int nvpid, nsev;
	unsigned long refused;
	int errors;
};

static u32 rnd(u32 *x)
{
	*x = *x * 1103515245 + 12345;
	return *x >> 8;
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	u32 x = 77 + w->id, t;
	int i, ret;

	rcu_register_thread();
	for (i = 0; i < ROUNDS; i++) {
		u32 r = rnd(&x);
		bool sev = r & 1;
		u32 *held = sev ? w->sev : w->vpid;
		int *n = sev ? &w->nsev : &w->nvpid;
		enum vac_space_id s = sev ? VAC_SPACE_SEV_ASID : VAC_SPACE_VPID;

		if (*n < HELD_MAX && (r & 6)) {
			ret = vac_tag_alloc(w->e, s, &t, NULL);
			if (!ret)
				held[(*n)++] = t;
			else if (ret == -EDQUOT || ret == -EBUSY)
				w->refused++;
			else
				w->errors++;
		} else if (*n) {
			int k = (r >> 4) % *n;

			if (vac_tag_free(w->e, s, held[k]))
				w->errors++;
			held[k] = held[--(*n)];
		}
	}
	rcu_unregister_thread();
	return NULL;
}

/* Registers and unregisters "churn", leaking tags on purpose. */
static void *churn_fn(void *arg)
{
	int *errors = arg, i, k;
	u32 t;

	rcu_register_thread();
	for (i = 0; i < 300; i++) {
		struct vac_entry *e = vac_instance_register(b, "churn", NULL,
							    NULL, NULL);

		if (IS_ERR(e)) {
			(*errors)++;
			continue;
		}
		for (k = 0; k < 4; k++)
			if (vac_tag_alloc(e, VAC_SPACE_VPID, &t, NULL) ||
			    vac_tag_alloc(e, VAC_SPACE_SEV_ES_ASID, &t, NULL))
				(*errors)++;
		vac_instance_unregister(e);
	}
	rcu_unregister_thread();
	return NULL;
}

/* Changes quotas, reads, snapshots and checks, until told to stop. */
static void *admin_fn(void *arg)
{
	int *errors = arg, i = 0;
	struct vac_entry_info info, *infos;
	struct vac_space_info res[VAC_SPACE_COUNT];
	struct vac_extack ea;
	int n;

	rcu_register_thread();
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		/* "w0"'s vpid quota moves between 40 and 100. */
		n = test_quota(b, "w0", 40 + (i++ % 61), -1, -1, -1, &ea);
		if (!n)
			admin_sets++;
		else if (n != -EBUSY)
			(*errors)++;
		if (vac_quota_get(b, "w1", &info, &ea) ||
		    info.space[VAC_SPACE_VPID].used >
		    info.space[VAC_SPACE_VPID].quota)
			(*errors)++;
		n = vac_quota_snapshot(b, false, &infos, GFP_KERNEL);
		if (n < WORKERS)
			(*errors)++;
		kvfree(infos);
		vac_resources_get(b, res);
		if (res[VAC_SPACE_VPID].used > res[VAC_SPACE_VPID].capacity)
			(*errors)++;
		if (vac_check(b, &ea)) {
			fprintf(stderr, "check: %s\n", ea.msg);
			(*errors)++;
		}
		/* a throwaway entry comes and goes */
		if (test_quota(b, "tmp", 1, -1, -1, -1, NULL) ||
		    vac_quota_del(b, "tmp", NULL))
			(*errors)++;
	}
	rcu_unregister_thread();
	return NULL;
}

START_TEST(many_threads)
{
	struct worker w[WORKERS];
	struct vac_entry_info info;
	pthread_t churn, admin;
	int churn_err = 0, admin_err = 0;
	char name[VAC_NAME_LEN];
	int i, k;

	b = test_broker(geo_full);
	/* sev: 11 ASIDs, 2 per worker; tight, so flushes happen. */
	for (i = 0; i < WORKERS; i++) {
		snprintf(name, sizeof(name), "w%d", i);
		ck_assert_int_eq(test_quota(b, name, 100, 2, 2, -1, NULL), 0);
		w[i] = (struct worker){ .id = i };
		w[i].e = test_register(b, name);
	}
	ck_assert_int_eq(test_quota(b, "churn", 5, 3, -1, 4, NULL), 0);

	for (i = 0; i < WORKERS; i++)
		ck_assert_int_eq(pthread_create(&w[i].th, NULL, worker_fn,
						&w[i]), 0);
	ck_assert_int_eq(pthread_create(&churn, NULL, churn_fn, &churn_err),
			 0);
	ck_assert_int_eq(pthread_create(&admin, NULL, admin_fn, &admin_err),
			 0);
	for (i = 0; i < WORKERS; i++)
		ck_assert_int_eq(pthread_join(w[i].th, NULL), 0);
	ck_assert_int_eq(pthread_join(churn, NULL), 0);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	ck_assert_int_eq(pthread_join(admin, NULL), 0);

	ck_assert_int_eq(churn_err, 0);
	ck_assert_int_eq(admin_err, 0);
	test_check_ok(b);
	for (i = 0; i < WORKERS; i++) {
		ck_assert_int_eq(w[i].errors, 0);
		snprintf(name, sizeof(name), "w%d", i);
		ck_assert_int_eq(vac_quota_get(b, name, &info, NULL), 0);
		/* The core's books are the thread's books. */
		ck_assert_uint_eq(info.space[VAC_SPACE_VPID].used, w[i].nvpid);
		ck_assert_uint_eq(info.space[VAC_SPACE_SEV_ASID].used,
				  w[i].nsev);
		for (k = 0; k < w[i].nvpid; k++)
			ck_assert(test_bit(w[i].vpid[k] - 1,
					   w[i].e->sp[VAC_SPACE_VPID].owned));
		vac_instance_unregister(w[i].e);
	}
	/* SEV quotas are tight: some allocations had to flush. */
	ck_assert_int_gt(tlog.flushes, 0);
	ck_assert_int_eq(test_count_type(VAC_EV_INSTANCE_UP), WORKERS + 300);
	ck_assert_int_eq(test_count_type(VAC_EV_INSTANCE_DOWN), WORKERS + 300);
	ck_assert_int_eq(test_count_type(VAC_EV_QUOTA_DEL),
			 test_count_type(VAC_EV_QUOTA_SET) - WORKERS - 1 -
			 admin_sets);
	test_check_ok(b);
	vac_broker_destroy(b);
}
END_TEST

static Suite *concurrency_suite(void)
{
	Suite *s = suite_create("concurrency");
	TCase *tc = tcase_create("threads");

	tcase_add_checked_fixture(tc, test_setup, test_teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, many_threads);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(concurrency_suite());
}
