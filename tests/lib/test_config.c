// SPDX-License-Identifier: GPL-2.0
/*
 * Quota files (vacctl save / apply): parsing good files, refusing bad ones
 * with FILE:LINE: reason and no entries, and save -> parse round trips.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <vac/libvac.h>

static int parse(const char *text, struct vac_config *cfg, char *err,
		 size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = vac_config_parse(f, "q.conf", cfg, err, errlen);
	fclose(f);
	return rc;
}

START_TEST(good_file)
{
	const char *text =
		"# VAC quotas for this host\n"
		"\n"
		"quota a vpid 1024 svm_asid 7   # old KVM\n"
		"   \t\n"
		"quota\tb-2 svm_asid 7\tvpid 0 sev_asid 4294967295\n"
		"quota c_3 sev_es_asid 1\r\n"
		"#quota d vpid 1\n"
		"quota 0e vpid 00012\n"
		"quota f svm_asid 4 ga_vm_id 16";
	struct vac_config cfg;
	char err[128];

	ck_assert_int_eq(parse(text, &cfg, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	ck_assert_uint_eq(cfg.count, 5);

	ck_assert_str_eq(cfg.entries[0].name, "a");
	ck_assert_uint_eq(cfg.entries[0].line, 3);
	ck_assert_uint_eq(cfg.entries[0].quota.mask, 0x3);
	ck_assert_uint_eq(cfg.entries[0].quota.max[VAC_SPACE_VPID], 1024);
	ck_assert_uint_eq(cfg.entries[0].quota.max[VAC_SPACE_SVM_ASID], 7);

	ck_assert_str_eq(cfg.entries[1].name, "b-2");
	ck_assert_uint_eq(cfg.entries[1].line, 5);
	ck_assert_uint_eq(cfg.entries[1].quota.mask, 0x7);
	ck_assert_uint_eq(cfg.entries[1].quota.max[VAC_SPACE_VPID], 0);
	ck_assert_uint_eq(cfg.entries[1].quota.max[VAC_SPACE_SEV_ASID],
			  4294967295u);

	ck_assert_str_eq(cfg.entries[2].name, "c_3");
	ck_assert_uint_eq(cfg.entries[2].quota.mask,
			  1U << VAC_SPACE_SEV_ES_ASID);

	ck_assert_str_eq(cfg.entries[3].name, "0e");
	ck_assert_uint_eq(cfg.entries[3].line, 8);
	ck_assert_uint_eq(cfg.entries[3].quota.max[VAC_SPACE_VPID], 12);

	ck_assert_str_eq(cfg.entries[4].name, "f");
	ck_assert_uint_eq(cfg.entries[4].line, 9);
	ck_assert_uint_eq(cfg.entries[4].quota.mask,
			  1U << VAC_SPACE_SVM_ASID | 1U << VAC_SPACE_GA_VM_ID);
	ck_assert_uint_eq(cfg.entries[4].quota.max[VAC_SPACE_GA_VM_ID], 16);
	vac_config_free(&cfg);
}
END_TEST

START_TEST(empty_file)
{
	struct vac_config cfg;
	char err[128];

	ck_assert_int_eq(parse("# nothing\n\n", &cfg, err, sizeof(err)), 0);
	ck_assert_uint_eq(cfg.count, 0);
	vac_config_free(&cfg);
}
END_TEST

static const struct {
	const char *text;
	const char *err;
} bad[] = {
	{ "quota a vpid 1\nqouta b vpid 1\n",
	  "q.conf:2: unknown keyword 'qouta' (expected 'quota')" },
	{ "\n\n\nquota\n", "q.conf:4: missing instance name after 'quota'" },
	{ "quota A vpid 1\n",
	  "q.conf:1: invalid instance name 'A' (1 to 15 of a-z 0-9 _ -, starting with a letter or digit)" },
	{ "quota -a vpid 1\n",
	  "q.conf:1: invalid instance name '-a' (1 to 15 of a-z 0-9 _ -, starting with a letter or digit)" },
	{ "quota abcdefghijklmnop vpid 1\n",
	  "q.conf:1: invalid instance name 'abcdefghijklmnop' (1 to 15 of a-z 0-9 _ -, starting with a letter or digit)" },
	{ "quota a\n", "q.conf:1: no space given for 'a'" },
	{ "quota a vpid\n", "q.conf:1: missing number after 'vpid'" },
	{ "quota a vpid 1 asid 2\n",
	  "q.conf:1: unknown space 'asid' (expected vpid, svm_asid, sev_asid, sev_es_asid or ga_vm_id)" },
	{ "quota a vpid 1 vpid 2\n", "q.conf:1: space 'vpid' given twice" },
	{ "quota a vpid -1\n",
	  "q.conf:1: bad number '-1' for vpid (0 to 4294967295)" },
	{ "quota a vpid 4294967296\n",
	  "q.conf:1: bad number '4294967296' for vpid (0 to 4294967295)" },
	{ "quota a vpid 0x10\n",
	  "q.conf:1: bad number '0x10' for vpid (0 to 4294967295)" },
	{ "quota a svm_asid # 7\n",
	  "q.conf:1: missing number after 'svm_asid'" },
	{ "quota a ga_vm_id 4 ga_vm_id 8\n",
	  "q.conf:1: space 'ga_vm_id' given twice" },
	{ "quota a ga_vm_id 65536x\n",
	  "q.conf:1: bad number '65536x' for ga_vm_id (0 to 4294967295)" },
	{ "# a\nquota a vpid 1\n\nquota b vpid 2\nquota a svm_asid 3\n",
	  "q.conf:5: quota for 'a' already given at line 2" },
};

START_TEST(bad_file)
{
	struct vac_config cfg = { .entries = (void *)1, .count = 99 };
	char err[256];

	ck_assert_int_eq(parse(bad[_i].text, &cfg, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, bad[_i].err);
	/* Nothing is returned: the caller cannot apply half a file. */
	ck_assert_ptr_null(cfg.entries);
	ck_assert_uint_eq(cfg.count, 0);
}
END_TEST

