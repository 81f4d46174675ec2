// SPDX-License-Identifier: GPL-2.0
/* Quota entries: creation, the partition of each space, edges, deletion. */
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

static struct vac_entry_info get(const char *name)
{
	struct vac_entry_info info;
	struct vac_extack ea;

	ck_assert_msg(vac_quota_get(b, name, &info, &ea) == 0, "%s", ea.msg);
	return info;
}

START_TEST(create_with_zero)
{
	struct vac_entry_info info;
	struct vac_quota_req req = { 0 };
	struct vac_extack ea;
	int s;

	ck_assert_int_eq(vac_quota_set(b, "empty", &req, &ea), 0);
	ck_assert_str_eq(ea.msg, "");
	info = get("empty");
	ck_assert_str_eq(info.name, "empty");
	ck_assert_int_eq(info.state, VAC_STATE_CONFIGURED);
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		ck_assert_uint_eq(info.space[s].quota, 0);
		ck_assert_uint_eq(info.space[s].used, 0);
	}
	ck_assert_int_eq(test_count_events(VAC_EV_QUOTA_SET, "empty"), 1);
	/* Quota 0 in a space is allowed, and is a real zero. */
	ck_assert_int_eq(test_quota(b, "empty", 0, 0, 0, 0, &ea), 0);
	ck_assert_int_eq(test_count_events(VAC_EV_QUOTA_SET, "empty"), 2);
}
END_TEST

START_TEST(exact_fit_and_one_over)
{
	struct vac_space_info res[VAC_SPACE_COUNT];
	struct vac_extack ea;

	ck_assert_int_eq(test_quota(b, "a", 65000, 10, 6, 4, &ea), 0);
	ck_assert_int_eq(test_quota(b, "b", 535, 6, 5, 0, &ea), 0);
	vac_resources_get(b, res);
	ck_assert_uint_eq(res[VAC_SPACE_VPID].reserved, 65535);
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].reserved, 16);
	ck_assert_uint_eq(res[VAC_SPACE_SEV_ASID].reserved, 11);
	ck_assert_uint_eq(res[VAC_SPACE_SEV_ES_ASID].reserved, 4);

	/* One over, in each space in turn; the message says what is left. */
	ck_assert_int_eq(test_quota(b, "c", 1, -1, -1, -1, &ea), -ENOSPC);
	ck_assert_msg_has(&ea, "vpid quota 1 for c does not fit");
	ck_assert_msg_has(&ea, "0 of 65535 left");
	ck_assert_int_eq(ea.space, VAC_SPACE_VPID);
	ck_assert_int_eq(test_quota(b, "b", 536, -1, -1, -1, &ea), -ENOSPC);
	ck_assert_msg_has(&ea, "535 of 65535 left");
	ck_assert_int_eq(test_quota(b, "b", -1, 7, -1, -1, &ea), -ENOSPC);
	ck_assert_msg_has(&ea, "svm_asid quota 7");
	ck_assert_msg_has(&ea, "6 of 16 left");
	ck_assert_int_eq(test_quota(b, "b", -1, -1, -1, 1, &ea), -ENOSPC);
	ck_assert_int_eq(ea.space, VAC_SPACE_SEV_ES_ASID);
	/* A refused new entry is not created. */
	ck_assert_int_eq(vac_quota_get(b, "c", NULL, &ea), -ENOENT);
	ck_assert_msg_has(&ea, "no quota entry for instance c");

	/* Moving quota between entries works once freed. */
	ck_assert_int_eq(test_quota(b, "a", 64999, -1, -1, -1, &ea), 0);
	ck_assert_int_eq(test_quota(b, "c", 1, -1, -1, -1, &ea), 0);
}
END_TEST

START_TEST(equal_to_and_over_capacity)
{
	struct vac_extack ea;

	ck_assert_int_eq(test_quota(b, "all", 65535, 16, 11, 4, &ea), 0);
	/* Setting the same values again replaces, not adds. */
	ck_assert_int_eq(test_quota(b, "all", 65535, 16, 11, 4, &ea), 0);
	ck_assert_int_eq(test_quota(b, "all", 65536, -1, -1, -1, &ea), -ERANGE);
	ck_assert_msg_has(&ea, "vpid quota 65536 exceeds the capacity");
	ck_assert_msg_has(&ea, "(65535)");
	ck_assert_int_eq(test_quota(b, "x", -1, 17, -1, -1, &ea), -ERANGE);
	ck_assert_int_eq(ea.space, VAC_SPACE_SVM_ASID);
	ck_assert_int_eq(test_quota(b, "x", -1, -1, U32_MAX, -1, &ea),
			 -ERANGE);
	ck_assert_uint_eq(get("all").space[VAC_SPACE_VPID].quota, 65535);
}
END_TEST

