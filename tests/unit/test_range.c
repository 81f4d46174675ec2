// SPDX-License-Identifier: GPL-2.0
/*
 * Range spaces: svm_asid range carving, fragmentation, best fit, pending
 * sizes; svm_asid and ga_vm_id carved together at registration.
 */
#include "vac_test.h"

static struct vac_broker *b;

/* svm_asid 1..15, as in the test VM (NASID 16). */
static void setup(void)
{
	test_setup();
	b = test_broker(geo_nosev);
}

static void teardown(void)
{
	test_check_ok(b);
	vac_broker_destroy(b);
	test_teardown();
}

static void expect_space_range(struct vac_entry *e, enum vac_space_id space,
			       u32 first, u32 last)
{
	u32 f, l;

	vac_instance_range(e, space, &f, &l);
	ck_assert_uint_eq(f, first);
	ck_assert_uint_eq(l, last);
}

static void expect_range(struct vac_entry *e, u32 first, u32 last)
{
	expect_space_range(e, VAC_SPACE_SVM_ASID, first, last);
}

START_TEST(partition)
{
	struct vac_entry *a, *bb, *c;

	ck_assert_int_eq(test_quota(b, "a", -1, 5, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "b", -1, 5, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "c", -1, 5, -1, -1, NULL), 0);
	a = test_register(b, "a");
	bb = test_register(b, "b");
	c = test_register(b, "c");
	expect_range(a, 1, 5);
	expect_range(bb, 6, 10);
	expect_range(c, 11, 15);
	test_check_ok(b);
	ck_assert_uint_eq(vac_range_largest_hole(&b->space[VAC_SPACE_SVM_ASID]),
			  0);
	vac_instance_unregister(a);
	vac_instance_unregister(bb);
	vac_instance_unregister(c);
	expect_range(a, 0, 0);
}
END_TEST

START_TEST(fragmentation)
{
	struct vac_entry *a, *bb, *c, *d;
	struct vac_extack ea;

	ck_assert_int_eq(test_quota(b, "a", -1, 5, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "b", -1, 5, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "c", -1, 5, -1, -1, NULL), 0);
	a = test_register(b, "a");
	bb = test_register(b, "b");
	c = test_register(b, "c");
	/* a and c go away for good: holes 1..5 and 11..15. */
	vac_instance_unregister(a);
	vac_instance_unregister(c);
	ck_assert_int_eq(vac_quota_del(b, "a", NULL), 0);
	ck_assert_int_eq(vac_quota_del(b, "c", NULL), 0);
	/* 10 fits the total (15 - 5) but no hole. */
	ck_assert_int_eq(test_quota(b, "d", -1, 10, -1, -1, &ea), 0);
	d = vac_instance_register(b, "d", NULL, NULL, &ea);
	ck_assert_ptr_eq(d, ERR_PTR(-ENOSPC));
	ck_assert_msg_has(&ea, "no contiguous svm_asid range of 10");
	ck_assert_msg_has(&ea, "largest hole is 5");
	ck_assert_msg_has(&ea, "10 free in total");
	ck_assert_int_eq(ea.space, VAC_SPACE_SVM_ASID);
	ck_assert_uint_eq(vac_range_largest_hole(&b->space[VAC_SPACE_SVM_ASID]),
			  5);
	test_check_ok(b);
	/* Once b leaves, the space is one hole again. */
	vac_instance_unregister(bb);
	d = test_register(b, "d");
	expect_range(d, 1, 10);
	bb = test_register(b, "b");
	expect_range(bb, 11, 15);
	vac_instance_unregister(bb);
	vac_instance_unregister(d);
}
END_TEST

