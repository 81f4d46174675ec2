// SPDX-License-Identifier: GPL-2.0
/*
 * libvac msg.c: requests encoded byte for byte as the protocol says, and
 * replies (built here with libnl, as vac.ko builds them) decoded, or
 * refused when malformed.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "msg.h"
#include "replies.h"

static struct nlmsghdr *H(struct nl_msg *m)
{
	return nlmsg_hdr(m);
}

/* ---- encoding ----------------------------------------------------------- */

/* @m (a request just built) is exactly @want; frees @m. */
#define expect_msg(m, want) expect_bytes(m, want, sizeof(want))

static void expect_bytes(struct nl_msg *m, const uint8_t *want, size_t len)
{
	const uint8_t *got;
	size_t i;

	ck_assert_ptr_nonnull(m);
	got = (const uint8_t *)H(m);
	ck_assert_uint_eq(H(m)->nlmsg_len, len);
	for (i = 0; i < len; i++)
		ck_assert_msg(got[i] == want[i],
			      "byte %zu: got 0x%02x, want 0x%02x", i, got[i],
			      want[i]);
	nlmsg_free(m);
}

#define LE32(v) (v) & 0xff, ((v) >> 8) & 0xff, ((v) >> 16) & 0xff, ((v) >> 24) & 0xff
#define LE16(v) (v) & 0xff, ((v) >> 8) & 0xff

START_TEST(encode_set_quota)
{
	struct vac_quota q = { 0 };
	const uint8_t want[] = {
		/* nlmsghdr: len 64, type SET_QUOTA, REQUEST|ACK, seq 0, pid 0 */
		LE32(64), LE16(VAC_MSG_SET_QUOTA), LE16(NLM_F_REQUEST | NLM_F_ACK),
		LE32(0), LE32(0),
		/* VAC_A_NAME "a\0" padded */
		LE16(6), LE16(VAC_A_NAME), 'a', 0, 0, 0,
		/* VAC_A_SPACE (nested) { ID vpid, QUOTA 1024 } */
		LE16(20), LE16(VAC_A_SPACE | NLA_F_NESTED),
		LE16(8), LE16(VAC_SPACE_A_ID), LE32(VAC_SPACE_VPID),
		LE16(8), LE16(VAC_SPACE_A_QUOTA), LE32(1024),
		/* VAC_A_SPACE (nested) { ID svm_asid, QUOTA 7 } */
		LE16(20), LE16(VAC_A_SPACE | NLA_F_NESTED),
		LE16(8), LE16(VAC_SPACE_A_ID), LE32(VAC_SPACE_SVM_ASID),
		LE16(8), LE16(VAC_SPACE_A_QUOTA), LE32(7),
	};

	q.mask = 1U << VAC_SPACE_VPID | 1U << VAC_SPACE_SVM_ASID;
	q.max[VAC_SPACE_VPID] = 1024;
	q.max[VAC_SPACE_SVM_ASID] = 7;
	expect_msg(vac_msg_set_quota("a", &q), want);
}
END_TEST

START_TEST(encode_simple_and_dump)
{
	const uint8_t version[] = {
		LE32(16), LE16(VAC_MSG_GET_VERSION), LE16(NLM_F_REQUEST),
		LE32(0), LE32(0),
	};
	const uint8_t dump[] = {
		LE32(16), LE16(VAC_MSG_GET_QUOTA),
		LE16(NLM_F_REQUEST | NLM_F_DUMP), LE32(0), LE32(0),
	};

	expect_msg(vac_msg_simple(VAC_MSG_GET_VERSION), version);
	expect_msg(vac_msg_dump(VAC_MSG_GET_QUOTA), dump);
}
END_TEST

START_TEST(encode_name_and_subscribe)
{
	const uint8_t get[] = {
		LE32(36), LE16(VAC_MSG_GET_INSTANCE), LE16(NLM_F_REQUEST),
		LE32(0), LE32(0),
		/* "abcdefghijklmno\0": 15 characters, the longest name */
		LE16(20), LE16(VAC_A_NAME), 'a', 'b', 'c', 'd', 'e', 'f', 'g',
		'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 0,
	};
	const uint8_t sub[] = {
		LE32(24), LE16(VAC_MSG_SUBSCRIBE),
		LE16(NLM_F_REQUEST | NLM_F_ACK), LE32(0), LE32(0),
		LE16(8), LE16(VAC_A_GROUPS), LE32(VAC_GROUP_ALL),
	};
	const uint8_t del[] = {
		LE32(24), LE16(VAC_MSG_DEL_QUOTA),
		LE16(NLM_F_REQUEST | NLM_F_ACK), LE32(0), LE32(0),
		LE16(7), LE16(VAC_A_NAME), 'b', '1', 0, 0,
	};

	expect_msg(vac_msg_name(VAC_MSG_GET_INSTANCE, "abcdefghijklmno"), get);
	expect_msg(vac_msg_subscribe(VAC_GROUP_ALL), sub);
	expect_msg(vac_msg_del_quota("b1"), del);
	/* A name that does not fit VAC_NAME_LEN is not encoded at all. */
	ck_assert_ptr_null(vac_msg_name(VAC_MSG_GET_QUOTA, "abcdefghijklmnop"));
	ck_assert_ptr_null(vac_msg_del_quota(NULL));
}
END_TEST

START_TEST(encode_set_instance)
{
	const uint8_t drain[] = {
		/* nlmsghdr: len 32, type SET_INSTANCE, REQUEST|ACK */
		LE32(32), LE16(VAC_MSG_SET_INSTANCE),
		LE16(NLM_F_REQUEST | NLM_F_ACK), LE32(0), LE32(0),
		/* VAC_A_NAME "a\0" padded, VAC_A_DRAINING 1 */
		LE16(6), LE16(VAC_A_NAME), 'a', 0, 0, 0,
		LE16(8), LE16(VAC_A_DRAINING), LE32(1),
	};
	const uint8_t resume[] = {
		LE32(32), LE16(VAC_MSG_SET_INSTANCE),
		LE16(NLM_F_REQUEST | NLM_F_ACK), LE32(0), LE32(0),
		LE16(7), LE16(VAC_A_NAME), 'b', '1', 0, 0,
		LE16(8), LE16(VAC_A_DRAINING), LE32(0),
	};

	expect_msg(vac_msg_set_instance("a", 1), drain);
	expect_msg(vac_msg_set_instance("b1", 0), resume);
	ck_assert_ptr_null(vac_msg_set_instance("abcdefghijklmnop", 1));
	ck_assert_ptr_null(vac_msg_set_instance(NULL, 1));
}
END_TEST

