// SPDX-License-Identifier: GPL-2.0
/* vpid charge/uncharge: uniqueness, quotas, bad frees, stale handover,
 * a near-full 65,535-tag space with a bounded search.
 */
#include "vac_test.h"

static struct vac_broker *b;

static void setup(void)
{
	test_setup();
	b = test_broker(geo_full);
}

static void teardown(void)
{
	test_check_ok(b);
	vac_broker_destroy(b);
	test_teardown();
}

START_TEST(unique_across_instances)
{
	unsigned long *seen = bitmap_zalloc(65536, GFP_KERNEL);
	struct vac_entry *a, *c;
	bool nf = true;
	u32 t;
	int i;

	ck_assert_int_eq(test_quota(b, "a", 300, -1, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "c", 300, -1, -1, -1, NULL), 0);
	a = test_register(b, "a");
	c = test_register(b, "c");
	for (i = 0; i < 600; i++) {
		ck_assert_int_eq(vac_tag_alloc(i & 1 ? a : c, VAC_SPACE_VPID,
					       &t, &nf), 0);
		ck_assert_uint_ge(t, 1);
		ck_assert_uint_le(t, 65535);
		ck_assert_msg(!test_bit(t, seen), "tag %u given twice", t);
		ck_assert(!nf);	/* never used before: nothing to flush */
		__set_bit(t, seen);
	}
	test_check_ok(b);
	ck_assert_uint_eq(b->space[VAC_SPACE_VPID].used, 600);
	bitmap_free(seen);
	vac_instance_unregister(a);
	vac_instance_unregister(c);
}
END_TEST

START_TEST(quota_exhausted)
{
	struct vac_entry_info info;
	struct vac_entry *a;
	u32 t;
	int i;

	ck_assert_int_eq(test_quota(b, "a", 3, -1, -1, -1, NULL), 0);
	a = test_register(b, "a");
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &t, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &t, NULL), -EDQUOT);
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &t, NULL), -EDQUOT);
	ck_assert_int_eq(test_count_events(VAC_EV_QUOTA_EXHAUSTED, "a"), 2);
	ck_assert_int_eq(tlog.ev[tlog.nr_ev - 1].space, VAC_SPACE_VPID);
	ck_assert_uint_eq(tlog.ev[tlog.nr_ev - 1].quota, 3);
	ck_assert_uint_eq(tlog.ev[tlog.nr_ev - 1].used, 3);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert_uint_eq(info.space[VAC_SPACE_VPID].exhausted, 2);
	ck_assert_uint_eq(info.space[VAC_SPACE_VPID].used, 3);
	/* Quota 0: the first allocation is refused. */
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &t, NULL),
			 -EDQUOT);
	vac_instance_unregister(a);
}
END_TEST

START_TEST(bad_frees)
{
	unsigned long errs = shim_printk_count(SHIM_LOG_ERR);
	struct vac_entry_info info;
	struct vac_entry *a, *c;
	u32 ta, tc;

	ck_assert_int_eq(test_quota(b, "a", 2, -1, 2, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "c", 2, -1, -1, -1, NULL), 0);
	a = test_register(b, "a");
	c = test_register(b, "c");
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &ta, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(c, VAC_SPACE_VPID, &tc, NULL), 0);

	/* c's tag, a never-allocated tag, out-of-range tags. */
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, tc), -EINVAL);
	ck_assert_ptr_nonnull(strstr(shim_printk_last(), "does not hold"));
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, 60000), -EINVAL);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, 0), -EINVAL);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, 65536), -EINVAL);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, U32_MAX), -EINVAL);
	/* Wrong space, bad space, svm_asid, absent-space-free. */
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SEV_ASID, ta), -EINVAL);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_COUNT, ta), -EINVAL);
	ck_assert_int_eq(vac_tag_free(a, -1, ta), -EINVAL);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_SVM_ASID, 16), -EINVAL);
	ck_assert_int_eq(vac_tag_free(NULL, VAC_SPACE_VPID, ta), -EINVAL);
	ck_assert_uint_eq(shim_printk_count(SHIM_LOG_ERR), errs + 10);
	/* Nothing changed. */
	test_check_ok(b);
	ck_assert_int_eq(vac_quota_get(b, "c", &info, NULL), 0);
	ck_assert_uint_eq(info.space[VAC_SPACE_VPID].used, 1);
	/* Double free. */
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, ta), 0);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, ta), -EINVAL);
	ck_assert_int_eq(vac_tag_free(c, VAC_SPACE_VPID, tc), 0);
	test_check_ok(b);
	ck_assert_uint_eq(b->space[VAC_SPACE_VPID].used, 0);
	vac_instance_unregister(a);
	vac_instance_unregister(c);
}
END_TEST

START_TEST(bad_allocs)
{
	struct vac_broker *nb = test_broker(geo_nosev);
	struct vac_entry *a, *n;
	u32 t;

	ck_assert_int_eq(test_quota(b, "a", 2, 2, -1, -1, NULL), 0);
	a = test_register(b, "a");
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SVM_ASID, &t, NULL),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(shim_printk_last(), "svm_asid is a range"));
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_COUNT, &t, NULL), -EINVAL);
	ck_assert_int_eq(vac_tag_alloc(NULL, VAC_SPACE_VPID, &t, NULL),
			 -EINVAL);
	vac_instance_unregister(a);
	/* After unregistration the entry cannot allocate. */
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &t, NULL), -ENODEV);
	ck_assert_ptr_nonnull(strstr(shim_printk_last(), "not registered"));

	/* A space this host lacks. */
	ck_assert_int_eq(test_quota(nb, "n", 1, -1, -1, -1, NULL), 0);
	n = test_register(nb, "n");
	ck_assert_int_eq(vac_tag_alloc(n, VAC_SPACE_SEV_ASID, &t, NULL),
			 -ENODEV);
	ck_assert_int_eq(vac_tag_free(n, VAC_SPACE_SEV_ES_ASID, 1), -EINVAL);
	vac_instance_unregister(n);
	vac_broker_destroy(nb);
}
END_TEST