START_TEST(absent_space)
{
	struct vac_broker *nb = test_broker(geo_nosev);
	struct vac_extack ea;

	ck_assert_int_eq(test_quota(nb, "a", 1, 1, 1, -1, &ea), -EOPNOTSUPP);
	ck_assert_msg_has(&ea, "sev_asid is not present");
	ck_assert_int_eq(ea.space, VAC_SPACE_SEV_ASID);
	ck_assert_int_eq(test_quota(nb, "a", 1, 1, 0, 0, &ea), 0);
	test_check_ok(nb);
	vac_broker_destroy(nb);
}
END_TEST

START_TEST(svm_asid_floor)
{
	struct vac_space_geometry geo[VAC_SPACE_COUNT];
	struct vac_broker *fb;
	struct vac_extack ea;

	memcpy(geo, geo_nosev, sizeof(geo));
	geo[VAC_SPACE_SVM_ASID].min_range = 4;
	fb = test_broker(geo);
	ck_assert_int_eq(test_quota(fb, "a", -1, 3, -1, -1, &ea), -EINVAL);
	ck_assert_msg_has(&ea, "svm_asid quota 3 is below the minimum range of 4");
	ck_assert_int_eq(ea.space, VAC_SPACE_SVM_ASID);
	ck_assert_int_eq(test_count_events(VAC_EV_QUOTA_SET, "a"), 0);
	ck_assert_int_eq(test_quota(fb, "a", -1, 4, -1, -1, &ea), 0);
	/* 0: an instance for SEV guests only. */
	ck_assert_int_eq(test_quota(fb, "b", -1, 0, -1, -1, &ea), 0);
	ck_assert_int_eq(test_quota(fb, "b", -1, 1, -1, -1, &ea), -EINVAL);
	/* The other spaces have no floor. */
	ck_assert_int_eq(test_quota(fb, "b", 1, -1, -1, -1, &ea), 0);
	test_check_ok(fb);
	vac_broker_destroy(fb);
}
END_TEST

START_TEST(all_or_nothing)
{
	struct vac_entry_info info;
	struct vac_extack ea;

	ck_assert_int_eq(test_quota(b, "a", 10, 2, 1, 1, &ea), 0);
	/* vpid would be fine, svm does not fit: neither changes. */
	ck_assert_int_eq(test_quota(b, "a", 20, 99, -1, -1, &ea), -ERANGE);
	info = get("a");
	ck_assert_uint_eq(info.space[VAC_SPACE_VPID].quota, 10);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].quota, 2);
	ck_assert_int_eq(test_count_events(VAC_EV_QUOTA_SET, "a"), 1);
}
END_TEST

START_TEST(bad_requests)
{
	struct vac_quota_req req = { .mask = 1UL << VAC_SPACE_COUNT };
	struct vac_extack ea;

	ck_assert_int_eq(vac_quota_set(b, "a", &req, &ea), -EINVAL);
	ck_assert_msg_has(&ea, "unknown space");
	ck_assert_int_eq(test_quota(b, "A", 1, -1, -1, -1, &ea), -EINVAL);
	ck_assert_msg_has(&ea, "'A' at position 0");
	ck_assert_int_eq(vac_quota_del(b, "", &ea), -EINVAL);
	ck_assert_int_eq(vac_quota_get(b, "a b", NULL, &ea), -EINVAL);
	ck_assert_int_eq(vac_quota_del(b, "nope", &ea), -ENOENT);
	ck_assert_msg_has(&ea, "no quota entry for instance nope");
}
END_TEST

START_TEST(shrink_below_use)
{
	struct vac_entry *e;
	struct vac_extack ea;
	u32 t[3];
	int i;

	ck_assert_int_eq(test_quota(b, "a", 5, -1, 4, -1, &ea), 0);
	e = test_register(b, "a");
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &t[i], NULL),
				 0);
	ck_assert_int_eq(test_quota(b, "a", 2, -1, -1, -1, &ea), -EBUSY);
	ck_assert_msg_has(&ea, "vpid quota 2 for a is below the 3 tags it holds");
	/* All or nothing here too: sev unchanged. */
	ck_assert_int_eq(test_quota(b, "a", 2, -1, 1, -1, &ea), -EBUSY);
	ck_assert_uint_eq(get("a").space[VAC_SPACE_SEV_ASID].quota, 4);
	/* Down to exactly the use is fine, and applies at once. */
	ck_assert_int_eq(test_quota(b, "a", 3, -1, -1, -1, &ea), 0);
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &t[0], NULL),
			 -EDQUOT);
	/* Growing applies at once too. */
	ck_assert_int_eq(test_quota(b, "a", 4, -1, -1, -1, &ea), 0);
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &t[0], NULL), 0);
	test_check_ok(b);
	vac_instance_unregister(e);
}
END_TEST