START_TEST(encode_get_vector)
{
	const uint8_t one[] = {
		LE32(32), LE16(VAC_MSG_GET_VECTOR), LE16(NLM_F_REQUEST),
		LE32(0), LE32(0),
		/* VAC_A_VECTOR_NAME "pi_wakeup\0" padded */
		LE16(14), LE16(VAC_A_VECTOR_NAME), 'p', 'i', '_', 'w', 'a',
		'k', 'e', 'u', 'p', 0, 0, 0,
	};
	const uint8_t dump[] = {
		LE32(16), LE16(VAC_MSG_GET_VECTOR),
		LE16(NLM_F_REQUEST | NLM_F_DUMP), LE32(0), LE32(0),
	};
	char name[LIBVAC_VECTOR_NAME_LEN + 1];
	struct nl_msg *m;

	expect_msg(vac_msg_get_vector("pi_wakeup"), one);
	expect_msg(vac_msg_dump(VAC_MSG_GET_VECTOR), dump);
	/* 31 characters fit LIBVAC_VECTOR_NAME_LEN, 32 do not. */
	memset(name, 'x', sizeof(name));
	name[LIBVAC_VECTOR_NAME_LEN - 1] = '\0';
	m = vac_msg_get_vector(name);
	ck_assert_ptr_nonnull(m);
	nlmsg_free(m);
	name[LIBVAC_VECTOR_NAME_LEN - 1] = 'x';
	name[LIBVAC_VECTOR_NAME_LEN] = '\0';
	ck_assert_ptr_null(vac_msg_get_vector(name));
	ck_assert_ptr_null(vac_msg_get_vector(NULL));
}
END_TEST

/* ---- decoding ------------------------------------------------------------ */

START_TEST(decode_version)
{
	struct nl_msg *m = rep_new(VAC_MSG_GET_VERSION, 0, 1);
	const char *why = NULL;
	uint32_t v = 0;

	nla_put_u32(m, VAC_A_VERSION, VAC_PROTOCOL_VERSION);
	ck_assert_int_eq(vac_msg_parse_version(H(m), &v, &why), 0);
	ck_assert_uint_eq(v, VAC_PROTOCOL_VERSION);
	nlmsg_free(m);

	/* Missing attribute. */
	m = rep_new(VAC_MSG_GET_VERSION, 0, 1);
	ck_assert_int_eq(vac_msg_parse_version(H(m), &v, &why), -EBADMSG);
	ck_assert_str_eq(why, "missing VAC_A_VERSION");
	nlmsg_free(m);
}
END_TEST

START_TEST(decode_resources)
{
	struct vac_resource res[LIBVAC_SPACES];
	struct nl_msg *m = rep_resources(3, 0, 15);
	const char *why = NULL;

	ck_assert_int_eq(vac_msg_parse_resources(H(m), res, &why), 0);
	ck_assert_uint_eq(res[VAC_SPACE_VPID].capacity, 0);
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].capacity, 15);
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].first, 1);
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].free, 15);
	nlmsg_free(m);
}
END_TEST

START_TEST(decode_resources_refused)
{
	struct vac_resource res[LIBVAC_SPACES];
	const char *why = NULL;
	struct nlattr *n;
	struct nl_msg *m;

	/* A space without its figures. */
	m = rep_new(VAC_MSG_GET_RESOURCES, 0, 1);
	n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_ID, 0);
	nla_put_u32(m, VAC_SPACE_A_CAPACITY, 4);
	nla_nest_end(m, n);
	ck_assert_int_eq(vac_msg_parse_resources(H(m), res, &why), -EBADMSG);
	ck_assert_str_eq(why, "space without its figures");
	nlmsg_free(m);

	/* The same space twice. */
	m = rep_resources(1, 10, 0);
	n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_ID, 0);
	nla_nest_end(m, n);
	ck_assert_int_eq(vac_msg_parse_resources(H(m), res, &why), -EBADMSG);
	ck_assert_str_eq(why, "space described twice");
	nlmsg_free(m);

	/* A nest without an ID. */
	m = rep_new(VAC_MSG_GET_RESOURCES, 0, 1);
	n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_CAPACITY, 4);
	nla_nest_end(m, n);
	ck_assert_int_eq(vac_msg_parse_resources(H(m), res, &why), -EBADMSG);
	nlmsg_free(m);

	/* Wrong message type. */
	m = rep_new(VAC_MSG_GET_QUOTA, 0, 1);
	ck_assert_int_eq(vac_msg_parse_resources(H(m), res, &why), -EBADMSG);
	nlmsg_free(m);
}
END_TEST

