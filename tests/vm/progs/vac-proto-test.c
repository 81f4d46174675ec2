// SPDX-License-Identifier: GPL-2.0
/*
 * vac-proto-test: protocol cases of /dev/vac, one per invocation, for the
 * VM test scripts (tests/vm/guest/vac/).
 *
 *   vac-proto-test CASE      CASE: framing attrs read replycap notify
 *                            overflow dump vectors ack perm opener
 *                            pending flood subscribers
 *
 * Well-formed requests are built with libnl-3.  The malformed ones are
 * written as raw bytes on purpose: producing them is the point.  Every
 * check prints "ok - ..." or "not ok - ..."; the exit status is the number
 * of failed checks (capped at 100).  Replies are queued by write() itself,
 * so "no reply" is checked with poll() and a zero timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netlink/msg.h>
#include <netlink/attr.h>

#include "vac.h"

static int failures;

static void check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		failures++;
}

static int vac_open(int flags)
{
	int fd = open(VAC_DEVICE_PATH, O_RDWR | flags);

	if (fd < 0) {
		printf("not ok - open %s: %s\n", VAC_DEVICE_PATH,
		       strerror(errno));
		exit(100);
	}
	return fd;
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* write(); returns 0 or -errno. */
static int wr(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	if (n < 0)
		return -errno;
	return n == (ssize_t)len ? 0 : -EIO;
}

/* A libnl message, not yet sent. */
static struct nl_msg *req(int type, int flags, unsigned int seq)
{
	struct nl_msg *m = nlmsg_alloc_simple(type, NLM_F_REQUEST | flags);

	if (!m)
		exit(100);
	nlmsg_hdr(m)->nlmsg_seq = seq;
	return m;
}

static int send_msg(int fd, struct nl_msg *m)
{
	struct nlmsghdr *h = nlmsg_hdr(m);
	int ret = wr(fd, h, h->nlmsg_len);

	nlmsg_free(m);
	return ret;
}

static void put_space(struct nl_msg *m, int id, unsigned int quota)
{
	struct nlattr *n = nla_nest_start(m, VAC_A_SPACE | NLA_F_NESTED);

	nla_put_u32(m, VAC_SPACE_A_ID, id);
	nla_put_u32(m, VAC_SPACE_A_QUOTA, quota);
	nla_nest_end(m, n);
}

static int set_quota(int fd, const char *name, int space, unsigned int q,
		     int flags, unsigned int seq)
{
	struct nl_msg *m = req(VAC_MSG_SET_QUOTA, flags, seq);

	nla_put_string(m, VAC_A_NAME, name);
	put_space(m, space, q);
	return send_msg(fd, m);
}

static int del_quota(int fd, const char *name, int flags, unsigned int seq)
{
	struct nl_msg *m = req(VAC_MSG_DEL_QUOTA, flags, seq);

	nla_put_string(m, VAC_A_NAME, name);
	return send_msg(fd, m);
}

/* A received message. */
struct reply {
	union {
		struct nlmsghdr h;
		char buf[VAC_MSG_SIZE_MAX];
	};
	int len;
	/* for NLMSG_ERROR */
	int error;
	int capped;
	int echo_len;
	char msg[256];
	int offs;		/* -1 if absent */
	int miss_type;		/* -1 if absent */
	int miss_nest;		/* -1 if absent */
};

static struct reply r;

static void parse_error(void)
{
	struct nlmsgerr *e = nlmsg_data(&r.h);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int echo;

	r.error = e->error;
	r.capped = !!(r.h.nlmsg_flags & NLM_F_CAPPED);
	echo = r.capped ? (int)sizeof(*e) :
			  (int)(sizeof(*e) - sizeof(e->msg) + e->msg.nlmsg_len);
	r.echo_len = echo;
	if (!(r.h.nlmsg_flags & NLM_F_ACK_TLVS) ||
	    nlmsg_datalen(&r.h) < (int)NLMSG_ALIGN(echo))
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + NLMSG_ALIGN(echo)),
		      nlmsg_datalen(&r.h) - NLMSG_ALIGN(echo), NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(r.msg, sizeof(r.msg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		r.offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		r.miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	if (tb[NLMSGERR_ATTR_MISS_NEST])
		r.miss_nest = nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
}

/* Read one message into r; returns its length or -errno. */
static int rd(int fd)
{
	ssize_t n;

	memset(&r, 0, sizeof(r));
	r.offs = r.miss_type = r.miss_nest = -1;
	n = read(fd, r.buf, sizeof(r.buf));
	if (n < 0)
		return -errno;
	r.len = n;
	if (n < NLMSG_HDRLEN || r.h.nlmsg_len != n) {
		check(0, "reply of %zd bytes is one whole message", n);
		return -EIO;
	}
	if (r.h.nlmsg_type == NLMSG_ERROR)
		parse_error();
	return n;
}

/* Read the answer to a request that must fail with @err. */
static void expect_error(int fd, int err, const char *what)
{
	int n = rd(fd);

	check(n > 0 && r.h.nlmsg_type == NLMSG_ERROR && r.error == -err,
	      "%s: NLMSG_ERROR %d (got type %d error %d, read %d)", what,
	      -err, n > 0 ? r.h.nlmsg_type : -1, r.error, n);
	if (n > 0 && r.h.nlmsg_type == NLMSG_ERROR && err)
		check(r.msg[0] != 0, "%s: has a message: \"%s\"", what, r.msg);
}

static void expect_nothing(int fd, const char *what)
{
	check(!readable(fd), "%s: nothing to read", what);
}

/* Raw message builder. */
struct raw {
	char buf[70000];
	int len;
};

static struct nlmsghdr *raw_hdr(struct raw *b, int type, int flags,
				unsigned int seq)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(b->buf + b->len);

	memset(h, 0, NLMSG_HDRLEN);
	h->nlmsg_len = NLMSG_HDRLEN;
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	b->len += NLMSG_HDRLEN;
	return h;
}

/* Append an attribute with @len payload bytes; nla_len set to @nla_len. */
static struct nlattr *raw_attr(struct raw *b, struct nlmsghdr *h, int type,
			       const void *data, int len, int nla_len)
{
	struct nlattr *a = (struct nlattr *)(b->buf + b->len);

	a->nla_type = type;
	a->nla_len = nla_len;
	memcpy(a + 1, data, len);
	memset((char *)(a + 1) + len, 0, NLA_ALIGN(len) - len);
	b->len += NLA_HDRLEN + NLA_ALIGN(len);
	h->nlmsg_len = (char *)b->buf + b->len - (char *)h;
	return a;
}

static struct nlattr *raw_u32(struct raw *b, struct nlmsghdr *h, int type,
			      uint32_t v)
{
	return raw_attr(b, h, type, &v, 4, NLA_HDRLEN + 4);
}

/* Start a nest; close it with raw_end(). */
static struct nlattr *raw_nest(struct raw *b, int type)
{
	struct nlattr *a = (struct nlattr *)(b->buf + b->len);

	a->nla_type = type;
	b->len += NLA_HDRLEN;
	return a;
}