START_TEST(bad_number_then_comment)
{
	/* "7#x": the comment starts at '#', so "7" is the number... */
	struct vac_config cfg;
	char err[128];

	ck_assert_int_eq(parse("quota a vpid 7#x\n", &cfg, err, sizeof(err)), 0);
	ck_assert_uint_eq(cfg.entries[0].quota.max[VAC_SPACE_VPID], 7);
	vac_config_free(&cfg);
}
END_TEST

START_TEST(nul_byte)
{
	static const char text[] = "quota a vpid 1\nquota b\0 vpid 2\n";
	struct vac_config cfg;
	char err[128];
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");

	ck_assert_int_eq(vac_config_parse(f, "q.conf", &cfg, err, sizeof(err)),
			 -EINVAL);
	ck_assert_str_eq(err, "q.conf:2: NUL byte in line");
	fclose(f);
}
END_TEST

START_TEST(write_then_parse)
{
	struct vac_instance list[2] = { 0 };
	struct vac_config cfg;
	char buf[512], err[128];
	FILE *f;
	int s;

	strcpy(list[0].name, "a");
	/*
	 * Range spaces come with VAC_USAGE_PENDING (the kernel sends a
	 * pending size for each) and are saved as that size; @pending
	 * without the flag is not looked at (vpid's 0 here).
	 */
	list[0].space[VAC_SPACE_VPID].quota = 1024;
	list[0].space[VAC_SPACE_SVM_ASID].flags = VAC_USAGE_PENDING;
	list[0].space[VAC_SPACE_SVM_ASID].quota = 7;
	list[0].space[VAC_SPACE_SVM_ASID].pending = 5;	/* after reload */
	list[0].space[VAC_SPACE_GA_VM_ID].flags = VAC_USAGE_PENDING;
	list[0].space[VAC_SPACE_GA_VM_ID].quota = 16;
	list[0].space[VAC_SPACE_GA_VM_ID].pending = 32;	/* after reload */
	strcpy(list[1].name, "b");
	list[1].space[VAC_SPACE_SEV_ASID].quota = 2;
	list[1].space[VAC_SPACE_GA_VM_ID].flags = VAC_USAGE_PENDING;

	f = fmemopen(buf, sizeof(buf), "w");
	ck_assert_int_eq(vac_config_write(f, list, 2), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf,
		"quota a vpid 1024 svm_asid 5 sev_asid 0 sev_es_asid 0 ga_vm_id 32\n"));
	ck_assert_ptr_nonnull(strstr(buf,
		"quota b vpid 0 svm_asid 0 sev_asid 2 sev_es_asid 0 ga_vm_id 0\n"));

	ck_assert_int_eq(parse(buf, &cfg, err, sizeof(err)), 0);
	ck_assert_uint_eq(cfg.count, 2);
	ck_assert_str_eq(cfg.entries[1].name, "b");
	for (s = 0; s < VAC_SPACE_COUNT; s++)
		ck_assert_uint_eq(cfg.entries[1].quota.max[s],
				  s == VAC_SPACE_SEV_ASID ? 2 : 0);
	ck_assert_uint_eq(cfg.entries[0].quota.max[VAC_SPACE_SVM_ASID], 5);
	ck_assert_uint_eq(cfg.entries[0].quota.max[VAC_SPACE_GA_VM_ID], 32);
	ck_assert_uint_eq(cfg.entries[0].quota.mask,
			  (1U << VAC_SPACE_COUNT) - 1);
	vac_config_free(&cfg);
}
END_TEST