START_TEST(decode_entry)
{
	struct nl_msg *m = rep_entry(VAC_MSG_GET_INSTANCE, 0, 1, "kvm1",
				     VAC_STATE_LIVE, 1024, 3, 8, 14);
	struct vac_instance e;
	const char *why = NULL;

	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), 0);
	ck_assert_str_eq(e.name, "kvm1");
	ck_assert_uint_eq(e.state, VAC_STATE_LIVE);
	ck_assert_uint_eq(e.space[VAC_SPACE_VPID].quota, 1024);
	ck_assert_uint_eq(e.space[VAC_SPACE_VPID].used, 3);
	ck_assert_uint_eq(e.space[VAC_SPACE_VPID].flags, VAC_USAGE_PRESENT);
	ck_assert_uint_eq(e.space[VAC_SPACE_SVM_ASID].flags,
			  VAC_USAGE_PRESENT | VAC_USAGE_PENDING |
			  VAC_USAGE_RANGE);
	ck_assert_uint_eq(e.space[VAC_SPACE_SVM_ASID].range_first, 8);
	ck_assert_uint_eq(e.space[VAC_SPACE_SVM_ASID].range_last, 14);
	ck_assert_uint_eq(e.space[VAC_SPACE_SVM_ASID].pending, 7);
	ck_assert_uint_eq(e.space[VAC_SPACE_SEV_ASID].flags, 0);
	/* No VAC_A_DRAINING / VMS / VCPUS (an older vac.ko): all 0. */
	ck_assert_uint_eq(e.draining, 0);
	ck_assert_uint_eq(e.vms, 0);
	ck_assert_uint_eq(e.vcpus, 0);
	nlmsg_free(m);
}
END_TEST

/*
 * ga_vm_id is a range space like svm_asid: its nest carries a pending size
 * always, and the carved range while the instance is live.  The decoder
 * knows no list of range spaces; the attributes alone set the flags.
 */
START_TEST(decode_entry_ga_vm_id)
{
	struct nl_msg *m = rep_entry(VAC_MSG_GET_INSTANCE, 0, 1, "a",
				     VAC_STATE_LIVE, 0, 0, 1, 7);
	const struct vac_space_usage *u;
	struct vac_instance e;
	const char *why = NULL;
	struct nlattr *n;

	n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_ID, VAC_SPACE_GA_VM_ID);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, 16);
	nla_put_u32(m, VAC_SPACE_A_USED, 16);
	nla_put_u32(m, VAC_SPACE_A_EXHAUSTED, 0);
	nla_put_u32(m, VAC_SPACE_A_QUOTA_PENDING, 32);
	nla_put_u32(m, VAC_SPACE_A_RANGE_FIRST, 17);
	nla_put_u32(m, VAC_SPACE_A_RANGE_LAST, 32);
	nla_nest_end(m, n);
	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), 0);
	u = &e.space[VAC_SPACE_GA_VM_ID];
	ck_assert_uint_eq(u->flags, VAC_USAGE_PRESENT | VAC_USAGE_PENDING |
			  VAC_USAGE_RANGE);
	ck_assert_uint_eq(u->quota, 16);
	ck_assert_uint_eq(u->pending, 32);
	ck_assert_uint_eq(u->used, 16);
	ck_assert_uint_eq(u->range_first, 17);
	ck_assert_uint_eq(u->range_last, 32);
	nlmsg_free(m);

	/* Configured, no range: pending only. */
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "b", VAC_STATE_CONFIGURED, 0, 0,
		      0, 0);
	n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_ID, VAC_SPACE_GA_VM_ID);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, 8);
	nla_put_u32(m, VAC_SPACE_A_USED, 0);
	nla_put_u32(m, VAC_SPACE_A_EXHAUSTED, 0);
	nla_put_u32(m, VAC_SPACE_A_QUOTA_PENDING, 8);
	nla_nest_end(m, n);
	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), 0);
	u = &e.space[VAC_SPACE_GA_VM_ID];
	ck_assert_uint_eq(u->flags, VAC_USAGE_PRESENT | VAC_USAGE_PENDING);
	ck_assert_uint_eq(u->pending, 8);
	nlmsg_free(m);

	/* A one-ended range is refused here as for svm_asid. */
	m = rep_entry(VAC_MSG_GET_INSTANCE, 0, 1, "a", VAC_STATE_LIVE, 0, 0,
		      0, 0);
	n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_ID, VAC_SPACE_GA_VM_ID);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, 4);
	nla_put_u32(m, VAC_SPACE_A_USED, 4);
	nla_put_u32(m, VAC_SPACE_A_RANGE_FIRST, 1);
	nla_nest_end(m, n);
	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), -EBADMSG);
	ck_assert_str_eq(why, "range with only one end");
	nlmsg_free(m);
}
END_TEST

START_TEST(decode_entry_load)
{
	struct vac_instance e;
	const char *why = NULL;
	struct nl_msg *m;

	/* As vac.ko sends them: after the state, before the spaces. */
	m = rep_new(VAC_MSG_GET_QUOTA, 0, 1);
	nla_put_string(m, VAC_A_NAME, "a");
	nla_put_u32(m, VAC_A_STATE, VAC_STATE_LIVE);
	nla_put_u32(m, VAC_A_DRAINING, 1);
	nla_put_u32(m, VAC_A_VMS, 2);
	nla_put_u32(m, VAC_A_VCPUS, 5);
	nla_put_string(m, VAC_A_MODULE_VERSION, "6.1.192-3+vac.0123456789ab");
	nla_put_string(m, VAC_A_SRCVERSION, "FACC1A7F8E5455007CF5952");
	rep_entry_space(m, VAC_SPACE_VPID, 8, 5, 0);
	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), 0);
	ck_assert_uint_eq(e.draining, 1);
	ck_assert_uint_eq(e.vms, 2);
	ck_assert_uint_eq(e.vcpus, 5);
	ck_assert_str_eq(e.version, "6.1.192-3+vac.0123456789ab");
	ck_assert_str_eq(e.srcversion, "FACC1A7F8E5455007CF5952");
	ck_assert_uint_eq(e.space[VAC_SPACE_VPID].used, 5);
	nlmsg_free(m);

	m = rep_entry(VAC_MSG_GET_INSTANCE, 0, 1, "b", VAC_STATE_LIVE, 8, 0,
		      0, 0);
	nla_put_u32(m, VAC_A_DRAINING, 0);
	nla_put_u32(m, VAC_A_VMS, 4294967295U);
	nla_put_u32(m, VAC_A_VCPUS, 0);
	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), 0);
	ck_assert_uint_eq(e.draining, 0);
	ck_assert_uint_eq(e.vms, 4294967295U);
	/* No version sent (a stand-in module without one): empty. */
	ck_assert_str_eq(e.version, "");
	ck_assert_str_eq(e.srcversion, "");
	nlmsg_free(m);

	/* A version that is not a NUL-terminated string is malformed. */
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "c", VAC_STATE_LIVE, 8, 0, 0,
		      0);
	nla_put(m, VAC_A_MODULE_VERSION, 3, "abc");
	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), -EBADMSG);
	nlmsg_free(m);
}
END_TEST