static void raw_end(struct raw *b, struct nlmsghdr *h, struct nlattr *a)
{
	a->nla_len = (char *)b->buf + b->len - (char *)a;
	h->nlmsg_len = (char *)b->buf + b->len - (char *)h;
}

static int offset_of(struct nlmsghdr *h, void *p)
{
	return (char *)p - (char *)h;
}

/* --- cases ---------------------------------------------------------------- */

static void case_framing(void)
{
	int fd = vac_open(0);
	struct raw *b = calloc(1, sizeof(*b));
	struct nlmsghdr *h, *h2;
	int i, ret;

	check(wr(fd, "", 0) == -EINVAL, "zero-length write: EINVAL");
	check(wr(fd, "\x14\0\0\0\x10\0", 6) == -EINVAL,
	      "truncated header (6 bytes): EINVAL");
	expect_nothing(fd, "truncated header");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST | NLM_F_ACK, 1);
	h->nlmsg_len = 8;
	check(wr(fd, b->buf, 16) == -EINVAL, "nlmsg_len 8 < header: EINVAL");
	h->nlmsg_len = 0;
	check(wr(fd, b->buf, 16) == -EINVAL, "nlmsg_len 0: EINVAL");
	h->nlmsg_len = 100;
	check(wr(fd, b->buf, 16) == -EINVAL,
	      "nlmsg_len 100 past a 16-byte write: EINVAL");
	h->nlmsg_len = 0xffffffff;
	check(wr(fd, b->buf, 16) == -EINVAL, "nlmsg_len 0xffffffff: EINVAL");
	expect_nothing(fd, "bad nlmsg_len");

	/* A good message followed by a bad one: nothing runs. */
	b->len = 0;
	raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST, 1);
	h2 = raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST, 2);
	h2->nlmsg_len = 40;
	check(wr(fd, b->buf, b->len) == -EINVAL,
	      "second message runs past the write: EINVAL");
	expect_nothing(fd, "whole write refused, first message not run");

	/* 64 KiB write. */
	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST, 1);
	h->nlmsg_len = 65536;
	check(wr(fd, b->buf, 65536) == -EMSGSIZE, "64 KiB write: EMSGSIZE");
	check(wr(fd, b->buf, VAC_MSG_SIZE_MAX + 1) == -EMSGSIZE,
	      "write of VAC_MSG_SIZE_MAX + 1: EMSGSIZE");
	expect_nothing(fd, "oversized writes");

	/* One message of exactly VAC_MSG_SIZE_MAX: refused, echo capped. */
	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST, 7);
	raw_attr(b, h, VAC_A_DROPPED, b->buf + 1000,
		 VAC_MSG_SIZE_MAX - NLMSG_HDRLEN - NLA_HDRLEN,
		 VAC_MSG_SIZE_MAX - NLMSG_HDRLEN);
	check(h->nlmsg_len == VAC_MSG_SIZE_MAX, "built an 8 KiB message");
	check(wr(fd, b->buf, b->len) == 0, "8 KiB message accepted by write");
	expect_error(fd, EINVAL, "8 KiB GET_VERSION with an attribute");
	check(r.capped && r.offs == NLMSG_HDRLEN && r.len <= VAC_MSG_SIZE_MAX,
	      "error reply capped (capped=%d offs=%d len=%d)", r.capped,
	      r.offs, r.len);

	/* Three messages in one write: three replies, in order. */
	b->len = 0;
	for (i = 1; i <= 3; i++)
		raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST, 10 + i);
	check(wr(fd, b->buf, b->len) == 0, "three requests in one write");
	for (i = 1; i <= 3; i++) {
		ret = rd(fd);
		check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_VERSION &&
		      r.h.nlmsg_seq == 10u + i, "reply %d in order (seq %u)",
		      i, ret > 0 ? r.h.nlmsg_seq : 0);
	}
	expect_nothing(fd, "exactly three replies");

	/* Last message not padded to 4 bytes: a 1-byte trailer. */
	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST, 20);
	b->buf[b->len++] = 'x';
	h->nlmsg_len = 17;
	check(wr(fd, b->buf, 17) == 0, "17-byte message written");
	expect_error(fd, EINVAL, "1 byte of junk after the header");

	/* Flags and types. */
	b->len = 0;
	raw_hdr(b, VAC_MSG_GET_VERSION, 0, 21);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "NLM_F_REQUEST unset");

	b->len = 0;
	raw_hdr(b, NLMSG_NOOP, NLM_F_REQUEST, 22);
	wr(fd, b->buf, b->len);
	expect_nothing(fd, "NLMSG_NOOP without NLM_F_ACK");
	b->len = 0;
	raw_hdr(b, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 23);
	wr(fd, b->buf, b->len);
	expect_error(fd, 0, "NLMSG_NOOP with NLM_F_ACK: acked");

	b->len = 0;
	raw_hdr(b, 200, NLM_F_REQUEST, 24);
	wr(fd, b->buf, b->len);
	expect_error(fd, EOPNOTSUPP, "unknown message type 200");
	check(r.h.nlmsg_seq == 24, "error reply carries the request's seq");

	b->len = 0;
	raw_hdr(b, __VAC_MSG_MAX, NLM_F_REQUEST, 25);
	wr(fd, b->buf, b->len);
	expect_error(fd, EOPNOTSUPP, "message type __VAC_MSG_MAX");

	b->len = 0;
	raw_hdr(b, VAC_MSG_NOTIFY_QUOTA_SET, NLM_F_REQUEST, 26);
	wr(fd, b->buf, b->len);
	expect_error(fd, EOPNOTSUPP, "a notification type as a request");

	b->len = 0;
	raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST | NLM_F_DUMP, 27);
	wr(fd, b->buf, b->len);
	expect_error(fd, EOPNOTSUPP, "GET_VERSION with NLM_F_DUMP");

	/* All 64 Ki message types: answered, never a crash. */
	for (i = 0; i < 65536; i += 97) {
		b->len = 0;
		raw_hdr(b, i, NLM_F_REQUEST | NLM_F_ACK, i);
		if (wr(fd, b->buf, b->len))
			break;
		while (readable(fd))
			rd(fd);
	}
	check(i >= 65536, "every 97th message type answered");

	free(b);
	close(fd);
}