START_TEST(names)
{
	ck_assert(vac_name_valid("a"));
	ck_assert(vac_name_valid("kvm-6_1"));
	ck_assert(vac_name_valid("9"));
	ck_assert(vac_name_valid("abcdefghijklmno"));
	ck_assert(!vac_name_valid("abcdefghijklmnop"));
	ck_assert(!vac_name_valid(""));
	ck_assert(!vac_name_valid("_a"));
	ck_assert(!vac_name_valid("a b"));
	ck_assert(!vac_name_valid("a/b"));
	ck_assert(!vac_name_valid(NULL));
	ck_assert_int_eq(vac_space_from_name("svm_asid"), VAC_SPACE_SVM_ASID);
	ck_assert_int_eq(vac_space_from_name("SVM_ASID"), -EINVAL);
	ck_assert_str_eq(vac_space_to_name(VAC_SPACE_SEV_ES_ASID),
			 "sev_es_asid");
	ck_assert_int_eq(vac_space_from_name("ga_vm_id"), VAC_SPACE_GA_VM_ID);
	ck_assert_int_eq(VAC_SPACE_GA_VM_ID, 4);	/* the protocol's number */
	ck_assert_str_eq(vac_space_to_name(VAC_SPACE_GA_VM_ID), "ga_vm_id");
	ck_assert_ptr_null(vac_space_to_name(VAC_SPACE_COUNT));
	ck_assert_str_eq(vac_state_to_name(VAC_STATE_LIVE), "live");
	ck_assert_str_eq(vac_event_to_name(VAC_MSG_NOTIFY_QUOTA_EXHAUSTED),
			 "quota-exhausted");
	ck_assert_str_eq(vac_event_to_name(VAC_MSG_NOTIFY_INSTANCE_DRAINING),
			 "instance-draining");
	ck_assert_str_eq(vac_event_to_name(VAC_MSG_NOTIFY_INSTANCE_RESUMED),
			 "instance-resumed");
	ck_assert_str_eq(vac_event_to_name(VAC_MSG_SET_INSTANCE), "unknown");
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, good_file);
	tcase_add_test(tc, empty_file);
	tcase_add_loop_test(tc, bad_file, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, bad_number_then_comment);
	tcase_add_test(tc, nul_byte);
	tcase_add_test(tc, write_then_parse);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}