START_TEST(best_fit)
{
	struct vac_entry *e[6], *x;
	static const char *const names[] = { "p", "q", "r", "s", "t", "u" };
	static const u32 sizes[] = { 2, 5, 1, 3, 2, 2 };
	int i;

	/* p 1-2, q 3-7, r 8, s 9-11, t 12-13, u 14-15 */
	for (i = 0; i < 6; i++) {
		ck_assert_int_eq(test_quota(b, names[i], -1, sizes[i], -1, -1,
					    NULL), 0);
		e[i] = test_register(b, names[i]);
	}
	expect_range(e[5], 14, 15);
	/* q and s leave for good: holes 3..7 (5) and 9..11 (3). */
	vac_instance_unregister(e[1]);
	vac_instance_unregister(e[3]);
	ck_assert_int_eq(vac_quota_del(b, "q", NULL), 0);
	ck_assert_int_eq(vac_quota_del(b, "s", NULL), 0);
	/* 3 goes to the 3-hole (exact fit), not the lower 5-hole. */
	ck_assert_int_eq(test_quota(b, "x", -1, 3, -1, -1, NULL), 0);
	x = test_register(b, "x");
	expect_range(x, 9, 11);
	vac_instance_unregister(x);
	/* 2: the smaller hole still wins. */
	ck_assert_int_eq(test_quota(b, "x", -1, 2, -1, -1, NULL), 0);
	x = test_register(b, "x");
	expect_range(x, 9, 10);
	vac_instance_unregister(x);
	/* 4: only the 5-hole fits. */
	ck_assert_int_eq(test_quota(b, "x", -1, 4, -1, -1, NULL), 0);
	x = test_register(b, "x");
	expect_range(x, 3, 6);
	vac_instance_unregister(x);
	/* p leaves: holes 1..7 (7) and 9..11 (3); 3 still goes to 9. */
	vac_instance_unregister(e[0]);
	ck_assert_int_eq(test_quota(b, "x", -1, 3, -1, -1, NULL), 0);
	x = test_register(b, "x");
	expect_range(x, 9, 11);
	vac_instance_unregister(x);
	vac_instance_unregister(e[2]);
	vac_instance_unregister(e[4]);
	vac_instance_unregister(e[5]);
}
END_TEST

START_TEST(lowest_on_tie)
{
	struct vac_entry *a, *bb, *c, *x;

	/* a 1..4, b 5..11, c 12..15; a and c leave: two 4-holes. */
	ck_assert_int_eq(test_quota(b, "a", -1, 4, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "b", -1, 7, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "c", -1, 4, -1, -1, NULL), 0);
	a = test_register(b, "a");
	bb = test_register(b, "b");
	c = test_register(b, "c");
	vac_instance_unregister(c);
	vac_instance_unregister(a);
	ck_assert_int_eq(vac_quota_del(b, "a", NULL), 0);
	ck_assert_int_eq(test_quota(b, "x", -1, 2, -1, -1, NULL), 0);
	x = test_register(b, "x");
	expect_range(x, 1, 2);
	vac_instance_unregister(x);
	vac_instance_unregister(bb);
}
END_TEST

START_TEST(pending)
{
	struct vac_entry_info info;
	struct vac_space_info res[VAC_SPACE_COUNT];
	struct vac_entry *a;
	struct vac_extack ea;

	ck_assert_int_eq(test_quota(b, "a", -1, 5, -1, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "b", -1, 8, -1, -1, NULL), 0);
	a = test_register(b, "a");
	expect_range(a, 1, 5);
	/* Shrink while live: pending, range unchanged, nothing freed. */
	ck_assert_int_eq(test_quota(b, "a", -1, 3, -1, -1, &ea), 0);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, &ea), 0);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].quota, 5);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].pending, 3);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].used, 5);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].range_first, 1);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].range_last, 5);
	expect_range(a, 1, 5);
	vac_resources_get(b, res);
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].reserved, 13);
	/* The range in force stays reserved: b cannot take it meanwhile. */
	ck_assert_int_eq(test_quota(b, "b", -1, 11, -1, -1, &ea), -ENOSPC);
	ck_assert_msg_has(&ea, "10 of 15 left");
	/* Grow while live: pending 7 needs 2 more than the 5 in force. */
	ck_assert_int_eq(test_quota(b, "a", -1, 7, -1, -1, &ea), 0);
	ck_assert_int_eq(test_quota(b, "a", -1, 8, -1, -1, &ea), -ENOSPC);
	ck_assert_msg_has(&ea, "svm_asid quota 8 for a does not fit");
	vac_resources_get(b, res);
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].reserved, 15);
	expect_range(a, 1, 5);
	/* Applied at the next registration. */
	vac_instance_unregister(a);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, &ea), 0);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].quota, 7);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].pending, 7);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].used, 0);
	a = test_register(b, "a");
	expect_range(a, 1, 7);
	/* Back to the size in force: nothing pending. */
	ck_assert_int_eq(test_quota(b, "a", -1, 7, -1, -1, &ea), 0);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, &ea), 0);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].pending, 7);
	vac_instance_unregister(a);
}
END_TEST