static void case_attrs(void)
{
	int fd = vac_open(0);
	struct raw *b = calloc(1, sizeof(*b));
	struct nlattr *a, *n, *n2;
	struct nlmsghdr *h;
	uint16_t u16 = 1;

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_VERSION, NLM_F_REQUEST, 1);
	a = raw_attr(b, h, VAC_A_NAME, "a", 2, NLA_HDRLEN + 2);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "GET_VERSION with an attribute");
	check(r.offs == offset_of(h, a), "offs %d points at it", r.offs);
	check(!r.capped && r.echo_len == (int)(sizeof(struct nlmsgerr) -
	      sizeof(struct nlmsghdr) + h->nlmsg_len) &&
	      !memcmp((char *)nlmsg_data(&r.h) + sizeof(int), h,
		      h->nlmsg_len), "error echoes the whole request");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_QUOTA, NLM_F_REQUEST, 2);
	raw_attr(b, h, VAC_A_NAME, "a", 2, NLA_HDRLEN + 2);
	a = raw_u32(b, h, 99, 1);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "unknown attribute type 99");
	check(r.offs == offset_of(h, a), "offs %d points at it", r.offs);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_QUOTA, NLM_F_REQUEST, 3);
	a = raw_attr(b, h, VAC_A_NAME, "abcd", 4, NLA_HDRLEN + 4);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "name without NUL");
	check(r.offs == offset_of(h, a), "offs %d points at it", r.offs);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_QUOTA, NLM_F_REQUEST, 4);
	raw_attr(b, h, VAC_A_NAME, "abcdefghijklmnopqrst", 21, NLA_HDRLEN + 21);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "name of 20 characters");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_QUOTA, NLM_F_REQUEST, 5);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "GET_QUOTA without a name");
	check(r.miss_type == VAC_A_NAME, "miss_type %d is VAC_A_NAME",
	      r.miss_type);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_QUOTA, NLM_F_REQUEST, 6);
	raw_attr(b, h, VAC_A_NAME, "a", 2, 2);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "nla_len 2 (< attribute header)");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_QUOTA, NLM_F_REQUEST, 7);
	raw_attr(b, h, VAC_A_NAME, "a", 2, 200);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "nla_len 200 past the message");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SUBSCRIBE, NLM_F_REQUEST, 8);
	a = raw_attr(b, h, VAC_A_GROUPS, &u16, 2, NLA_HDRLEN + 2);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "u16 where a u32 is due");
	check(r.offs == offset_of(h, a), "offs %d points at it", r.offs);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SUBSCRIBE, NLM_F_REQUEST, 9);
	raw_u32(b, h, VAC_A_GROUPS, 0x100);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "unknown group bit 0x100");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SUBSCRIBE, NLM_F_REQUEST, 10);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "SUBSCRIBE without groups");

	/* Nests (SET_QUOTA; the test runs as root). */
	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 11);
	raw_attr(b, h, VAC_A_NAME, "pt", 3, NLA_HDRLEN + 3);
	n = raw_nest(b, VAC_A_SPACE);	/* no NLA_F_NESTED */
	raw_u32(b, h, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	raw_u32(b, h, VAC_SPACE_A_QUOTA, 1);
	raw_end(b, h, n);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "nest without NLA_F_NESTED");
	check(r.offs == offset_of(h, n), "offs %d points at the nest", r.offs);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 12);
	raw_attr(b, h, VAC_A_NAME, "pt", 3, NLA_HDRLEN + 3);
	n = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	raw_attr(b, h, 0x7777, "\xff\xfe\xfd\xfc\xfb\xfa\xf9", 7, 0xfff0);
	raw_end(b, h, n);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "garbage inside a nest");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 13);
	raw_attr(b, h, VAC_A_NAME, "pt", 3, NLA_HDRLEN + 3);
	n = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	a = raw_u32(b, h, VAC_SPACE_A_ID, 7);
	raw_u32(b, h, VAC_SPACE_A_QUOTA, 1);
	raw_end(b, h, n);
	wr(fd, b->buf, b->len);
	expect_error(fd, ERANGE, "space id 7 (out of the policy range)");
	check(r.offs == offset_of(h, a), "offs %d points at the id", r.offs);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 14);
	raw_attr(b, h, VAC_A_NAME, "pt", 3, NLA_HDRLEN + 3);
	n = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	raw_u32(b, h, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	raw_end(b, h, n);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "nest without a quota");
	check(r.miss_type == VAC_SPACE_A_QUOTA &&
	      r.miss_nest == offset_of(h, n),
	      "miss_type %d miss_nest %d", r.miss_type, r.miss_nest);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 15);
	raw_attr(b, h, VAC_A_NAME, "pt", 3, NLA_HDRLEN + 3);
	n = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	raw_u32(b, h, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	raw_u32(b, h, VAC_SPACE_A_QUOTA, 1);
	raw_end(b, h, n);
	n2 = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	raw_u32(b, h, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	raw_u32(b, h, VAC_SPACE_A_QUOTA, 2);
	raw_end(b, h, n2);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "the same space twice");
	check(r.offs == offset_of(h, n2), "offs %d points at the second",
	      r.offs);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 16);
	raw_attr(b, h, VAC_A_NAME, "pt", 3, NLA_HDRLEN + 3);
	n = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	raw_u32(b, h, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	raw_u32(b, h, VAC_SPACE_A_QUOTA, 1);
	raw_u32(b, h, VAC_SPACE_A_CAPACITY, 1);
	raw_end(b, h, n);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "read-only attribute in a SET nest");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 17);
	raw_attr(b, h, VAC_A_NAME, "pt", 3, NLA_HDRLEN + 3);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "SET_QUOTA without a space");
	check(r.miss_type == VAC_A_SPACE, "miss_type %d is VAC_A_SPACE",
	      r.miss_type);

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 18);
	a = raw_attr(b, h, VAC_A_NAME, "Bad!", 5, NLA_HDRLEN + 5);
	n = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	raw_u32(b, h, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	raw_u32(b, h, VAC_SPACE_A_QUOTA, 1);
	raw_end(b, h, n);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "invalid instance name");
	check(r.offs == offset_of(h, a), "offs %d points at the name", r.offs);

	/* The core refuses svm_asid: offs names that nest, not the first. */
	b->len = 0;
	h = raw_hdr(b, VAC_MSG_SET_QUOTA, NLM_F_REQUEST, 19);
	raw_attr(b, h, VAC_A_NAME, "pt", 3, NLA_HDRLEN + 3);
	n = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	raw_u32(b, h, VAC_SPACE_A_ID, VAC_SPACE_VPID);
	raw_u32(b, h, VAC_SPACE_A_QUOTA, 0);
	raw_end(b, h, n);
	n2 = raw_nest(b, VAC_A_SPACE | NLA_F_NESTED);
	raw_u32(b, h, VAC_SPACE_A_ID, VAC_SPACE_SVM_ASID);
	raw_u32(b, h, VAC_SPACE_A_QUOTA, 100000);
	raw_end(b, h, n2);
	wr(fd, b->buf, b->len);
	expect_error(fd, ERANGE, "svm_asid quota beyond capacity");
	check(r.offs == offset_of(h, n2), "offs %d points at the svm_asid nest",
	      r.offs);

	free(b);
	close(fd);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void case_read(void)
{
	int fd = vac_open(O_NONBLOCK), fd2, ret;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct pollfd p;
	char small[16];
	char *bad;

	check(read(fd, small, sizeof(small)) < 0 && errno == EAGAIN,
	      "O_NONBLOCK read of an empty queue: EAGAIN");
	p = (struct pollfd) { .fd = fd, .events = POLLIN | POLLOUT };
	check(poll(&p, 1, 0) == 1 && p.revents == POLLOUT,
	      "poll: writable, not readable (revents 0x%x)", p.revents);

	send_msg(fd, req(VAC_MSG_GET_RESOURCES, 0, 1));
	p.revents = 0;
	check(poll(&p, 1, 0) == 1 && (p.revents & POLLIN),
	      "poll: readable after a request");
	check(read(fd, small, sizeof(small)) < 0 && errno == EMSGSIZE,
	      "read into 16 bytes: EMSGSIZE");
	bad = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(read(fd, bad, 4096) < 0 && errno == EFAULT,
	      "read into read-only memory: EFAULT");

	/* Interleave: another request while the first reply is unread. */
	send_msg(fd, req(VAC_MSG_GET_VERSION, 0, 2));
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_RESOURCES &&
	      r.h.nlmsg_seq == 1, "the message stayed first: resources");
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_VERSION &&
	      r.h.nlmsg_seq == 2, "then the version reply");
	check(rd(fd) == -EAGAIN, "then EAGAIN");

	/* Two files do not see each other's replies. */
	fd2 = vac_open(O_NONBLOCK);
	send_msg(fd, req(VAC_MSG_GET_VERSION, 0, 3));
	send_msg(fd2, req(VAC_MSG_GET_VERSION, 0, 4));
	check(rd(fd2) > 0 && r.h.nlmsg_seq == 4, "second file: its reply");
	check(rd(fd) > 0 && r.h.nlmsg_seq == 3, "first file: its reply");
	check(rd(fd) == -EAGAIN && rd(fd2) == -EAGAIN, "both empty");
	close(fd2);

	/* Blocking read: interrupted by a signal. */
	close(fd);
	fd = vac_open(0);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	ret = rd(fd);
	check(ret == -EINTR, "blocking read on an empty queue: EINTR on "
	      "a signal (%d)", ret);

	/* Blocking read: woken by a notification from another process. */
	fd2 = vac_open(0);
	{
		struct nl_msg *m = req(VAC_MSG_SUBSCRIBE, 0, 5);
		pid_t pid;
		int st;

		nla_put_u32(m, VAC_A_GROUPS, VAC_GROUP_QUOTA);
		send_msg(fd2, m);
		pid = fork();
		if (pid == 0) {
			int f = vac_open(0);

			_exit(set_quota(f, "rdwake", VAC_SPACE_SVM_ASID, 0, 0,
					1) ? 1 : 0);
		}
		ret = rd(fd2);
		check(ret > 0 && r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_SET,
		      "blocking read woken by a notification (type %d)",
		      ret > 0 ? r.h.nlmsg_type : ret);
		waitpid(pid, &st, 0);
		check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child set quota");
		del_quota(fd, "rdwake", 0, 6);
	}
	close(fd2);
	close(fd);
}

