// SPDX-License-Identifier: GPL-2.0
/* Broker creation/teardown, space names, resource reports, -ENOMEM. */
#include "vac_test.h"

START_TEST(space_names)
{
	int s;

	for (s = 0; s < VAC_SPACE_COUNT; s++)
		ck_assert_int_eq(vac_space_by_name(vac_space_name(s)), s);
	ck_assert_str_eq(vac_space_name(VAC_SPACE_SEV_ES_ASID), "sev_es_asid");
	ck_assert_str_eq(vac_space_name(VAC_SPACE_COUNT), "unknown");
	ck_assert_str_eq(vac_space_name(-1), "unknown");
	ck_assert_int_eq(vac_space_by_name("vpids"), -EINVAL);
	ck_assert_int_eq(vac_space_by_name(NULL), -EINVAL);
}
END_TEST

START_TEST(create_bad_geometry)
{
	struct vac_space_geometry geo[VAC_SPACE_COUNT] = {
		[VAC_SPACE_VPID] = { 1, 65535 },
		[VAC_SPACE_SEV_ASID] = { U32_MAX, 2 },
	};

	ck_assert_ptr_eq(vac_broker_create(geo, &test_ops, NULL),
			 ERR_PTR(-EINVAL));
	/* The last tag may be U32_MAX exactly. */
	geo[VAC_SPACE_SEV_ASID].count = 1;
	vac_broker_destroy(vac_broker_create(geo, NULL, NULL));
	vac_broker_destroy(NULL);
}
END_TEST

START_TEST(create_enomem)
{
	struct vac_broker *b;
	long n;

	/* Fail each allocation of create in turn; none may leak (ASan). */
	for (n = 0;; n++) {
		shim_fail_alloc_after(n);
		b = vac_broker_create(geo_full, &test_ops, NULL);
		shim_fail_alloc_after(-1);
		if (!IS_ERR(b))
			break;
		ck_assert_ptr_eq(b, ERR_PTR(-ENOMEM));
	}
	/* broker + busy/full per space + stale + reclaim/flushing. */
	ck_assert_int_ge(n, 10);
	test_check_ok(b);
	vac_broker_destroy(b);
}
END_TEST

START_TEST(resources)
{
	struct vac_broker *b = test_broker(geo_full);
	struct vac_space_info info[VAC_SPACE_COUNT];
	struct vac_entry *e;
	u32 tag;

	ck_assert_ptr_eq(vac_broker_priv(b), &tlog);
	ck_assert_int_eq(test_quota(b, "a", 100, 4, 3, 2, NULL), 0);
	ck_assert_int_eq(test_quota(b, "b", 50, 6, -1, -1, NULL), 0);
	e = test_register(b, "a");
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &tag, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_SEV_ASID, &tag, NULL), 0);

	vac_resources_get(b, info);
	ck_assert_uint_eq(info[VAC_SPACE_VPID].first, 1);
	ck_assert_uint_eq(info[VAC_SPACE_VPID].capacity, 65535);
	ck_assert_uint_eq(info[VAC_SPACE_VPID].reserved, 150);
	ck_assert_uint_eq(info[VAC_SPACE_VPID].used, 1);
	ck_assert_uint_eq(info[VAC_SPACE_VPID].free, 65534);
	ck_assert_uint_eq(info[VAC_SPACE_SVM_ASID].first, 16);
	ck_assert_uint_eq(info[VAC_SPACE_SVM_ASID].reserved, 10);
	/* Only "a" is live: its 4-ASID range is carved. */
	ck_assert_uint_eq(info[VAC_SPACE_SVM_ASID].used, 4);
	ck_assert_uint_eq(info[VAC_SPACE_SVM_ASID].free, 12);
	ck_assert_uint_eq(info[VAC_SPACE_SEV_ASID].used, 1);
	ck_assert_uint_eq(info[VAC_SPACE_SEV_ES_ASID].reserved, 2);
	ck_assert_uint_eq(info[VAC_SPACE_SEV_ES_ASID].used, 0);
	test_check_ok(b);
	vac_instance_unregister(e);
	vac_broker_destroy(b);
}
END_TEST

START_TEST(destroy_with_live_instance)
{
	struct vac_broker *b = test_broker(geo_full);
	unsigned long errs = shim_printk_count(SHIM_LOG_ERR);
	struct vac_entry *e;
	u32 tag;

	ck_assert_int_eq(test_quota(b, "left", 10, 2, 1, 1, NULL), 0);
	e = test_register(b, "left");
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &tag, NULL), 0);
	/* Tags and bitmaps are freed (ASan would report a leak). */
	vac_broker_destroy(b);
	ck_assert_uint_eq(shim_printk_count(SHIM_LOG_ERR), errs + 1);
	ck_assert_int_eq(test_count_events(VAC_EV_INSTANCE_DOWN, "left"), 1);
}
END_TEST

START_TEST(no_ops)
{
	struct vac_broker *b = vac_broker_create(geo_full, NULL, NULL);
	struct vac_entry *e;
	u32 tag, tags[11];
	int i;

	ck_assert(!IS_ERR(b));
	ck_assert_int_eq(test_quota(b, "x", 1, 1, 11, -1, NULL), 0);
	e = test_register(b, "x");
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &tag, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &tag, NULL), -EDQUOT);
	/* No flush op: freed SEV ASIDs can never be reused. */
	for (i = 0; i < 11; i++)
		ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_SEV_ASID, &tags[i],
					       NULL), 0);
	ck_assert_int_eq(vac_tag_free(e, VAC_SPACE_SEV_ASID, tags[3]), 0);
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_SEV_ASID, &tag, NULL),
			 -EBUSY);
	ck_assert_int_eq(tlog.nr_ev, 0);
	test_check_ok(b);
	vac_instance_unregister(e);
	vac_broker_destroy(b);
}
END_TEST

static Suite *broker_suite(void)
{
	Suite *s = suite_create("broker");
	TCase *tc = tcase_create("broker");

	tcase_add_checked_fixture(tc, test_setup, test_teardown);
	tcase_add_test(tc, space_names);
	tcase_add_test(tc, create_bad_geometry);
	tcase_add_test(tc, create_enomem);
	tcase_add_test(tc, resources);
	tcase_add_test(tc, destroy_with_live_instance);
	tcase_add_test(tc, no_ops);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(broker_suite());
}
