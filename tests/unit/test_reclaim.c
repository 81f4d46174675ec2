// SPDX-License-Identifier: GPL-2.0
/* SEV / SEV-ES deferred reclaim through a counting ops->flush(). */
#include "vac_test.h"

static struct vac_broker *b;
static struct vac_entry *a;
static struct vac_space *sev;

/* sev_asid 5..15 (11), sev_es_asid 1..4. */
static void setup(void)
{
	test_setup();
	b = test_broker(geo_full);
	sev = &b->space[VAC_SPACE_SEV_ASID];
	ck_assert_int_eq(test_quota(b, "a", -1, -1, 11, 4, NULL), 0);
	a = test_register(b, "a");
}

static void teardown(void)
{
	test_check_ok(b);
	vac_instance_unregister(a);
	test_check_ok(b);
	vac_broker_destroy(b);
	test_teardown();
}

static void fill(enum vac_space_id s, u32 *tags, int n)
{
	bool nf = true;
	int i;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(vac_tag_alloc(a, s, &tags[i], &nf), 0);
		ck_assert(!nf);	/* flushed at release: never on first use */
	}
}

START_TEST(recycle_when_full)
{
	u32 tags[11], t;
	bool nf = true;
	int i;

	fill(VAC_SPACE_SEV_ASID, tags, 11);
	ck_assert_int_eq(tlog.flushes, 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, tags[i]),
				 0);
	/* Freed ASIDs are not free: they wait in reclaim, still busy. */
	ck_assert_uint_eq(bitmap_weight(sev->reclaim, 11), 3);
	ck_assert(bitmap_full(sev->busy, 11));
	ck_assert_uint_eq(sev->used, 8);
	test_check_ok(b);
	/* No free ASID: one flush, then the three come back. */
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, &nf),
				 0);
		ck_assert(!nf);
		ck_assert(t == tags[0] || t == tags[1] || t == tags[2]);
	}
	ck_assert_int_eq(tlog.flushes, 1);
	ck_assert_uint_eq(sev->flushes, 1);
	ck_assert(bitmap_empty(sev->reclaim, 11));
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, NULL),
			 -EDQUOT);
	ck_assert_int_eq(tlog.flushes, 1);
}
END_TEST

START_TEST(no_flush_while_free)
{
	u32 tags[6], t;

	fill(VAC_SPACE_SEV_ASID, tags, 6);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, tags[0]), 0);
	/* 5 ASIDs never used are free: no flush, tags[0] stays away. */
	fill(VAC_SPACE_SEV_ASID, tags + 1, 5);
	ck_assert_int_eq(tlog.flushes, 0);
	ck_assert(test_bit(tags[0] - 5, sev->reclaim));
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, NULL), 0);
	ck_assert_uint_eq(t, tags[0]);
	ck_assert_int_eq(tlog.flushes, 1);
}
END_TEST

START_TEST(failing_flush)
{
	unsigned long errs = shim_printk_count(SHIM_LOG_ERR);
	u32 tags[11], t;

	fill(VAC_SPACE_SEV_ASID, tags, 11);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, tags[4]), 0);
	tlog.flush_ret = -EIO;
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, NULL),
			 -EBUSY);
	ck_assert_int_eq(tlog.flushes, 1);	/* tried once, not looping */
	ck_assert_uint_eq(sev->flush_failures, 1);
	ck_assert_uint_eq(shim_printk_count(SHIM_LOG_ERR), errs + 1);
	ck_assert_ptr_nonnull(strstr(shim_printk_last(), "flush failed (-5)"));
	/* The ASID stays in reclaim, not lost, not reusable. */
	ck_assert(test_bit(tags[4] - 5, sev->reclaim));
	ck_assert(bitmap_empty(sev->flushing, 11));
	test_check_ok(b);
	/* Not an -EDQUOT: nothing counted as exhausted. */
	ck_assert_int_eq(test_count_events(VAC_EV_QUOTA_EXHAUSTED, NULL), 0);
	tlog.flush_ret = 0;
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, NULL), 0);
	ck_assert_uint_eq(t, tags[4]);
	ck_assert_int_eq(tlog.flushes, 2);
}
END_TEST

/*
 * Any user of /dev/kvm-NAME can make allocations that need a flush (SEV
 * guests); a flush that keeps failing must not flood the kernel log.
 */
START_TEST(failing_flush_log_is_ratelimited)
{
	unsigned long errs = shim_printk_count(SHIM_LOG_ERR);
	u32 tags[11], t;
	int i;

	fill(VAC_SPACE_SEV_ASID, tags, 11);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, tags[0]), 0);
	tlog.flush_ret = -EIO;
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t,
					       NULL), -EBUSY);
	ck_assert_int_eq(tlog.flushes, 100);
	ck_assert_uint_le(shim_printk_count(SHIM_LOG_ERR) - errs,
			  SHIM_RATELIMIT_BURST);
	ck_assert_uint_ge(shim_printk_suppressed_count(),
			  100 - SHIM_RATELIMIT_BURST);
	tlog.flush_ret = 0;
}
END_TEST

