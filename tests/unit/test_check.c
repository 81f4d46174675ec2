// SPDX-License-Identifier: GPL-2.0
/*
 * vac_check(): each invariant, broken on purpose in a live broker, is
 * reported with -EUCLEAN and a message; restored, the check passes again.
 */
#include "vac_test.h"

static struct vac_broker *b;
static struct vac_entry *a, *c;
static u32 ta, tc, tsev;

static void setup(void)
{
	test_setup();
	b = test_broker(geo_full);
	ck_assert_int_eq(test_quota(b, "a", 10, 4, 3, 1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "c", 10, 4, -1, -1, NULL), 0);
	a = test_register(b, "a");
	c = test_register(b, "c");
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_VPID, &ta, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(c, VAC_SPACE_VPID, &tc, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(a, VAC_SPACE_SEV_ASID, &tsev, NULL), 0);
	test_check_ok(b);
}

static void teardown(void)
{
	test_check_ok(b);
	vac_instance_unregister(a);
	vac_instance_unregister(c);
	vac_broker_destroy(b);
	test_teardown();
}

static void expect_broken(const char *what, int space)
{
	unsigned long errs = shim_printk_count(SHIM_LOG_ERR);
	struct vac_extack ea;

	ck_assert_int_eq(vac_check(b, &ea), -EUCLEAN);
	ck_assert_msg_has(&ea, what);
	ck_assert_int_eq(ea.space, space);
	ck_assert_uint_eq(shim_printk_count(SHIM_LOG_ERR), errs + 1);
	ck_assert_int_eq(vac_check(b, NULL), -EUCLEAN);
}

#define VPID	VAC_SPACE_VPID
#define SVM	VAC_SPACE_SVM_ASID
#define SEV	VAC_SPACE_SEV_ASID

START_TEST(double_owner)
{
	unsigned long *co = c->sp[VPID].owned;

	__set_bit(ta - 1, co);
	c->sp[VPID].used++;
	expect_broken("held by c and another instance", VPID);
	__clear_bit(ta - 1, co);
	c->sp[VPID].used--;
}
END_TEST

START_TEST(used_mismatch)
{
	a->sp[VPID].used++;
	expect_broken("a counts 2 used but holds 1", VPID);
	a->sp[VPID].used--;
	b->space[VPID].used++;
	expect_broken("space counts 3 used, instances hold 2", VPID);
	b->space[VPID].used--;
}
END_TEST

START_TEST(over_quota)
{
	a->sp[VPID].quota = 0;
	b->space[VPID].reserved -= 10;
	expect_broken("a uses 1 over its quota 0", VPID);
	a->sp[VPID].quota = 10;
	b->space[VPID].reserved += 10;
}
END_TEST

START_TEST(holder_not_live)
{
	a->state = VAC_STATE_CONFIGURED;
	expect_broken("a holds tags but is not live", VPID);
	a->state = VAC_STATE_LIVE;
}
END_TEST

START_TEST(busy_bits)
{
	struct vac_space *sp = &b->space[VPID];

	__clear_bit(ta - 1, sp->busy);
	__clear_bit(BIT_WORD(ta - 1), sp->full);
	expect_broken("a held tag is not marked busy", VPID);
	__set_bit(ta - 1, sp->busy);
	__set_bit(40000, sp->busy);
	expect_broken("vpid 40001: busy bit disagrees", VPID);
	__clear_bit(40000, sp->busy);
}
END_TEST

START_TEST(summary)
{
	struct vac_space *sp = &b->space[VPID];

	__set_bit(7, sp->full);
	expect_broken("summary bit of word 7 is wrong", VPID);
	__clear_bit(7, sp->full);
}
END_TEST

START_TEST(held_in_reclaim)
{
	struct vac_space *sp = &b->space[SEV];

	__set_bit(tsev - 5, sp->reclaim);
	expect_broken("a held tag is awaiting reclaim", SEV);
	__clear_bit(tsev - 5, sp->reclaim);
}
END_TEST

START_TEST(reserved)
{
	b->space[VPID].reserved++;
	expect_broken("reserved 21 but quotas sum to 20", VPID);
	b->space[VPID].reserved--;
	/* Quotas over capacity, with a matching reserved sum. */
	c->sp[SVM].pending = 13;
	b->space[SVM].reserved += 9;
	expect_broken("quotas sum to 17 over capacity 16", SVM);
	c->sp[SVM].pending = 4;
	b->space[SVM].reserved -= 9;
}
END_TEST

START_TEST(ranges)
{
	struct vac_entry_space *es = &c->sp[SVM];
	u32 first = es->range_first;

	ck_assert_uint_eq(a->sp[SVM].range_first, 0);
	ck_assert_uint_eq(first, 4);
	es->range_first = 2;	/* overlaps a's 0..3 */
	expect_broken("c range overlaps another", SVM);
	es->range_first = 14;	/* 14..17: outside 16 slots */
	expect_broken("c range 14+4 is outside the space", SVM);
	es->range_first = 16;
	expect_broken("outside the space", SVM);
	es->range_first = 8;	/* disjoint but not what is carved */
	expect_broken("carved slots do not match the ranges", SVM);
	es->range_first = first;
	es->quota = 3;
	expect_broken("c range of 4 does not match its state or quota 3",
		      SVM);
	es->quota = 4;
}
END_TEST

START_TEST(enomem)
{
	shim_fail_alloc_after(0);
	ck_assert_int_eq(vac_check(b, NULL), -ENOMEM);
}
END_TEST

static Suite *check_suite(void)
{
	Suite *s = suite_create("check");
	TCase *tc = tcase_create("invariants");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, double_owner);
	tcase_add_test(tc, used_mismatch);
	tcase_add_test(tc, over_quota);
	tcase_add_test(tc, holder_not_live);
	tcase_add_test(tc, busy_bits);
	tcase_add_test(tc, summary);
	tcase_add_test(tc, held_in_reclaim);
	tcase_add_test(tc, reserved);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, enomem);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(check_suite());
}