static void case_replycap(void)
{
	int fd = vac_open(O_NONBLOCK);
	struct raw *b = calloc(1, sizeof(*b));
	unsigned int i, j, k = 0, n = 0, seq;
	struct pollfd p = { .events = POLLOUT };
	ssize_t w;
	int ret = 0;

	for (i = 0; i < 100000; i++) {
		ret = send_msg(fd, req(VAC_MSG_GET_RESOURCES, 0, i));
		if (ret)
			break;
	}
	check(ret == -ENOBUFS, "writes without reads end in ENOBUFS after %u "
	      "requests (%d)", i, ret);
	check(i > 16 && i < 100000, "the cap is neither tiny nor absent (%u)",
	      i);
	p.fd = fd;
	check(poll(&p, 1, 0) >= 0 && !(p.revents & POLLOUT),
	      "poll: not writable at the cap (revents 0x%x)", p.revents);

	/* Room for a few: a 50-message write is cut at a message boundary. */
	check(rd(fd) > 0 && r.h.nlmsg_seq == 0, "read the first reply");
	for (j = 0; j < 50; j++)
		raw_hdr(b, VAC_MSG_GET_RESOURCES, NLM_F_REQUEST, 1000000 + j);
	w = write(fd, b->buf, b->len);
	check(w > 0 && w < b->len && w % NLMSG_HDRLEN == 0,
	      "50 requests in one write near the cap: short write of %zd of "
	      "%d bytes", w, b->len);
	if (w > 0)
		k = w / NLMSG_HDRLEN;

	seq = 1;
	while (rd(fd) > 0) {
		if (seq == i)
			seq = 1000000;
		if (r.h.nlmsg_seq != seq)
			break;
		seq++;
		n++;
	}
	check(n == i - 1 + k, "every accepted request was answered, in order "
	      "(%u of %u)", n, i - 1 + k);
	check(send_msg(fd, req(VAC_MSG_GET_VERSION, 0, 1)) == 0,
	      "writes work again once read");
	free(b);
	close(fd);
}

static int subscribe(int fd, unsigned int groups)
{
	struct nl_msg *m = req(VAC_MSG_SUBSCRIBE, NLM_F_ACK, 99);

	nla_put_u32(m, VAC_A_GROUPS, groups);
	send_msg(fd, m);
	return rd(fd) > 0 && r.h.nlmsg_type == NLMSG_ERROR && r.error == 0;
}

/* Value of space attribute @attr of space @id in r, or -1. */
static long space_attr(int id, int attr)
{
	struct nlattr *a, *stb[VAC_SPACE_A_MAX + 1];
	int rem;

	nlmsg_for_each_attr(a, &r.h, 0, rem) {
		if (nla_type(a) != VAC_A_SPACE)
			continue;
		if (nla_parse_nested(stb, VAC_SPACE_A_MAX, a, NULL) < 0)
			return -1;
		if (stb[VAC_SPACE_A_ID] &&
		    nla_get_u32(stb[VAC_SPACE_A_ID]) == (uint32_t)id)
			return stb[attr] ? (long)nla_get_u32(stb[attr]) : -1;
	}
	return -1;
}

static const char *msg_name(void)
{
	struct nlattr *a = nlmsg_find_attr(&r.h, 0, VAC_A_NAME);

	return a ? nla_get_string(a) : "";
}

static void case_notify(void)
{
	int lis = vac_open(O_NONBLOCK), fd = vac_open(0), ret;

	check(subscribe(lis, VAC_GROUP_QUOTA), "subscribe to quota events");
	set_quota(fd, "ntest", VAC_SPACE_SVM_ASID, 2, 0, 1);
	ret = rd(lis);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_SET &&
	      !strcmp(msg_name(), "ntest"), "QUOTA_SET for ntest");
	check(r.h.nlmsg_seq == 0 && r.h.nlmsg_pid == 0, "seq 0, pid 0");
	check(space_attr(VAC_SPACE_SVM_ASID, VAC_SPACE_A_QUOTA) == 2,
	      "carries svm_asid quota 2 (%ld)",
	      space_attr(VAC_SPACE_SVM_ASID, VAC_SPACE_A_QUOTA));
	check(rd(lis) == -EAGAIN, "one event per change");

	del_quota(fd, "ntest", 0, 2);
	ret = rd(lis);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_DEL &&
	      !strcmp(msg_name(), "ntest"), "QUOTA_DEL for ntest");

	check(subscribe(lis, VAC_GROUP_INSTANCE), "switch to instance events");
	set_quota(fd, "ntest", VAC_SPACE_SVM_ASID, 1, 0, 3);
	check(rd(lis) == -EAGAIN, "no quota event in the instance group");
	check(subscribe(lis, 0), "unsubscribe");
	del_quota(fd, "ntest", 0, 4);
	check(rd(lis) == -EAGAIN, "no event after unsubscribing");

	/* A failed change notifies nobody. */
	check(subscribe(lis, VAC_GROUP_ALL), "subscribe to everything");
	del_quota(fd, "nosuch", 0, 5);
	check(rd(fd) > 0 && r.error == -ENOENT, "deleting nosuch: ENOENT");
	check(rd(lis) == -EAGAIN, "no event for a failed change");
	close(lis);
	close(fd);
}

