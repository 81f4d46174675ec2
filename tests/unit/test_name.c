// SPDX-License-Identifier: GPL-2.0
/* vac_name_validate(): accepted names, and every refusal with its reason. */
#include "vac_test.h"

static void expect_bad(const char *name, const char *why)
{
	struct vac_extack ea;

	ck_assert_int_eq(vac_name_validate(name, &ea), -EINVAL);
	ck_assert_msg_has(&ea, why);
	ck_assert_int_eq(ea.space, -1);
}

START_TEST(good_names)
{
	static const char *const ok[] = {
		"a", "0", "kvm", "kvm-a", "v6_1-fix", "9lives",
		"abcdefghijklmno",	/* VAC_NAME_LEN - 1 characters */
	};
	struct vac_extack ea;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		strcpy(ea.msg, "junk");
		ck_assert_int_eq(vac_name_validate(ok[i], &ea), 0);
		ck_assert_str_eq(ea.msg, "");
	}
	ck_assert_int_eq(strlen(ok[6]), VAC_NAME_LEN - 1);
}
END_TEST

START_TEST(empty_and_long)
{
	expect_bad("", "empty");
	expect_bad(NULL, "empty");
	/* VAC_NAME_LEN characters: one too many. */
	expect_bad("abcdefghijklmnop", "too long");
	expect_bad("abcdefghijklmnopqrstuvwxyz0123456789", "at most 15");
}
END_TEST

START_TEST(bad_characters)
{
	expect_bad("Kvm", "'K' at position 0");
	expect_bad("kvm.a", "'.' at position 3");
	expect_bad("kvm a", "' ' at position 3");
	expect_bad("a/b", "'/' at position 1");
	expect_bad("ab\x01", "0x01 at position 2");
	expect_bad("ab\xc3\xa9", "0xc3 at position 2");
	expect_bad("-kvm", "start with a letter or a digit");
	expect_bad("_kvm", "start with a letter or a digit, not '_'");
}
END_TEST

START_TEST(no_extack_logs)
{
	unsigned long before = shim_printk_count(SHIM_LOG_INFO);

	ck_assert_int_eq(vac_name_validate("BAD", NULL), -EINVAL);
	ck_assert_uint_eq(shim_printk_count(SHIM_LOG_INFO), before + 1);
	ck_assert_ptr_nonnull(strstr(shim_printk_last(), "'B' at position 0"));
	ck_assert_int_eq(vac_name_validate("good", NULL), 0);
}
END_TEST

static Suite *name_suite(void)
{
	Suite *s = suite_create("name");
	TCase *tc = tcase_create("validate");

	tcase_add_checked_fixture(tc, test_setup, test_teardown);
	tcase_add_test(tc, good_names);
	tcase_add_test(tc, empty_and_long);
	tcase_add_test(tc, bad_characters);
	tcase_add_test(tc, no_extack_logs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(name_suite());
}
