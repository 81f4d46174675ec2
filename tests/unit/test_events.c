// SPDX-License-Identifier: GPL-2.0
/* Events through ops->notify(): which, in what order, with what data. */
#include "vac_test.h"

START_TEST(lifecycle_order)
{
	struct vac_broker *b = test_broker(geo_full);
	static const enum vac_event_type want[] = {
		VAC_EV_QUOTA_SET, VAC_EV_INSTANCE_UP, VAC_EV_QUOTA_EXHAUSTED,
		VAC_EV_QUOTA_SET, VAC_EV_INSTANCE_DOWN, VAC_EV_QUOTA_DEL,
	};
	struct vac_entry *e;
	struct vac_extack ea;
	u32 t;
	size_t i;

	ck_assert_int_eq(test_quota(b, "ev", 1, 2, -1, -1, NULL), 0);
	e = test_register(b, "ev");
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &t, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &t, NULL), -EDQUOT);
	ck_assert_int_eq(test_quota(b, "ev", 2, -1, -1, -1, NULL), 0);
	vac_instance_unregister(e);
	ck_assert_int_eq(vac_quota_del(b, "ev", NULL), 0);

	ck_assert_int_eq(tlog.nr_ev, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		ck_assert_int_eq(tlog.ev[i].type, want[i]);
		ck_assert_str_eq(tlog.ev[i].name, "ev");
		if (want[i] != VAC_EV_QUOTA_EXHAUSTED)
			ck_assert_int_eq(tlog.ev[i].space, -1);
	}
	ck_assert_int_eq(tlog.ev[2].space, VAC_SPACE_VPID);
	ck_assert_uint_eq(tlog.ev[2].quota, 1);
	ck_assert_uint_eq(tlog.ev[2].used, 1);
	/* The count so far rides along, for coalesced notifications. */
	ck_assert_uint_eq(tlog.ev[2].exhausted, 1);

	/* Refused requests fire nothing. */
	tlog.nr_ev = 0;
	ck_assert_int_eq(test_quota(b, "ev", 70000, -1, -1, -1, &ea), -ERANGE);
	ck_assert_int_eq(vac_quota_del(b, "ev", &ea), -ENOENT);
	ck_assert_ptr_eq(vac_instance_register(b, "ev", NULL, NULL, &ea),
			 ERR_PTR(-ENOENT));
	ck_assert_int_eq(tlog.nr_ev, 0);
	test_check_ok(b);
	vac_broker_destroy(b);
}
END_TEST

START_TEST(values_match_uapi)
{
	ck_assert_int_eq(VAC_EV_INSTANCE_UP, VAC_MSG_NOTIFY_INSTANCE_UP);
	ck_assert_int_eq(VAC_EV_QUOTA_EXHAUSTED,
			 VAC_MSG_NOTIFY_QUOTA_EXHAUSTED);
}
END_TEST

static Suite *events_suite(void)
{
	Suite *s = suite_create("events");
	TCase *tc = tcase_create("notify");

	/* teardown asserts notify never ran under a space lock */
	tcase_add_checked_fixture(tc, test_setup, test_teardown);
	tcase_add_test(tc, lifecycle_order);
	tcase_add_test(tc, values_match_uapi);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(events_suite());
}