START_TEST(zero_range)
{
	struct vac_entry *a;
	u32 f, l;

	ck_assert_int_eq(test_quota(b, "a", 1, 0, -1, -1, NULL), 0);
	a = test_register(b, "a");
	expect_range(a, 0, 0);
	/* vpid: the whole space; absent sev: nothing; bad space: nothing. */
	vac_instance_range(a, VAC_SPACE_VPID, &f, &l);
	ck_assert_uint_eq(f, 1);
	ck_assert_uint_eq(l, 65535);
	vac_instance_range(a, VAC_SPACE_SEV_ASID, &f, &l);
	ck_assert_uint_eq(f + l, 0);
	vac_instance_range(a, VAC_SPACE_COUNT, &f, &l);
	ck_assert_uint_eq(f + l, 0);
	vac_instance_unregister(a);
	vac_instance_range(a, VAC_SPACE_VPID, &f, &l);
	ck_assert_uint_eq(f + l, 0);
}
END_TEST

/* svm_asid 1..15 and ga_vm_id 1..30. */
static const struct vac_space_geometry geo_two_ranges[VAC_SPACE_COUNT] = {
	[VAC_SPACE_VPID] = { 1, 65535 },
	[VAC_SPACE_SVM_ASID] = { 1, 15 },
	[VAC_SPACE_GA_VM_ID] = { 1, 30 },
};

static int quota_ga(struct vac_broker *br, const char *name, u32 svm, u32 ga,
		    struct vac_extack *ea)
{
	struct vac_quota_req req = {
		.mask = 1UL << VAC_SPACE_SVM_ASID | 1UL << VAC_SPACE_GA_VM_ID,
	};

	req.max[VAC_SPACE_SVM_ASID] = svm;
	req.max[VAC_SPACE_GA_VM_ID] = ga;
	return vac_quota_set(br, name, &req, ea);
}

static void expect_ga(struct vac_entry *e, u32 first, u32 last)
{
	expect_space_range(e, VAC_SPACE_GA_VM_ID, first, last);
}

/*
 * Every range space gets its own range at registration, and a range that
 * does not fit in one space leaves every space as it was.
 */
START_TEST(two_range_spaces)
{
	struct vac_space_info res[VAC_SPACE_COUNT];
	struct vac_broker *br = test_broker(geo_two_ranges);
	struct vac_entry *a, *bb, *c, *d;
	struct vac_extack ea;

	ck_assert(vac_space_is_range(VAC_SPACE_GA_VM_ID));
	ck_assert_str_eq(vac_space_name(VAC_SPACE_GA_VM_ID), "ga_vm_id");
	ck_assert_int_eq(quota_ga(br, "a", 2, 10, NULL), 0);
	ck_assert_int_eq(quota_ga(br, "b", 2, 10, NULL), 0);
	ck_assert_int_eq(quota_ga(br, "c", 2, 10, NULL), 0);
	a = test_register(br, "a");
	bb = test_register(br, "b");
	c = test_register(br, "c");
	expect_range(a, 1, 2);
	expect_ga(a, 1, 10);
	expect_range(bb, 3, 4);
	expect_ga(bb, 11, 20);
	expect_ga(c, 21, 30);
	/* Holes 1-10 and 21-30: 20 free, no 15 in one piece. */
	vac_instance_unregister(a);
	vac_instance_unregister(c);
	ck_assert_int_eq(vac_quota_del(br, "a", NULL), 0);
	ck_assert_int_eq(vac_quota_del(br, "c", NULL), 0);
	ck_assert_int_eq(quota_ga(br, "d", 3, 15, NULL), 0);
	d = vac_instance_register(br, "d", NULL, NULL, &ea);
	ck_assert_ptr_eq(d, ERR_PTR(-ENOSPC));
	ck_assert_msg_has(&ea, "no contiguous ga_vm_id range of 15");
	vac_resources_get(br, res);
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].used, 2);
	ck_assert_uint_eq(res[VAC_SPACE_GA_VM_ID].used, 10);
	/* Smaller, it fits; the svm_asid range is the best fit again. */
	ck_assert_int_eq(quota_ga(br, "d", 3, 10, NULL), 0);
	d = test_register(br, "d");
	expect_range(d, 5, 7);
	expect_ga(d, 1, 10);
	vac_instance_unregister(d);
	vac_instance_unregister(bb);
	test_check_ok(br);
	vac_broker_destroy(br);
}
END_TEST

static Suite *range_suite(void)
{
	Suite *s = suite_create("range");
	TCase *tc = tcase_create("svm_asid");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, partition);
	tcase_add_test(tc, fragmentation);
	tcase_add_test(tc, best_fit);
	tcase_add_test(tc, lowest_on_tie);
	tcase_add_test(tc, pending);
	tcase_add_test(tc, zero_range);
	tcase_add_test(tc, two_range_spaces);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(range_suite());
}