static void case_overflow(void)
{
	int lis = vac_open(O_NONBLOCK), fd = vac_open(0);
	unsigned int i, n = 0, events = VAC_NOTIFY_QUEUE_MAX + 44;
	int ret, bad = 0;

	check(subscribe(lis, VAC_GROUP_QUOTA), "subscribe to quota events");
	for (i = 0; i < events; i++)
		if (set_quota(fd, "otest", VAC_SPACE_SVM_ASID, 1 + i % 2, 0, i))
			bad++;
	check(!bad && !readable(fd), "%u quota changes made", events);
	while ((ret = rd(lis)) > 0 &&
	       r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_SET)
		n++;
	check(n == VAC_NOTIFY_QUEUE_MAX, "%u notifications queued (cap %d)",
	      n, VAC_NOTIFY_QUEUE_MAX);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_NOTIFY_OVERFLOW,
	      "then one OVERFLOW");
	{
		struct nlattr *a = nlmsg_find_attr(&r.h, 0, VAC_A_DROPPED);

		check(a && nla_get_u32(a) == events - VAC_NOTIFY_QUEUE_MAX,
		      "dropped = %u", a ? nla_get_u32(a) : 0);
	}
	check(rd(lis) == -EAGAIN, "then nothing");

	/* Events flow again, and a later overflow counts only new drops. */
	set_quota(fd, "otest", VAC_SPACE_SVM_ASID, 3, 0, 1);
	check(rd(lis) > 0 && r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_SET,
	      "events flow after the overflow was read");
	for (i = 0; i < VAC_NOTIFY_QUEUE_MAX + 5; i++)
		set_quota(fd, "otest", VAC_SPACE_SVM_ASID, 1 + i % 2, 0, i);
	n = 0;
	while ((ret = rd(lis)) > 0 &&
	       r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_SET)
		n++;
	{
		struct nlattr *a = ret > 0 ?
			nlmsg_find_attr(&r.h, 0, VAC_A_DROPPED) : NULL;

		check(n == VAC_NOTIFY_QUEUE_MAX && a && nla_get_u32(a) == 5,
		      "second overflow: %u queued, dropped %u", n,
		      a ? nla_get_u32(a) : 0);
	}
	del_quota(fd, "otest", 0, 2);
	close(lis);
	close(fd);
}

static void case_dump(void)
{
	static const char *const names[] = { "d1", "d2", "d3", "d4", "d5" };
	int fd = vac_open(O_NONBLOCK), ret, i, seen = 0, n = 0;
	struct raw *b = calloc(1, sizeof(*b));
	struct nlmsghdr *h;

	for (i = 0; i < 5; i++)
		set_quota(fd, names[i], VAC_SPACE_SVM_ASID, 0, 0, i);
	expect_nothing(fd, "five entries created");

	send_msg(fd, req(VAC_MSG_GET_QUOTA, NLM_F_DUMP, 50));
	while ((ret = rd(fd)) > 0 && r.h.nlmsg_type == VAC_MSG_GET_QUOTA) {
		check(r.h.nlmsg_flags & NLM_F_MULTI && r.h.nlmsg_seq == 50,
		      "dump part %d: NLM_F_MULTI, seq 50", n);
		for (i = 0; i < 5; i++)
			if (!strcmp(msg_name(), names[i]))
				seen |= 1 << i;
		n++;
	}
	check(ret > 0 && r.h.nlmsg_type == NLMSG_DONE &&
	      (r.h.nlmsg_flags & NLM_F_MULTI), "ends with NLMSG_DONE");
	check(seen == 0x1f, "all five entries dumped (%d parts)", n);
	check(rd(fd) == -EAGAIN, "nothing after DONE");

	send_msg(fd, req(VAC_MSG_GET_INSTANCE, NLM_F_DUMP, 51));
	n = 0;
	while ((ret = rd(fd)) > 0 && r.h.nlmsg_type == VAC_MSG_GET_INSTANCE)
		if (!strncmp(msg_name(), "d", 1) && strlen(msg_name()) == 2)
			n++;
	check(ret > 0 && r.h.nlmsg_type == NLMSG_DONE && n == 0,
	      "instance dump: no configured-only entry, then DONE");

	/* A second dump while one is running. */
	send_msg(fd, req(VAC_MSG_GET_QUOTA, NLM_F_DUMP, 52));
	check(rd(fd) > 0 && r.h.nlmsg_type == VAC_MSG_GET_QUOTA,
	      "first part of dump 52");
	send_msg(fd, req(VAC_MSG_GET_QUOTA, NLM_F_DUMP, 53));
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == NLMSG_ERROR && r.error == -EBUSY &&
	      r.h.nlmsg_seq == 53, "dump 53 while 52 runs: EBUSY");
	while ((ret = rd(fd)) > 0 && r.h.nlmsg_type == VAC_MSG_GET_QUOTA)
		check(r.h.nlmsg_seq == 52, "dump 52 continues");
	check(ret > 0 && r.h.nlmsg_type == NLMSG_DONE && r.h.nlmsg_seq == 52,
	      "dump 52 done");

	/* Dump requests take no attributes. */
	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_QUOTA, NLM_F_REQUEST | NLM_F_DUMP, 54);
	raw_attr(b, h, VAC_A_NAME, "d1", 3, NLA_HDRLEN + 3);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "dump with a name");
	check(r.offs == NLMSG_HDRLEN, "offs %d points at it", r.offs);

	/* A file closed in the middle of a dump. */
	{
		int f2 = vac_open(0);

		send_msg(f2, req(VAC_MSG_GET_QUOTA, NLM_F_DUMP, 55));
		rd(f2);
		close(f2);
		check(1, "closed a file with a dump in progress");
	}

	for (i = 0; i < 5; i++)
		del_quota(fd, names[i], 0, i);
	expect_nothing(fd, "entries deleted");
	free(b);
	close(fd);
}

/* The vector message in r: its name, and how many instance nests. */
static const char *vector_msg(int *nr_inst, int *state)
{
	static char name[32];
	struct nlattr *tb[VAC_A_MAX + 1], *a;
	int rem;

	name[0] = 0;
	*nr_inst = 0;
	*state = -1;
	if (nlmsg_parse(&r.h, 0, tb, VAC_A_MAX, NULL) < 0)
		return name;
	if (tb[VAC_A_VECTOR_NAME])
		snprintf(name, sizeof(name), "%s",
			 nla_get_string(tb[VAC_A_VECTOR_NAME]));
	if (tb[VAC_A_VECTOR_STATE])
		*state = nla_get_u32(tb[VAC_A_VECTOR_STATE]);
	nlmsg_for_each_attr(a, &r.h, 0, rem)
		if (nla_type(a) == VAC_A_VECTOR_INSTANCE)
			(*nr_inst)++;
	return name;
}