START_TEST(nothing_to_reclaim)
{
	struct vac_entry *c;
	u32 tags[11], t;

	/* a holds all; c has quota but the space is empty of free tags. */
	fill(VAC_SPACE_SEV_ASID, tags, 11);
	ck_assert_int_eq(test_quota(b, "a", -1, -1, 11, -1, NULL), 0);
	/* c cannot get a quota: the space is fully reserved by a. */
	ck_assert_int_eq(test_quota(b, "c", -1, -1, 1, -1, NULL), -ENOSPC);
	ck_assert_int_eq(test_quota(b, "c", 1, -1, 0, -1, NULL), 0);
	c = test_register(b, "c");
	ck_assert_int_eq(vac_tag_alloc(c, VAC_SPACE_SEV_ASID, &t, NULL),
			 -EDQUOT);
	ck_assert_int_eq(tlog.flushes, 0);
	vac_instance_unregister(c);
}
END_TEST

static u32 during_tag;
static int during_ret;

/* Runs in another thread while the flush is in progress. */
static void *free_during(void *arg)
{
	(void)arg;
	rcu_register_thread();
	during_ret = vac_tag_free(a, VAC_SPACE_SEV_ASID, during_tag);
	rcu_unregister_thread();
	return NULL;
}

static void flush_hook(struct vac_broker *bb, enum vac_space_id s)
{
	pthread_t th;

	(void)bb;
	ck_assert_int_eq(s, VAC_SPACE_SEV_ASID);
	/* The tags under flush are marked as such, the new one is not. */
	ck_assert(test_bit(during_tag - 5, sev->busy));
	ck_assert(!test_bit(during_tag - 5, sev->flushing));
	ck_assert_int_eq(pthread_create(&th, NULL, free_during, NULL), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	tlog.during_flush = NULL;
}

START_TEST(freed_during_flush_waits)
{
	u32 tags[11], t;

	fill(VAC_SPACE_SEV_ASID, tags, 11);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, tags[0]), 0);
	during_tag = tags[1];
	tlog.during_flush = flush_hook;
	/* tags[0] is recycled; tags[1], freed while flushing, is not. */
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, NULL), 0);
	ck_assert_int_eq(during_ret, 0);
	ck_assert_uint_eq(t, tags[0]);
	ck_assert(test_bit(tags[1] - 5, sev->reclaim));
	ck_assert(test_bit(tags[1] - 5, sev->busy));
	test_check_ok(b);
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, NULL), 0);
	ck_assert_uint_eq(t, tags[1]);
	ck_assert_int_eq(tlog.flushes, 2);
}
END_TEST

/*
 * Another instance takes the ASIDs a flush just freed for us, and churns
 * them back into reclaim, before we look again: it stays within its
 * quota, and so are we, so we must still get an ASID (quotas partition
 * the space).  The steal runs from the lock hook at the first time the
 * allocating thread takes the space lock after the flush released
 * flush_lock.
 */
static struct vac_entry *thief;
static int steal_state;		/* 1: flushing, 2: flush_lock released */
static int stolen;

static void steal_hook(struct shim_lock *l, bool acquire)
{
	u32 t;

	if (steal_state == 1 && !acquire && l == &sev->flush_lock.l) {
		steal_state = 2;
	} else if (steal_state == 2 && acquire && l == &sev->lock.l) {
		steal_state = 0;
		shim_lock_hook = NULL;
		while (!bitmap_full(sev->busy, 11)) {
			ck_assert_int_eq(vac_tag_alloc(thief,
						       VAC_SPACE_SEV_ASID, &t,
						       NULL), 0);
			ck_assert_int_eq(vac_tag_free(thief,
						      VAC_SPACE_SEV_ASID, t),
					 0);
			stolen++;
		}
	}
}

static void arm_steal(struct vac_broker *bb, enum vac_space_id s)
{
	(void)bb;
	(void)s;
	steal_state = 1;
	shim_lock_hook = steal_hook;
}