START_TEST(decode_entry_forward_compatible)
{
	struct vac_instance e;
	const char *why = NULL;
	struct nl_msg *m;
	struct nlattr *n;

	/* Unknown top-level attribute and unknown space id: skipped. */
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "a", VAC_STATE_CONFIGURED, 5,
		      0, 0, 0);
	nla_put_u32(m, VAC_A_MAX + 1, 42);
	n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_ID, VAC_SPACE_COUNT + 3);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, 1);
	nla_put_u32(m, VAC_SPACE_A_USED, 0);
	nla_nest_end(m, n);
	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), 0);
	ck_assert_uint_eq(e.space[VAC_SPACE_VPID].quota, 5);
	nlmsg_free(m);
}
END_TEST

/* @m, a GET_QUOTA reply, is refused (with @want as the reason if given). */
static void expect_entry_refused(struct nl_msg *m, const char *want)
{
	struct vac_instance e;
	const char *why = NULL;

	ck_assert_int_eq(vac_msg_parse_entry(H(m), &e, &why), -EBADMSG);
	ck_assert_ptr_nonnull(why);
	if (want)
		ck_assert_str_eq(why, want);
	nlmsg_free(m);
}

/* A GET_QUOTA reply "a", live, with one svm_asid nest left open. */
static struct nl_msg *entry_with_open_space(struct nlattr **n)
{
	struct nl_msg *m = rep_new(VAC_MSG_GET_QUOTA, 0, 1);

	nla_put_string(m, VAC_A_NAME, "a");
	nla_put_u32(m, VAC_A_STATE, VAC_STATE_LIVE);
	*n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	return m;
}

START_TEST(decode_entry_refused)
{
	struct nl_msg *m;
	struct nlattr *n;
	char name[4] = { 'a', 'b', 'c', 'd' };

	/* Name not NUL-terminated. */
	m = rep_new(VAC_MSG_GET_QUOTA, 0, 1);
	nla_put(m, VAC_A_NAME, sizeof(name), name);
	nla_put_u32(m, VAC_A_STATE, 0);
	expect_entry_refused(m, NULL);

	/* Name longer than VAC_NAME_LEN. */
	m = rep_new(VAC_MSG_GET_QUOTA, 0, 1);
	nla_put_string(m, VAC_A_NAME, "abcdefghijklmnopq");
	nla_put_u32(m, VAC_A_STATE, 0);
	expect_entry_refused(m, NULL);

	/* State as a u16: wrong size. */
	m = rep_new(VAC_MSG_GET_QUOTA, 0, 1);
	nla_put_string(m, VAC_A_NAME, "a");
	nla_put_u16(m, VAC_A_STATE, 1);
	expect_entry_refused(m, "attribute of wrong size or type");

	/* Missing state; unknown state. */
	m = rep_new(VAC_MSG_GET_QUOTA, 0, 1);
	nla_put_string(m, VAC_A_NAME, "a");
	expect_entry_refused(nlmsg_convert(H(m)), "missing VAC_A_STATE");
	nla_put_u32(m, VAC_A_STATE, 7);
	expect_entry_refused(m, "unknown instance state");

	/* A u64 where a u32 belongs, inside a space. */
	m = entry_with_open_space(&n);
	nla_put_u64(m, VAC_SPACE_A_QUOTA, 1);
	nla_put_u32(m, VAC_SPACE_A_USED, 0);
	nla_nest_end(m, n);
	expect_entry_refused(m, "space attribute of wrong size or type");

	/* A space without its used count. */
	m = entry_with_open_space(&n);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, 1);
	nla_nest_end(m, n);
	expect_entry_refused(m, "space without quota or used");

	/* A range with one end, and one that ends before it starts. */
	m = entry_with_open_space(&n);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, 1);
	nla_put_u32(m, VAC_SPACE_A_USED, 0);
	nla_put_u32(m, VAC_SPACE_A_RANGE_FIRST, 5);
	nla_nest_end(m, n);
	expect_entry_refused(m, "range with only one end");
	m = entry_with_open_space(&n);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, 1);
	nla_put_u32(m, VAC_SPACE_A_USED, 0);
	nla_put_u32(m, VAC_SPACE_A_RANGE_FIRST, 5);
	nla_put_u32(m, VAC_SPACE_A_RANGE_LAST, 4);
	nla_nest_end(m, n);
	expect_entry_refused(m, "range ends before it starts");

	/* The same space twice. */
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "a", 0, 1, 0, 0, 0);
	rep_entry_space(m, VAC_SPACE_VPID, 2, 0, 0);
	expect_entry_refused(m, "space described twice");

	/* Draining is 0 or 1; load figures are u32. */
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "a", 1, 1, 0, 0, 0);
	nla_put_u32(m, VAC_A_DRAINING, 2);
	expect_entry_refused(m, "VAC_A_DRAINING neither 0 nor 1");
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "a", 1, 1, 0, 0, 0);
	nla_put_u8(m, VAC_A_DRAINING, 1);
	expect_entry_refused(m, "attribute of wrong size or type");
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "a", 1, 1, 0, 0, 0);
	nla_put_u64(m, VAC_A_VCPUS, 1);
	expect_entry_refused(m, "attribute of wrong size or type");

	/* A truncated trailing attribute (header says 8 bytes, 4 present). */
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "a", 0, 1, 0, 0, 0);
	{
		struct nlattr *t = nlmsg_reserve(m, 4, 4);

		t->nla_len = 8;
		t->nla_type = VAC_A_DROPPED;
	}
	expect_entry_refused(m, NULL);
}
END_TEST