/*
 * GET_VECTOR: a dump lists pmi, pi_wakeup and ga_log, in that order, as
 * NLM_F_MULTI parts and NLMSG_DONE; one vector by name; an unknown name,
 * a dump with attributes, and a dump while another runs are refused.
 * Run with no instance loaded.
 */
static void case_vectors(void)
{
	static const char *const want[] = { "pmi", "pi_wakeup", "ga_log" };
	int fd = vac_open(O_NONBLOCK), ret, n = 0, ninst, state;
	struct raw *b = calloc(1, sizeof(*b));
	struct nlmsghdr *h;
	struct nl_msg *m;
	const char *name;

	send_msg(fd, req(VAC_MSG_GET_VECTOR, NLM_F_DUMP, 70));
	while ((ret = rd(fd)) > 0 && r.h.nlmsg_type == VAC_MSG_GET_VECTOR) {
		name = vector_msg(&ninst, &state);
		check(n < 3 && !strcmp(name, want[n]),
		      "dump part %d is %s (got %s)", n, n < 3 ? want[n] : "-",
		      name);
		check(r.h.nlmsg_flags & NLM_F_MULTI && r.h.nlmsg_seq == 70,
		      "part %d: NLM_F_MULTI, seq 70", n);
		check(ninst == 0, "%s: no instance (%d)", name, ninst);
		check(state >= VAC_VECTOR_ACTIVE && state <= VAC_VECTOR_ABSENT,
		      "%s: a state (%d)", name, state);
		n++;
	}
	check(ret > 0 && r.h.nlmsg_type == NLMSG_DONE &&
	      (r.h.nlmsg_flags & NLM_F_MULTI) && r.h.nlmsg_seq == 70,
	      "ends with NLMSG_DONE");
	check(n == 3, "three vectors (%d)", n);
	check(rd(fd) == -EAGAIN, "nothing after DONE");

	m = req(VAC_MSG_GET_VECTOR, 0, 71);
	nla_put_string(m, VAC_A_VECTOR_NAME, "pi_wakeup");
	send_msg(fd, m);
	ret = rd(fd);
	name = vector_msg(&ninst, &state);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_VECTOR &&
	      !(r.h.nlmsg_flags & NLM_F_MULTI) && !strcmp(name, "pi_wakeup"),
	      "one vector by name: pi_wakeup");
	check(state == VAC_VECTOR_ACTIVE, "pi_wakeup is active (%d)", state);
	expect_nothing(fd, "a single reply, no ack without NLM_F_ACK");

	m = req(VAC_MSG_GET_VECTOR, 0, 72);
	nla_put_string(m, VAC_A_VECTOR_NAME, "nmi");
	send_msg(fd, m);
	expect_error(fd, ENOENT, "unknown vector");
	check(strstr(r.msg, "no vector nmi") != NULL, "says why: '%s'", r.msg);
	check(r.offs == NLMSG_HDRLEN, "offs %d points at the name", r.offs);

	send_msg(fd, req(VAC_MSG_GET_VECTOR, 0, 73));
	expect_error(fd, EINVAL, "no name, no dump");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_VECTOR, NLM_F_REQUEST | NLM_F_DUMP, 74);
	raw_attr(b, h, VAC_A_VECTOR_NAME, "pmi", 4, NLA_HDRLEN + 4);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "dump with a name");

	b->len = 0;
	h = raw_hdr(b, VAC_MSG_GET_VECTOR, NLM_F_REQUEST, 75);
	raw_attr(b, h, VAC_A_VECTOR_NAME, "pmi", 3, NLA_HDRLEN + 3);
	wr(fd, b->buf, b->len);
	expect_error(fd, EINVAL, "a name without its NUL");

	/* Not while a quota dump runs: its parts would interleave. */
	set_quota(fd, "vd1", VAC_SPACE_SVM_ASID, 0, 0, 76);
	set_quota(fd, "vd2", VAC_SPACE_SVM_ASID, 0, 0, 77);
	send_msg(fd, req(VAC_MSG_GET_QUOTA, NLM_F_DUMP, 78));
	check(rd(fd) > 0 && r.h.nlmsg_type == VAC_MSG_GET_QUOTA,
	      "first part of quota dump 78");
	send_msg(fd, req(VAC_MSG_GET_VECTOR, NLM_F_DUMP, 79));
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == NLMSG_ERROR && r.error == -EBUSY &&
	      r.h.nlmsg_seq == 79, "vector dump 79 while 78 runs: EBUSY");
	while ((ret = rd(fd)) > 0 && r.h.nlmsg_type == VAC_MSG_GET_QUOTA)
		;
	check(ret > 0 && r.h.nlmsg_type == NLMSG_DONE && r.h.nlmsg_seq == 78,
	      "dump 78 done");
	del_quota(fd, "vd1", 0, 80);
	del_quota(fd, "vd2", 0, 81);
	expect_nothing(fd, "entries deleted");
	free(b);
	close(fd);
}

static void case_ack(void)
{
	int fd = vac_open(O_NONBLOCK), ret;
	struct nl_msg *m;

	set_quota(fd, "acktest", VAC_SPACE_SVM_ASID, 1, NLM_F_ACK, 77);
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == NLMSG_ERROR && r.error == 0 &&
	      r.h.nlmsg_seq == 77 && r.capped &&
	      !(r.h.nlmsg_flags & NLM_F_ACK_TLVS) &&
	      ret == NLMSG_LENGTH(sizeof(struct nlmsgerr)),
	      "SET with NLM_F_ACK: capped ack, error 0, seq 77");
	set_quota(fd, "acktest", VAC_SPACE_SVM_ASID, 2, 0, 78);
	expect_nothing(fd, "SET without NLM_F_ACK: no answer");

	m = req(VAC_MSG_GET_VERSION, NLM_F_ACK, 79);
	nlmsg_hdr(m)->nlmsg_pid = 4242;
	send_msg(fd, m);
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_VERSION &&
	      r.h.nlmsg_pid == 4242, "GET with NLM_F_ACK: data (pid echoed)");
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == NLMSG_ERROR && r.error == 0,
	      "then the ack");

	m = req(VAC_MSG_GET_QUOTA, NLM_F_ACK, 80);
	nla_put_string(m, VAC_A_NAME, "acktest");
	send_msg(fd, m);
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_QUOTA &&
	      space_attr(VAC_SPACE_SVM_ASID, VAC_SPACE_A_QUOTA) == 2,
	      "GET_QUOTA reflects the unacked SET");
	rd(fd);

	del_quota(fd, "acktest", NLM_F_ACK, 81);
	ret = rd(fd);
	check(ret > 0 && r.error == 0 && r.h.nlmsg_seq == 81, "DEL acked");
	del_quota(fd, "acktest", 0, 82);
	ret = rd(fd);
	check(ret > 0 && r.error == -ENOENT &&
	      (r.h.nlmsg_flags & NLM_F_ACK_TLVS) && r.msg[0] && r.offs ==
	      NLMSG_HDRLEN, "DEL again: ENOENT, message \"%s\", offs %d",
	      r.msg, r.offs);
	close(fd);
}