START_TEST(stale_handover)
{
	struct vac_entry *a, *c;
	bool nf;
	u32 t, first, got;
	int i, flagged = 0;

	ck_assert_int_eq(test_quota(b, "a", 65534, -1, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "c", 1, -1, -1, -1, NULL), 0);
	a = test_register(b, "a");
	c = test_register(b, "c");
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &first, &nf), 0);
	ck_assert(!nf);
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, first), 0);
	/* The hint rotates: the freed tag is not handed out at once. */
	ck_assert_int_eq(vac_tag_alloc(c, VAC_SPACE_VPID, &t, &nf), 0);
	ck_assert_uint_ne(t, first);
	ck_assert(!nf);
	/* Fill the space; the one stale tag reports needs_flush, once. */
	for (i = 0; i < 65534; i++) {
		ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &got, &nf),
				 0);
		if (nf) {
			ck_assert_uint_eq(got, first);
			flagged++;
		}
	}
	ck_assert_int_eq(flagged, 1);
	ck_assert_uint_eq(b->space[VAC_SPACE_VPID].used, 65535);
	/* Handover to another instance is flagged the same way. */
	ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, first), 0);
	ck_assert_int_eq(test_quota(b, "a", 65533, -1, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "c", 2, -1, -1, -1, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(c, VAC_SPACE_VPID, &got, &nf), 0);
	ck_assert_uint_eq(got, first);	/* the only free tag */
	ck_assert(nf);
	/* Without needs_flush the stale mark is consumed all the same. */
	ck_assert_int_eq(vac_tag_free(c, VAC_SPACE_VPID, got), 0);
	ck_assert(test_bit(got - 1, b->space[VAC_SPACE_VPID].stale));
	ck_assert_int_eq(vac_tag_alloc(c, VAC_SPACE_VPID, &got, NULL), 0);
	ck_assert_uint_eq(got, first);
	ck_assert(!test_bit(got - 1, b->space[VAC_SPACE_VPID].stale));
	test_check_ok(b);
	vac_instance_unregister(a);
	vac_instance_unregister(c);
}
END_TEST

START_TEST(near_full_space)
{
	struct vac_space *sp = &b->space[VAC_SPACE_VPID];
	unsigned long *freed = bitmap_zalloc(65536, GFP_KERNEL);
	unsigned long words, worst = 0;
	struct vac_entry *a;
	u32 t, got, x = 12345;
	bool nf;
	int i, round;

	ck_assert_int_eq(test_quota(b, "a", 65535, -1, -1, -1, NULL), 0);
	a = test_register(b, "a");
	for (i = 0; i < 65535; i++)
		ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &t, NULL), 0);
	ck_assert_uint_eq(sp->used, 65535);
	ck_assert(bitmap_full(sp->busy, 65535));
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &t, NULL), -EDQUOT);
	test_check_ok(b);

	/*
	 * Free one tag at a time far from the hint and take it back: the
	 * search must stay bounded (summary words + a couple of bitmap
	 * words), where a linear scan would read up to 1024 words.
	 */
	for (round = 0; round < 200; round++) {
		x = x * 1103515245 + 12345;
		t = 1 + x % 65535;
		ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, t), 0);
		__set_bit(t, freed);
		words = __atomic_load_n(&shim_find_words, __ATOMIC_RELAXED);
		ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &got, &nf),
				 0);
		words = __atomic_load_n(&shim_find_words, __ATOMIC_RELAXED) -
			words;
		worst = max(worst, words);
		ck_assert_uint_eq(got, t);	/* the only free tag */
		ck_assert(nf);
	}
	/* 1024 bitmap words, 16 summary words per pass. */
	ck_assert_msg(worst <= 2 * BITS_TO_LONGS(1024) + 4,
		      "allocation read %lu words", worst);
	/* Free many, take them back: exactly the same set comes back. */
	bitmap_zero(freed, 65536);
	for (i = 0; i < 1000; i++) {
		t = 1 + (i * 65) % 65535;
		ck_assert_int_eq(vac_tag_free(a, VAC_SPACE_VPID, t), 0);
		__set_bit(t, freed);
	}
	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &t, &nf), 0);
		ck_assert_msg(__test_and_clear_bit(t, freed), "tag %u", t);
		ck_assert(nf);
	}
	ck_assert(bitmap_empty(freed, 65536));
	test_check_ok(b);
	bitmap_free(freed);
	vac_instance_unregister(a);
}
END_TEST

static Suite *tags_suite(void)
{
	Suite *s = suite_create("tags");
	TCase *tc = tcase_create("vpid");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, unique_across_instances);
	tcase_add_test(tc, quota_exhausted);
	tcase_add_test(tc, bad_frees);
	tcase_add_test(tc, bad_allocs);
	tcase_add_test(tc, stale_handover);
	tcase_add_test(tc, near_full_space);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(tags_suite());
}