START_TEST(decode_error_ext_ack)
{
	struct nl_msg *req, *m;
	const char *why = NULL;
	char text[64];
	int error = 0, offs = 0;
	struct vac_quota q = { .mask = 1, .max = { 99999 } };

	req = vac_msg_set_quota("a", &q);
	nlmsg_hdr(req)->nlmsg_seq = 7;

	/* Uncapped: the whole request is echoed before the TLVs. */
	m = rep_error(H(req), -ENOSPC, "vpid: quota exceeds free capacity", 24,
		      false);
	ck_assert_int_eq(vac_msg_parse_error(H(m), &error, text, sizeof(text),
					     &offs, &why), 0);
	ck_assert_int_eq(error, -ENOSPC);
	ck_assert_str_eq(text, "vpid: quota exceeds free capacity");
	ck_assert_int_eq(offs, 24);
	nlmsg_free(m);

	/* Capped: only the request header. */
	m = rep_error(H(req), -EPERM, "changing quotas needs CAP_SYS_ADMIN",
		      -1, true);
	ck_assert_int_eq(vac_msg_parse_error(H(m), &error, text, sizeof(text),
					     &offs, &why), 0);
	ck_assert_int_eq(error, -EPERM);
	ck_assert_str_eq(text, "changing quotas needs CAP_SYS_ADMIN");
	ck_assert_int_eq(offs, -1);
	nlmsg_free(m);

	/* A plain ack. */
	m = rep_error(H(req), 0, NULL, -1, true);
	ck_assert_int_eq(vac_msg_parse_error(H(m), &error, text, sizeof(text),
					     &offs, &why), 0);
	ck_assert_int_eq(error, 0);
	ck_assert_str_eq(text, "");
	nlmsg_free(m);

	/* An impossible errno, and a message too short for nlmsgerr. */
	m = rep_error(H(req), 5, NULL, -1, true);
	ck_assert_int_eq(vac_msg_parse_error(H(m), &error, text, sizeof(text),
					     &offs, &why), -EBADMSG);
	nlmsg_free(m);
	m = rep_new(NLMSG_ERROR, 0, 7);
	nlmsg_append(m, &error, sizeof(error), 0);
	ck_assert_int_eq(vac_msg_parse_error(H(m), &error, text, sizeof(text),
					     &offs, &why), -EBADMSG);
	ck_assert_str_eq(why, "NLMSG_ERROR too short");
	nlmsg_free(m);

	/* Uncapped, but the echo claims more than the message holds. */
	m = rep_error(H(req), -EINVAL, NULL, -1, false);
	((struct nlmsgerr *)nlmsg_data(H(m)))->msg.nlmsg_len = 4000;
	ck_assert_int_eq(vac_msg_parse_error(H(m), &error, text, sizeof(text),
					     &offs, &why), -EBADMSG);
	nlmsg_free(m);
	nlmsg_free(req);
}
END_TEST

START_TEST(decode_done)
{
	struct nl_msg *m = rep_done(4, 0);
	const char *why = NULL;
	int error = 1;

	ck_assert_int_eq(vac_msg_parse_done(H(m), &error, NULL, 0, &why), 0);
	ck_assert_int_eq(error, 0);
	nlmsg_free(m);
	m = rep_done(4, -EINTR);
	ck_assert_int_eq(vac_msg_parse_done(H(m), &error, NULL, 0, &why), 0);
	ck_assert_int_eq(error, -EINTR);
	nlmsg_free(m);
	/* Two bytes of errno. */
	m = rep_new(NLMSG_DONE, NLM_F_MULTI, 4);
	nlmsg_append(m, &error, 2, 0);
	ck_assert_int_eq(vac_msg_parse_done(H(m), &error, NULL, 0, &why),
			 -EBADMSG);
	nlmsg_free(m);
}
END_TEST