static void case_perm(void)
{
	int fd = vac_open(O_NONBLOCK), ret;
	struct nl_msg *m;

	check(geteuid() != 0, "running unprivileged (uid %d)", geteuid());
	set_quota(fd, "permtest", VAC_SPACE_SVM_ASID, 1, NLM_F_ACK, 1);
	expect_error(fd, EPERM, "SET_QUOTA unprivileged");
	del_quota(fd, "permtest", NLM_F_ACK, 2);
	expect_error(fd, EPERM, "DEL_QUOTA unprivileged");

	send_msg(fd, req(VAC_MSG_GET_VERSION, 0, 3));
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_VERSION,
	      "GET_VERSION works");
	send_msg(fd, req(VAC_MSG_GET_RESOURCES, 0, 4));
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_RESOURCES,
	      "GET_RESOURCES works");
	m = req(VAC_MSG_GET_QUOTA, 0, 5);
	nla_put_string(m, VAC_A_NAME, "permtest");
	send_msg(fd, m);
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_QUOTA,
	      "GET_QUOTA of root's entry works");
	send_msg(fd, req(VAC_MSG_GET_QUOTA, NLM_F_DUMP, 6));
	while ((ret = rd(fd)) > 0 && r.h.nlmsg_type == VAC_MSG_GET_QUOTA)
		;
	check(ret > 0 && r.h.nlmsg_type == NLMSG_DONE, "dump works");
	check(subscribe(fd, VAC_GROUP_ALL), "SUBSCRIBE works");
	close(fd);
}

/*
 * A file opened without CAP_SYS_ADMIN does not gain it when a privileged
 * process writes to it (as netlink: the opener and the sender both need
 * the capability).  Run as root: the file is opened as user vmm of group
 * kvm (who may open /dev/vac, see 60-vac.rules), which clears the
 * effective capabilities, then written with euid and egid 0 again.
 */
static void case_opener(void)
{
	struct passwd *pw = getpwnam("vmm");
	struct group *gr = getgrnam("kvm");
	int fd, ret;

	check(geteuid() == 0, "running as root (uid %d)", geteuid());
	if (!pw || !gr) {
		check(0, "user vmm and group kvm exist");
		return;
	}
	if (setegid(gr->gr_gid) || seteuid(pw->pw_uid)) {
		check(0, "setegid(kvm), seteuid(vmm): %s", strerror(errno));
		return;
	}
	fd = vac_open(O_NONBLOCK);
	if (seteuid(0) || setegid(0)) {
		check(0, "seteuid(root), setegid(root): %s", strerror(errno));
		exit(100);
	}
	set_quota(fd, "opener", VAC_SPACE_SVM_ASID, 1, NLM_F_ACK, 1);
	expect_error(fd, EPERM, "SET_QUOTA by root on a file vmm opened");
	check(strstr(r.msg, "open") != NULL, "the message says why: \"%s\"",
	      r.msg);
	del_quota(fd, "opener", NLM_F_ACK, 2);
	expect_error(fd, EPERM, "DEL_QUOTA by root on a file vmm opened");
	send_msg(fd, req(VAC_MSG_GET_VERSION, 0, 3));
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == VAC_MSG_GET_VERSION,
	      "queries still work on that file");
	close(fd);

	fd = vac_open(O_NONBLOCK);
	set_quota(fd, "opener", VAC_SPACE_SVM_ASID, 1, NLM_F_ACK, 4);
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == NLMSG_ERROR && r.error == 0,
	      "root's own file: SET_QUOTA acked (error %d)", r.error);
	del_quota(fd, "opener", NLM_F_ACK, 5);
	ret = rd(fd);
	check(ret > 0 && r.h.nlmsg_type == NLMSG_ERROR && r.error == 0,
	      "root's own file: DEL_QUOTA acked (error %d)", r.error);
	close(fd);
}

/*
 * A message a too-small read() left first in line still counts against
 * the caps: the reply queue stays full, and the notification queue holds
 * VAC_NOTIFY_QUEUE_MAX including it.
 */
static void case_pending(void)
{
	int fd = vac_open(O_NONBLOCK), lis, ret = 0, n = 0;
	unsigned int i;
	char small[4];

	for (i = 0; i < 100000 && !ret; i++)
		ret = send_msg(fd, req(VAC_MSG_GET_RESOURCES, 0, i));
	check(ret == -ENOBUFS, "filled the reply queue (%u requests)", i);
	check(read(fd, small, sizeof(small)) < 0 && errno == EMSGSIZE,
	      "a 4-byte read leaves the first reply in line (EMSGSIZE)");
	ret = send_msg(fd, req(VAC_MSG_GET_VERSION, 0, 1000000));
	check(ret == -ENOBUFS, "the reply in line still counts: ENOBUFS (%d)",
	      ret);
	close(fd);

	lis = vac_open(O_NONBLOCK);
	fd = vac_open(O_NONBLOCK);
	check(subscribe(lis, VAC_GROUP_QUOTA), "subscribe to quota events");
	for (i = 0; i < VAC_NOTIFY_QUEUE_MAX; i++)
		set_quota(fd, "ptest", VAC_SPACE_SVM_ASID, 1 + i % 2, 0, i);
	check(read(lis, small, sizeof(small)) < 0 && errno == EMSGSIZE,
	      "a 4-byte read leaves the first notification in line");
	set_quota(fd, "ptest", VAC_SPACE_SVM_ASID, 3, 0, i);
	while ((ret = rd(lis)) > 0 &&
	       r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_SET)
		n++;
	check(n == VAC_NOTIFY_QUEUE_MAX, "%d notifications kept (cap %d)", n,
	      VAC_NOTIFY_QUEUE_MAX);
	{
		struct nlattr *a = ret > 0 ?
			nlmsg_find_attr(&r.h, 0, VAC_A_DROPPED) : NULL;

		check(ret > 0 && r.h.nlmsg_type == VAC_MSG_NOTIFY_OVERFLOW &&
		      a && nla_get_u32(a) == 1,
		      "then OVERFLOW with one dropped (type %d, dropped %d)",
		      ret > 0 ? r.h.nlmsg_type : ret,
		      a ? (int)nla_get_u32(a) : -1);
	}
	del_quota(fd, "ptest", 0, 1);
	close(lis);
	close(fd);
}

/* The number in file @path, or -1. */
static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

#define FLOOD_EVENTS	5000
#define FLOOD_BATCH	100

/*
 * Read everything @fd holds: QUOTA_EXHAUSTED messages of "fl" counted in
 * *exh (their last S_EXHAUSTED, S_USED, S_QUOTA in last[]), QUOTA_SET in
 * *set, anything else in *other.
 */
static void flood_drain(int fd, int *exh, int *set, int *other, long last[3])
{
	while (rd(fd) > 0) {
		if (r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_EXHAUSTED &&
		    !strcmp(msg_name(), "fl")) {
			(*exh)++;
			last[0] = space_attr(VAC_SPACE_VPID,
					     VAC_SPACE_A_EXHAUSTED);
			last[1] = space_attr(VAC_SPACE_VPID, VAC_SPACE_A_USED);
			last[2] = space_attr(VAC_SPACE_VPID, VAC_SPACE_A_QUOTA);
		} else if (r.h.nlmsg_type == VAC_MSG_NOTIFY_QUOTA_SET) {
			(*set)++;
		} else {
			(*other)++;
		}
	}
}

