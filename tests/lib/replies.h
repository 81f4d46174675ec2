/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building kernel-side messages with libnl for the libvac tests: what
 * vac.ko sends, written independently of libvac's decoder.
 */
#ifndef _TESTS_LIB_REPLIES_H
#define _TESTS_LIB_REPLIES_H

#include <netlink/msg.h>
#include <netlink/attr.h>
#include <vac/libvac.h>

static inline struct nl_msg *rep_new(int type, int flags, uint32_t seq)
{
	struct nl_msg *m = nlmsg_alloc_simple(type, flags);

	nlmsg_hdr(m)->nlmsg_seq = seq;
	return m;
}

/* One VAC_A_SPACE nest of a GET_QUOTA-style reply. */
static inline void rep_entry_space(struct nl_msg *m, uint32_t id,
				   uint32_t quota, uint32_t used,
				   uint32_t exhausted)
{
	struct nlattr *n = nla_nest_start(m, VAC_A_SPACE);

	nla_put_u32(m, VAC_SPACE_A_ID, id);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, quota);
	nla_put_u32(m, VAC_SPACE_A_USED, used);
	nla_put_u32(m, VAC_SPACE_A_EXHAUSTED, exhausted);
	nla_nest_end(m, n);
}

/* A GET_QUOTA / GET_INSTANCE reply: vpid and svm_asid (with range). */
static inline struct nl_msg *rep_entry(int type, int flags, uint32_t seq,
				       const char *name, uint32_t state,
				       uint32_t vpid_quota, uint32_t vpid_used,
				       uint32_t first, uint32_t last)
{
	struct nl_msg *m = rep_new(type, flags, seq);
	struct nlattr *n;

	nla_put_string(m, VAC_A_NAME, name);
	nla_put_u32(m, VAC_A_STATE, state);
	rep_entry_space(m, VAC_SPACE_VPID, vpid_quota, vpid_used, 0);
	n = nla_nest_start(m, VAC_A_SPACE);
	nla_put_u32(m, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, last ? last - first + 1 : 0);
	nla_put_u32(m, VAC_SPACE_A_USED, last ? last - first + 1 : 0);
	nla_put_u32(m, VAC_SPACE_A_EXHAUSTED, 0);
	if (last) {
		nla_put_u32(m, VAC_SPACE_A_QUOTA_PENDING, last - first + 1);
		nla_put_u32(m, VAC_SPACE_A_RANGE_FIRST, first);
		nla_put_u32(m, VAC_SPACE_A_RANGE_LAST, last);
	}
	nla_nest_end(m, n);
	return m;
}

/* A GET_RESOURCES reply: vpid capacity @vpid, svm_asid capacity @asid. */
static inline struct nl_msg *rep_resources(uint32_t seq, uint32_t vpid,
					   uint32_t asid)
{
	struct nl_msg *m = rep_new(VAC_MSG_GET_RESOURCES, 0, seq);
	uint32_t cap[VAC_SPACE_COUNT] = { vpid, asid, 0, 0 };
	struct nlattr *n;
	int s;

	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		n = nla_nest_start(m, VAC_A_SPACE);
		nla_put_u32(m, VAC_SPACE_A_ID, s);
		nla_put_u32(m, VAC_SPACE_A_FIRST, cap[s] ? 1 : 0);
		nla_put_u32(m, VAC_SPACE_A_CAPACITY, cap[s]);
		nla_put_u32(m, VAC_SPACE_A_RESERVED, 0);
		nla_put_u32(m, VAC_SPACE_A_USED, 0);
		nla_put_u32(m, VAC_SPACE_A_FREE, cap[s]);
		nla_nest_end(m, n);
	}
	return m;
}

/*
 * NLMSG_ERROR answering @req (type, seq), as netlink_ack() does: the
 * request echoed unless @capped, then NLMSGERR_ATTR_MSG @text and
 * NLMSGERR_ATTR_OFFS @offs when given.
 */
static inline struct nl_msg *rep_error(const struct nlmsghdr *req, int error,
				       const char *text, int offs,
				       bool capped)
{
	int flags = (capped ? NLM_F_CAPPED : 0) |
		    (text || offs >= 0 ? NLM_F_ACK_TLVS : 0);
	struct nl_msg *m = rep_new(NLMSG_ERROR, flags, req->nlmsg_seq);
	struct nlmsgerr e = { .error = error, .msg = *req };

	nlmsg_append(m, &e, sizeof(e), 0);
	if (!capped)
		nlmsg_append(m, nlmsg_data(req), nlmsg_datalen(req), NLMSG_ALIGNTO);
	if (text)
		nla_put_string(m, NLMSGERR_ATTR_MSG, text);
	if (offs >= 0)
		nla_put_u32(m, NLMSGERR_ATTR_OFFS, offs);
	return m;
}

/*
 * One VAC_A_VECTOR_INSTANCE nest, as vac.ko's nla_put_u64_64bit() writes
 * it: on x86 no padding (@pad false); on architectures without efficient
 * unaligned access an empty VAC_VI_A_PAD first when the count would be
 * misaligned (@pad true puts one whatever the alignment).
 */
static inline void rep_vector_route(struct nl_msg *m, const char *name,
				    uint64_t count, bool pad)
{
	struct nlattr *n = nla_nest_start(m, VAC_A_VECTOR_INSTANCE);

	nla_put_string(m, VAC_VI_A_NAME, name);
	if (pad)
		nla_put(m, VAC_VI_A_PAD, 0, NULL);
	nla_put_u64(m, VAC_VI_A_COUNT, count);
	nla_nest_end(m, n);
}

/*
 * A GET_VECTOR reply: id, name, state, the IDT vector unless @number is
 * negative, then the routes with rep_vector_route().
 */
static inline struct nl_msg *rep_vector(int flags, uint32_t seq, uint32_t id,
					const char *name, uint32_t state,
					int number)
{
	struct nl_msg *m = rep_new(VAC_MSG_GET_VECTOR, flags, seq);

	nla_put_u32(m, VAC_A_VECTOR_ID, id);
	nla_put_string(m, VAC_A_VECTOR_NAME, name);
	nla_put_u32(m, VAC_A_VECTOR_STATE, state);
	if (number >= 0)
		nla_put_u32(m, VAC_A_VECTOR_NUMBER, number);
	return m;
}

static inline struct nl_msg *rep_done(uint32_t seq, int error)
{
	struct nl_msg *m = rep_new(NLMSG_DONE, NLM_F_MULTI, seq);

	nlmsg_append(m, &error, sizeof(error), 0);
	return m;
}

static inline struct nl_msg *rep_notify_name(int type, const char *name)
{
	struct nl_msg *m = rep_new(type, 0, 0);

	nla_put_string(m, VAC_A_NAME, name);
	return m;
}

#endif /* _TESTS_LIB_REPLIES_H */