START_TEST(delete)
{
	struct vac_space_info res[VAC_SPACE_COUNT];
	struct vac_entry *e;
	struct vac_extack ea;

	ck_assert_int_eq(test_quota(b, "a", 100, 3, -1, -1, &ea), 0);
	e = test_register(b, "a");
	ck_assert_int_eq(vac_quota_del(b, "a", &ea), -EBUSY);
	ck_assert_msg_has(&ea, "instance a is loaded");
	vac_instance_unregister(e);
	ck_assert_int_eq(vac_quota_del(b, "a", &ea), 0);
	ck_assert_int_eq(test_count_events(VAC_EV_QUOTA_DEL, "a"), 1);
	vac_resources_get(b, res);
	ck_assert_uint_eq(res[VAC_SPACE_VPID].reserved, 0);
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].reserved, 0);
	ck_assert_int_eq(vac_quota_get(b, "a", NULL, &ea), -ENOENT);
	ck_assert_int_eq(vac_quota_del(b, "a", &ea), -ENOENT);
	/* The name is free again. */
	ck_assert_int_eq(test_quota(b, "a", 65535, 16, -1, -1, &ea), 0);
}
END_TEST

START_TEST(entries_max)
{
	struct vac_extack ea;
	char name[VAC_NAME_LEN];
	int i;

	for (i = 0; i < VAC_ENTRIES_MAX; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		ck_assert_int_eq(test_quota(b, name, 1, -1, -1, -1, &ea), 0);
	}
	ck_assert_int_eq(test_quota(b, "more", 1, -1, -1, -1, &ea), -ENOSPC);
	ck_assert_msg_has(&ea, "too many quota entries");
	/* Existing entries still change. */
	ck_assert_int_eq(test_quota(b, "e7", 2, -1, -1, -1, &ea), 0);
	ck_assert_int_eq(vac_quota_del(b, "e0", &ea), 0);
	ck_assert_int_eq(test_quota(b, "more", 1, -1, -1, -1, &ea), 0);
}
END_TEST

START_TEST(enomem)
{
	struct vac_entry_info *infos = (void *)1;
	struct vac_extack ea;

	shim_fail_alloc_after(0);
	ck_assert_int_eq(test_quota(b, "a", 1, -1, -1, -1, &ea), -ENOMEM);
	ck_assert_int_eq(vac_quota_get(b, "a", NULL, &ea), -ENOENT);
	ck_assert_int_eq(test_quota(b, "a", 1, -1, -1, -1, &ea), 0);
	shim_fail_alloc_after(0);
	ck_assert_int_eq(vac_quota_snapshot(b, false, &infos, GFP_KERNEL), -ENOMEM);
	ck_assert_ptr_null(infos);
}
END_TEST

START_TEST(snapshot)
{
	struct vac_entry_info *infos = (void *)1;
	struct vac_entry *e;

	ck_assert_int_eq(vac_quota_snapshot(b, false, &infos, GFP_KERNEL), 0);
	ck_assert_ptr_null(infos);
	ck_assert_int_eq(test_quota(b, "one", 1, 2, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "two", 2, 3, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "three", 3, 0, -1, -1, NULL), 0);
	e = test_register(b, "two");

	ck_assert_int_eq(vac_quota_snapshot(b, false, &infos, GFP_KERNEL), 3);
	ck_assert_str_eq(infos[0].name, "one");
	ck_assert_str_eq(infos[1].name, "two");
	ck_assert_str_eq(infos[2].name, "three");
	ck_assert_int_eq(infos[1].state, VAC_STATE_LIVE);
	ck_assert_uint_eq(infos[2].space[VAC_SPACE_VPID].quota, 3);
	kvfree(infos);

	ck_assert_int_eq(vac_quota_snapshot(b, true, &infos, GFP_KERNEL), 1);
	ck_assert_str_eq(infos[0].name, "two");
	ck_assert_uint_eq(infos[0].space[VAC_SPACE_SVM_ASID].used, 3);
	ck_assert_uint_eq(infos[0].space[VAC_SPACE_SVM_ASID].range_first, 16);
	ck_assert_uint_eq(infos[0].space[VAC_SPACE_SVM_ASID].range_last, 18);
	kvfree(infos);
	vac_instance_unregister(e);
	ck_assert_int_eq(vac_quota_snapshot(b, true, &infos, GFP_KERNEL), 0);
}
END_TEST

static Suite *quota_suite(void)
{
	Suite *s = suite_create("quota");
	TCase *tc = tcase_create("quota");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, create_with_zero);
	tcase_add_test(tc, exact_fit_and_one_over);
	tcase_add_test(tc, equal_to_and_over_capacity);
	tcase_add_test(tc, absent_space);
	tcase_add_test(tc, svm_asid_floor);
	tcase_add_test(tc, all_or_nothing);
	tcase_add_test(tc, bad_requests);
	tcase_add_test(tc, shrink_below_use);
	tcase_add_test(tc, delete);
	tcase_add_test(tc, entries_max);
	tcase_add_test(tc, enomem);
	tcase_add_test(tc, snapshot);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(quota_suite());
}