/* A change through /dev/vac: delivered, and all events before it, once acked. */
static void flood_sync(int fd, unsigned int seq)
{
	set_quota(fd, "flx", VAC_SPACE_SVM_ASID, 0, NLM_F_ACK, seq);
	check(rd(fd) > 0 && r.h.nlmsg_type == NLMSG_ERROR && !r.error,
	      "quota change flx acked");
}

/*
 * QUOTA_EXHAUSTED, which any user of /dev/kvm-NAME can cause in a loop,
 * is coalesced per (instance, space): FLOOD_EVENTS refusals reach a
 * subscriber that does not read as one message carrying the latest
 * figures, S_EXHAUSTED the count of all refusals; one that reads every
 * FLOOD_BATCH refusals gets at most one message per read.  Needs test
 * instance "fl" (vac_test_instance) at its vpid quota of 1.
 */
static void case_flood(void)
{
	const char *ctl = "/sys/kernel/debug/vac_test-fl/ctl";
	const char *cnt = "/sys/kernel/vac/instances/fl/vpid/exhausted";
	int lis = vac_open(O_NONBLOCK), fd = vac_open(0), c, i, bad = 0;
	int exh = 0, set = 0, other = 0;
	long before, after, last[3] = { -1, -1, -1 }, ms;
	struct timespec t0;

	check(subscribe(lis, VAC_GROUP_QUOTA), "subscribe to quota events");
	c = open(ctl, O_WRONLY);
	check(c >= 0, "open %s", ctl);
	if (c < 0)
		return;

	before = read_long(cnt);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < FLOOD_EVENTS; i++)
		if (write(c, "alloc vpid 1", 12) < 0)
			bad++;
	ms = ms_since(&t0);
	after = read_long(cnt);
	check(!bad && after - before == FLOOD_EVENTS,
	      "%d refused allocations in %ld ms, all counted (%ld)",
	      FLOOD_EVENTS, ms, after - before);
	flood_sync(fd, 1);
	flood_drain(lis, &exh, &set, &other, last);
	check(exh == 1, "an idle subscriber has 1 QUOTA_EXHAUSTED (got %d)",
	      exh);
	check(last[0] == after && last[1] == 1 && last[2] == 1,
	      "with the last figures: exhausted %ld (sysfs %ld) used %ld quota %ld",
	      last[0], after, last[1], last[2]);
	check(set == 1 && other == 0,
	      "then the QUOTA_SET, nothing else (%d QUOTA_SET, %d other: OVERFLOW?)",
	      set, other);

	/* A subscriber that reads as the refusals come. */
	exh = set = other = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < FLOOD_EVENTS; i++) {
		if (write(c, "alloc vpid 1", 12) < 0)
			bad++;
		if (i % FLOOD_BATCH == FLOOD_BATCH - 1)
			flood_drain(lis, &exh, &set, &other, last);
	}
	ms = ms_since(&t0);
	after = read_long(cnt);
	flood_sync(fd, 2);
	flood_drain(lis, &exh, &set, &other, last);
	check(exh >= 1 && exh <= FLOOD_EVENTS / FLOOD_BATCH + 1,
	      "reading every %d refusals: %d QUOTA_EXHAUSTED for %d (%ld ms)",
	      FLOOD_BATCH, exh, FLOOD_EVENTS, ms);
	check(last[0] == after && other == 0,
	      "the last says exhausted %ld (sysfs %ld); %d other messages",
	      last[0], after, other);

	/* vac.ko still answers at once. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	send_msg(fd, req(VAC_MSG_GET_VERSION, 0, 3));
	check(rd(fd) > 0 && r.h.nlmsg_type == VAC_MSG_GET_VERSION,
	      "GET_VERSION answered after the flood (%ld ms)", ms_since(&t0));
	del_quota(fd, "flx", 0, 4);
	close(c);
	close(lis);
	close(fd);
}

/*
 * At most VAC_SUBSCRIBERS_MAX files opened without CAP_SYS_ADMIN are
 * subscribed at once (ENOSPC with a message beyond); closing or
 * unsubscribing one frees its place.  Run as root: files an administrator
 * opened are not counted.
 */
static void case_subscribers(void)
{
	int n = VAC_SUBSCRIBERS_MAX + 1, fds[VAC_SUBSCRIBERS_MAX + 1];
	int admin = geteuid() == 0, i, subs = 0, fd;
	struct nl_msg *m;

	for (i = 0; i < n; i++)
		fds[i] = vac_open(O_NONBLOCK);
	for (i = 0; i < n - 1; i++)
		subs += subscribe(fds[i], VAC_GROUP_ALL);
	check(subs == n - 1, "%d files subscribed", subs);

	m = req(VAC_MSG_SUBSCRIBE, NLM_F_ACK, 7);
	nla_put_u32(m, VAC_A_GROUPS, VAC_GROUP_ALL);
	send_msg(fds[n - 1], m);
	if (admin) {
		check(rd(fds[n - 1]) > 0 && r.h.nlmsg_type == NLMSG_ERROR &&
		      !r.error, "as root, subscriber %d is accepted (%d)", n,
		      r.error);
		goto out;
	}
	expect_error(fds[n - 1], ENOSPC, "subscriber VAC_SUBSCRIBERS_MAX + 1");
	check(strstr(r.msg, "too many subscribers") != NULL,
	      "the message says why: \"%s\"", r.msg);
	check(subscribe(fds[0], VAC_GROUP_QUOTA),
	      "a subscribed file may still change its groups");

	close(fds[0]);
	fds[0] = -1;
	check(subscribe(fds[n - 1], VAC_GROUP_ALL),
	      "after one subscriber closed, another subscribes");
	check(subscribe(fds[1], 0), "unsubscribe one");
	fd = vac_open(O_NONBLOCK);
	check(subscribe(fd, VAC_GROUP_INSTANCE),
	      "after one unsubscribed, another subscribes");
	subs = subscribe(fds[1], VAC_GROUP_ALL);
	check(!subs && r.error == -ENOSPC, "and the cap holds again (%d)",
	      r.error);
	close(fd);
out:
	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "framing", case_framing },
	{ "attrs", case_attrs },
	{ "read", case_read },
	{ "replycap", case_replycap },
	{ "notify", case_notify },
	{ "overflow", case_overflow },
	{ "dump", case_dump },
	{ "vectors", case_vectors },
	{ "ack", case_ack },
	{ "perm", case_perm },
	{ "opener", case_opener },
	{ "pending", case_pending },
	{ "flood", case_flood },
	{ "subscribers", case_subscribers },
};

int main(int argc, char **argv)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc == 2 && i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strcmp(argv[1], cases[i].name))
			continue;
		cases[i].fn();
		printf("%s: %d failed\n", argv[1], failures);
		return failures > 100 ? 100 : failures;
	}
	fprintf(stderr, "usage: vac-proto-test CASE\n");
	return 2;
}