START_TEST(decode_notifications)
{
	struct vac_event ev;
	const char *why = NULL;
	struct nl_msg *m;

	ck_assert(vac_msg_is_notify(VAC_MSG_NOTIFY_INSTANCE_UP));
	ck_assert(vac_msg_is_notify(VAC_MSG_NOTIFY_OVERFLOW));
	ck_assert(vac_msg_is_notify(VAC_MSG_NOTIFY_INSTANCE_DRAINING));
	ck_assert(vac_msg_is_notify(VAC_MSG_NOTIFY_INSTANCE_RESUMED));
	ck_assert(!vac_msg_is_notify(VAC_MSG_SUBSCRIBE));
	/* A request between two runs of notification types. */
	ck_assert(!vac_msg_is_notify(VAC_MSG_SET_INSTANCE));
	ck_assert(!vac_msg_is_notify(__VAC_MSG_MAX));
	ck_assert(!vac_msg_is_notify(NLMSG_ERROR));
	/* Every notification type has a name, and nothing else has. */
	{
		int t;

		for (t = 0; t <= __VAC_MSG_MAX; t++)
			ck_assert_msg(vac_msg_is_notify(t) ==
				      !!strcmp(vac_event_to_name(t), "unknown"),
				      "type %d", t);
	}

	m = rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_UP, "b");
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), 0);
	ck_assert_uint_eq(ev.type, VAC_MSG_NOTIFY_INSTANCE_UP);
	ck_assert_str_eq(ev.name, "b");
	ck_assert_int_eq(ev.space, -1);
	nlmsg_free(m);

	/* QUOTA_SET: the entry's spaces, no state. */
	m = rep_notify_name(VAC_MSG_NOTIFY_QUOTA_SET, "c");
	rep_entry_space(m, VAC_SPACE_SVM_ASID, 7, 0, 0);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), 0);
	ck_assert_str_eq(ev.name, "c");
	ck_assert_str_eq(ev.entry.name, "c");
	ck_assert_uint_eq(ev.entry.space[VAC_SPACE_SVM_ASID].quota, 7);
	ck_assert_uint_eq(ev.entry.draining, 0);
	nlmsg_free(m);

	/* ... or as vac.ko fills it: state and load figures too. */
	m = rep_notify_name(VAC_MSG_NOTIFY_QUOTA_SET, "c");
	nla_put_u32(m, VAC_A_STATE, VAC_STATE_LIVE);
	nla_put_u32(m, VAC_A_DRAINING, 1);
	nla_put_u32(m, VAC_A_VMS, 3);
	nla_put_u32(m, VAC_A_VCPUS, 6);
	rep_entry_space(m, VAC_SPACE_SVM_ASID, 7, 7, 0);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), 0);
	ck_assert_uint_eq(ev.entry.state, VAC_STATE_LIVE);
	ck_assert_uint_eq(ev.entry.draining, 1);
	ck_assert_uint_eq(ev.entry.vms, 3);
	ck_assert_uint_eq(ev.entry.vcpus, 6);
	nlmsg_free(m);

	/* QUOTA_EXHAUSTED: the space, and the refusals counted so far. */
	m = rep_notify_name(VAC_MSG_NOTIFY_QUOTA_EXHAUSTED, "d");
	rep_entry_space(m, VAC_SPACE_VPID, 2, 2, 9);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), 0);
	ck_assert_int_eq(ev.space, VAC_SPACE_VPID);
	ck_assert_uint_eq(ev.quota, 2);
	ck_assert_uint_eq(ev.used, 2);
	ck_assert_uint_eq(ev.exhausted, 9);
	/* ... but not with two spaces. */
	rep_entry_space(m, VAC_SPACE_SVM_ASID, 2, 2, 0);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), -EBADMSG);
	nlmsg_free(m);

	/* INSTANCE_DRAINING: what still runs; INSTANCE_RESUMED: the name. */
	m = rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_DRAINING, "e");
	nla_put_u32(m, VAC_A_VMS, 1);
	nla_put_u32(m, VAC_A_VCPUS, 4);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), 0);
	ck_assert_uint_eq(ev.type, VAC_MSG_NOTIFY_INSTANCE_DRAINING);
	ck_assert_str_eq(ev.name, "e");
	ck_assert_uint_eq(ev.vms, 1);
	ck_assert_uint_eq(ev.vcpus, 4);
	ck_assert_int_eq(ev.space, -1);
	nlmsg_free(m);
	m = rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_DRAINING, "e");
	nla_put_u32(m, VAC_A_VMS, 1);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), -EBADMSG);
	ck_assert_str_eq(why,
			 "draining event without VAC_A_VMS or VAC_A_VCPUS");
	nlmsg_free(m);
	m = rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_RESUMED, "e");
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), 0);
	ck_assert_uint_eq(ev.type, VAC_MSG_NOTIFY_INSTANCE_RESUMED);
	ck_assert_str_eq(ev.name, "e");
	ck_assert_uint_eq(ev.vms, 0);
	nlmsg_free(m);
	m = rep_new(VAC_MSG_NOTIFY_INSTANCE_RESUMED, 0, 0);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), -EBADMSG);
	ck_assert_str_eq(why, "missing VAC_A_NAME");
	nlmsg_free(m);

	m = rep_new(VAC_MSG_NOTIFY_OVERFLOW, 0, 0);
	nla_put_u32(m, VAC_A_DROPPED, 12);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), 0);
	ck_assert_uint_eq(ev.type, VAC_MSG_NOTIFY_OVERFLOW);
	ck_assert_uint_eq(ev.dropped, 12);
	nlmsg_free(m);

	/* Refused: no name; overflow without a count; not a notification. */
	m = rep_new(VAC_MSG_NOTIFY_INSTANCE_DOWN, 0, 0);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), -EBADMSG);
	ck_assert_str_eq(why, "missing VAC_A_NAME");
	nlmsg_free(m);
	m = rep_new(VAC_MSG_NOTIFY_OVERFLOW, 0, 0);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), -EBADMSG);
	nlmsg_free(m);
	m = rep_new(VAC_MSG_GET_QUOTA, 0, 0);
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), -EBADMSG);
	nlmsg_free(m);
	/* Empty name. */
	m = rep_new(VAC_MSG_NOTIFY_QUOTA_DEL, 0, 0);
	nla_put_string(m, VAC_A_NAME, "");
	ck_assert_int_eq(vac_msg_parse_event(H(m), &ev, &why), -EBADMSG);
	nlmsg_free(m);
}
END_TEST