START_TEST(flushed_tags_cannot_be_stolen)
{
	u32 tags[10], t;
	int i;

	ck_assert_int_eq(test_quota(b, "a", -1, -1, 1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "th", -1, -1, 10, -1, NULL), 0);
	thief = test_register(b, "th");
	/* The thief leaves 10 ASIDs in reclaim and holds the 11th. */
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(vac_tag_alloc(thief, VAC_SPACE_SEV_ASID,
					       &tags[i], NULL), 0);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(vac_tag_free(thief, VAC_SPACE_SEV_ASID,
					      tags[i]), 0);
	ck_assert_int_eq(vac_tag_alloc(thief, VAC_SPACE_SEV_ASID, &t, NULL),
			 0);
	ck_assert(bitmap_full(sev->busy, 11));

	tlog.during_flush = arm_steal;
	stolen = 0;
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, NULL), 0);
	shim_lock_hook = NULL;
	tlog.during_flush = NULL;
	ck_assert_uint_eq(a->sp[VAC_SPACE_SEV_ASID].used, 1);
	ck_assert_int_eq(tlog.flushes, 1);
	test_check_ok(b);

	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, t), 0);
	vac_instance_unregister(thief);
	ck_assert_int_eq(vac_quota_del(b, "th", NULL), 0);
}
END_TEST

START_TEST(sev_es_and_unregister)
{
	struct vac_space *es = &b->space[VAC_SPACE_SEV_ES_ASID];
	u32 tags[4], sevt[2], t;

	fill(VAC_SPACE_SEV_ES_ASID, tags, 4);
	fill(VAC_SPACE_SEV_ASID, sevt, 2);
	ck_assert_uint_ge(tags[0], 1);
	ck_assert_uint_le(tags[3], 4);
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ES_ASID, &t, NULL),
			 -EDQUOT);
	/* Leaked by the instance: unregister puts them in reclaim. */
	vac_instance_unregister(a);
	ck_assert_uint_eq(bitmap_weight(es->reclaim, 4), 4);
	ck_assert_uint_eq(bitmap_weight(sev->reclaim, 11), 2);
	ck_assert_uint_eq(es->used, 0);
	test_check_ok(b);
	a = test_register(b, "a");
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ES_ASID, &t, NULL), 0);
	ck_assert_int_eq(tlog.flushes, 1);
	ck_assert_uint_eq(bitmap_weight(es->reclaim, 4), 0);
	/* The sev space is flushed separately, when it needs it. */
	ck_assert_uint_eq(bitmap_weight(sev->reclaim, 11), 2);
}
END_TEST

START_TEST(flush_now)
{
	u32 tags[6];
	int i;

	/* Nothing in reclaim: no flush. */
	ck_assert_int_eq(vac_space_flush_reclaim(b, VAC_SPACE_SEV_ASID, a), 0);
	ck_assert_int_eq(tlog.flushes, 0);
	fill(VAC_SPACE_SEV_ASID, tags, 6);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, tags[i]),
				 0);
	/* Five tags are free, yet the two in reclaim are flushed now. */
	ck_assert_int_eq(vac_space_flush_reclaim(b, VAC_SPACE_SEV_ASID, a), 0);
	ck_assert_int_eq(tlog.flushes, 1);
	ck_assert(bitmap_empty(sev->reclaim, 11));
	ck_assert(!test_bit(tags[0] - 5, sev->busy));
	ck_assert(!test_bit(tags[1] - 5, sev->busy));
	ck_assert_uint_eq(sev->used, 4);
	test_check_ok(b);
	/* The other space had nothing: untouched. */
	ck_assert_int_eq(vac_space_flush_reclaim(b, VAC_SPACE_SEV_ES_ASID, a),
			 0);
	ck_assert_int_eq(tlog.flushes, 1);
	/* A failing flush: reported, the tag stays in reclaim. */
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, tags[2]), 0);
	tlog.flush_ret = -EIO;
	ck_assert_int_eq(vac_space_flush_reclaim(b, VAC_SPACE_SEV_ASID, a),
			 -EIO);
	ck_assert(test_bit(tags[2] - 5, sev->reclaim));
	ck_assert(test_bit(tags[2] - 5, sev->busy));
	test_check_ok(b);
	tlog.flush_ret = 0;
	/* Not a deferred-reclaim space. */
	ck_assert_int_eq(vac_space_flush_reclaim(b, VAC_SPACE_VPID, a),
			 -EINVAL);
}
END_TEST

static Suite *reclaim_suite(void)
{
	Suite *s = suite_create("reclaim");
	TCase *tc = tcase_create("sev");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, recycle_when_full);
	tcase_add_test(tc, no_flush_while_free);
	tcase_add_test(tc, failing_flush);
	tcase_add_test(tc, failing_flush_log_is_ratelimited);
	tcase_add_test(tc, nothing_to_reclaim);
	tcase_add_test(tc, freed_during_flush_waits);
	tcase_add_test(tc, flushed_tags_cannot_be_stolen);
	tcase_add_test(tc, sev_es_and_unregister);
	tcase_add_test(tc, flush_now);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(reclaim_suite());
}