START_TEST(decode_vector)
{
	struct vac_vector v;
	const char *why = NULL;
	struct nl_msg *m;

	/* As vac.ko sends pi_wakeup routed to two instances (x86: no pad). */
	m = rep_vector(0, 1, VAC_VECTOR_PI_WAKEUP, "pi_wakeup",
		       VAC_VECTOR_ACTIVE, 0xf1);
	rep_vector_route(m, "ta", 3, false);
	rep_vector_route(m, "tb", 18446744073709551615ULL, false);
	ck_assert_int_eq(vac_msg_parse_vector(H(m), &v, &why), 0);
	ck_assert_uint_eq(v.id, VAC_VECTOR_PI_WAKEUP);
	ck_assert_str_eq(v.name, "pi_wakeup");
	ck_assert_uint_eq(v.state, VAC_VECTOR_ACTIVE);
	ck_assert_int_eq(v.number, 0xf1);
	ck_assert_uint_eq(v.nr_routes, 2);
	/* In the order sent: registration order. */
	ck_assert_str_eq(v.routes[0].name, "ta");
	ck_assert_uint_eq(v.routes[0].count, 3);
	ck_assert_str_eq(v.routes[1].name, "tb");
	ck_assert_uint_eq(v.routes[1].count, 18446744073709551615ULL);
	vac_vector_free(&v);
	ck_assert_ptr_null(v.routes);
	ck_assert_uint_eq(v.nr_routes, 0);
	nlmsg_free(m);

	/* With VAC_VI_A_PAD before the count (other architectures). */
	m = rep_vector(0, 1, VAC_VECTOR_PMI, "pmi", VAC_VECTOR_ACTIVE, 2);
	rep_vector_route(m, "a", 7, true);
	rep_vector_route(m, "b", 0, true);
	ck_assert_int_eq(vac_msg_parse_vector(H(m), &v, &why), 0);
	ck_assert_int_eq(v.number, 2);
	ck_assert_uint_eq(v.nr_routes, 2);
	ck_assert_uint_eq(v.routes[0].count, 7);
	ck_assert_str_eq(v.routes[1].name, "b");
	vac_vector_free(&v);
	nlmsg_free(m);

	/* No IDT vector of its own, routed nowhere: -1 and no routes. */
	m = rep_vector(0, 1, VAC_VECTOR_GA_LOG, "ga_log", VAC_VECTOR_ABSENT,
		       -1);
	ck_assert_int_eq(vac_msg_parse_vector(H(m), &v, &why), 0);
	ck_assert_str_eq(v.name, "ga_log");
	ck_assert_uint_eq(v.state, VAC_VECTOR_ABSENT);
	ck_assert_int_eq(v.number, -1);
	ck_assert_uint_eq(v.nr_routes, 0);
	ck_assert_ptr_null(v.routes);
	nlmsg_free(m);

	/* Vector 0 is a number like any other, not "none". */
	m = rep_vector(0, 1, VAC_VECTOR_PMI, "pmi", VAC_VECTOR_ACTIVE, 0);
	ck_assert_int_eq(vac_msg_parse_vector(H(m), &v, &why), 0);
	ck_assert_int_eq(v.number, 0);
	nlmsg_free(m);

	/* vac_vector_free(NULL) and of an empty vector are no-ops. */
	vac_vector_free(NULL);
	vac_vector_free(&v);
	vac_vector_list_free(NULL, 3);
}
END_TEST

START_TEST(decode_vector_forward_compatible)
{
	struct vac_vector v;
	const char *why = NULL;
	struct nlattr *n;
	struct nl_msg *m;

	/*
	 * A newer kernel: a vector and a state this library does not know,
	 * an unknown top-level attribute and an unknown one in a route.
	 */
	m = rep_vector(0, 1, VAC_VECTOR_COUNT + 2, "tdx_notify", 7, 0xf3);
	nla_put_u32(m, VAC_A_MAX + 1, 42);
	n = nla_nest_start(m, VAC_A_VECTOR_INSTANCE);
	nla_put_string(m, VAC_VI_A_NAME, "a");
	nla_put_u64(m, VAC_VI_A_COUNT, 5);
	nla_put_u32(m, VAC_VI_A_MAX + 1, 1);
	nla_nest_end(m, n);
	ck_assert_int_eq(vac_msg_parse_vector(H(m), &v, &why), 0);
	ck_assert_uint_eq(v.id, VAC_VECTOR_COUNT + 2);
	ck_assert_str_eq(v.name, "tdx_notify");
	ck_assert_uint_eq(v.state, 7);
	ck_assert_str_eq(vac_vector_state_to_name(v.state), "unknown");
	ck_assert_uint_eq(v.nr_routes, 1);
	ck_assert_uint_eq(v.routes[0].count, 5);
	vac_vector_free(&v);
	nlmsg_free(m);

	ck_assert_str_eq(vac_vector_state_to_name(VAC_VECTOR_ACTIVE), "active");
	ck_assert_str_eq(vac_vector_state_to_name(VAC_VECTOR_UNUSED), "unused");
	ck_assert_str_eq(vac_vector_state_to_name(VAC_VECTOR_ABSENT), "absent");
}
END_TEST

/* @m, a GET_VECTOR reply, is refused with @want as the reason; frees @m. */
static void expect_vector_refused(struct nl_msg *m, const char *want)
{
	struct vac_vector v;
	const char *why = NULL;

	ck_assert_int_eq(vac_msg_parse_vector(H(m), &v, &why), -EBADMSG);
	ck_assert_ptr_nonnull(why);
	if (want)
		ck_assert_str_eq(why, want);
	/* Nothing left allocated, nothing to free. */
	ck_assert_ptr_null(v.routes);
	ck_assert_uint_eq(v.nr_routes, 0);
	nlmsg_free(m);
}

START_TEST(decode_vector_refused)
{
	struct nl_msg *m;
	struct nlattr *n;

	/* Missing id, state or name; empty or unterminated name. */
	m = rep_new(VAC_MSG_GET_VECTOR, 0, 1);
	nla_put_string(m, VAC_A_VECTOR_NAME, "pmi");
	nla_put_u32(m, VAC_A_VECTOR_STATE, 0);
	expect_vector_refused(m, "missing VAC_A_VECTOR_ID");
	m = rep_new(VAC_MSG_GET_VECTOR, 0, 1);
	nla_put_u32(m, VAC_A_VECTOR_ID, 0);
	nla_put_string(m, VAC_A_VECTOR_NAME, "pmi");
	expect_vector_refused(m, "missing VAC_A_VECTOR_STATE");
	m = rep_new(VAC_MSG_GET_VECTOR, 0, 1);
	nla_put_u32(m, VAC_A_VECTOR_ID, 0);
	nla_put_u32(m, VAC_A_VECTOR_STATE, 0);
	expect_vector_refused(m, "missing VAC_A_VECTOR_NAME");
	expect_vector_refused(rep_vector(0, 1, 0, "", 0, 2),
			      "empty VAC_A_VECTOR_NAME");
	m = rep_new(VAC_MSG_GET_VECTOR, 0, 1);
	nla_put_u32(m, VAC_A_VECTOR_ID, 0);
	nla_put(m, VAC_A_VECTOR_NAME, 3, "pmi");
	nla_put_u32(m, VAC_A_VECTOR_STATE, 0);
	expect_vector_refused(m, "attribute of wrong size or type");
	/* A name that does not fit LIBVAC_VECTOR_NAME_LEN. */
	expect_vector_refused(rep_vector(0, 1, 0,
					 "abcdefghijklmnopqrstuvwxyz0123456",
					 0, 2),
			      "attribute of wrong size or type");

	/* Integers of the wrong size; an IDT vector past 255. */
	m = rep_new(VAC_MSG_GET_VECTOR, 0, 1);
	nla_put_u16(m, VAC_A_VECTOR_ID, 0);
	expect_vector_refused(m, "attribute of wrong size or type");
	m = rep_vector(0, 1, 0, "pmi", 0, -1);
	nla_put_u64(m, VAC_A_VECTOR_NUMBER, 2);
	expect_vector_refused(m, "attribute of wrong size or type");
	expect_vector_refused(rep_vector(0, 1, 0, "pmi", 0, 256),
			      "VAC_A_VECTOR_NUMBER beyond the IDT");

	/* A route without its count, or its name; a u32 count. */
	m = rep_vector(0, 1, 0, "pmi", 0, 2);
	rep_vector_route(m, "a", 1, false);
	n = nla_nest_start(m, VAC_A_VECTOR_INSTANCE);
	nla_put_string(m, VAC_VI_A_NAME, "b");
	nla_nest_end(m, n);
	expect_vector_refused(m, "vector instance without name or count");
	m = rep_vector(0, 1, 0, "pmi", 0, 2);
	n = nla_nest_start(m, VAC_A_VECTOR_INSTANCE);
	nla_put_u64(m, VAC_VI_A_COUNT, 1);
	nla_nest_end(m, n);
	expect_vector_refused(m, "vector instance without name or count");
	m = rep_vector(0, 1, 0, "pmi", 0, 2);
	n = nla_nest_start(m, VAC_A_VECTOR_INSTANCE);
	nla_put_string(m, VAC_VI_A_NAME, "a");
	nla_put_u32(m, VAC_VI_A_COUNT, 1);
	nla_nest_end(m, n);
	expect_vector_refused(m,
		"vector instance attribute of wrong size or type");
	/* An empty or over-long instance name. */
	m = rep_vector(0, 1, 0, "pmi", 0, 2);
	rep_vector_route(m, "", 1, false);
	expect_vector_refused(m, "vector instance with an empty name");
	m = rep_vector(0, 1, 0, "pmi", 0, 2);
	rep_vector_route(m, "abcdefghijklmnop", 1, false);
	expect_vector_refused(m,
		"vector instance attribute of wrong size or type");
	/* The same instance twice (the second refused after allocation). */
	m = rep_vector(0, 1, 0, "pmi", 0, 2);
	rep_vector_route(m, "a", 1, false);
	rep_vector_route(m, "b", 1, false);
	rep_vector_route(m, "a", 2, false);
	expect_vector_refused(m, "instance listed twice for a vector");
	/* A nest whose last attribute is cut short. */
	m = rep_vector(0, 1, 0, "pmi", 0, 2);
	n = nla_nest_start(m, VAC_A_VECTOR_INSTANCE);
	nla_put_string(m, VAC_VI_A_NAME, "a");
	nla_put_u64(m, VAC_VI_A_COUNT, 1);
	{
		struct nlattr *t = nlmsg_reserve(m, 4, 4);

		t->nla_len = 12;
		t->nla_type = VAC_VI_A_PAD;
	}
	nla_nest_end(m, n);
	expect_vector_refused(m, "truncated attribute");
	/* A route that is not a nest of attributes at all. */
	m = rep_vector(0, 1, 0, "pmi", 0, 2);
	nla_put_u32(m, VAC_A_VECTOR_INSTANCE, 1);
	expect_vector_refused(m, NULL);

	/* Another message type. */
	m = rep_entry(VAC_MSG_GET_QUOTA, 0, 1, "a", 0, 1, 0, 0, 0);
	expect_vector_refused(m, "unexpected message type");
}
END_TEST

START_TEST(check_framing)
{
	struct nl_msg *m = rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_UP, "a");
	uint8_t buf[256];
	const char *why = NULL;
	size_t len = H(m)->nlmsg_len;

	memcpy(buf, H(m), len);
	ck_assert_int_eq(vac_msg_check(buf, len, &why), 0);
	ck_assert_int_eq(vac_msg_check(buf, 8, &why), -EBADMSG);
	ck_assert_int_eq(vac_msg_check(buf, len - 1, &why), -EBADMSG);
	ck_assert_str_eq(why, "nlmsg_len larger than what was read");
	ck_assert_int_eq(vac_msg_check(buf, len + 16, &why), -EBADMSG);
	ck_assert_str_eq(why, "trailing bytes after the message");
	((struct nlmsghdr *)buf)->nlmsg_len = 3;
	ck_assert_int_eq(vac_msg_check(buf, len, &why), -EBADMSG);
	nlmsg_free(m);
}
END_TEST

Suite *msg_suite(void)
{
	Suite *s = suite_create("msg");
	TCase *tc = tcase_create("encode");

	tcase_add_test(tc, encode_set_quota);
	tcase_add_test(tc, encode_simple_and_dump);
	tcase_add_test(tc, encode_name_and_subscribe);
	tcase_add_test(tc, encode_set_instance);
	tcase_add_test(tc, encode_get_vector);
	suite_add_tcase(s, tc);
	tc = tcase_create("decode");
	tcase_add_test(tc, decode_version);
	tcase_add_test(tc, decode_resources);
	tcase_add_test(tc, decode_resources_refused);
	tcase_add_test(tc, decode_entry);
	tcase_add_test(tc, decode_entry_ga_vm_id);
	tcase_add_test(tc, decode_entry_load);
	tcase_add_test(tc, decode_entry_forward_compatible);
	tcase_add_test(tc, decode_entry_refused);
	tcase_add_test(tc, decode_error_ext_ack);
	tcase_add_test(tc, decode_done);
	tcase_add_test(tc, decode_notifications);
	tcase_add_test(tc, decode_vector);
	tcase_add_test(tc, decode_vector_forward_compatible);
	tcase_add_test(tc, decode_vector_refused);
	tcase_add_test(tc, check_framing);
	suite_add_tcase(s, tc);
	return s;
}
