// SPDX-License-Identifier: GPL-2.0
/*
 * libvac io.c and the requests of api.c / vmm.c, against a peer that
 * plays /dev/vac: the other end of an AF_UNIX SOCK_SEQPACKET pair, which
 * keeps message boundaries (one message per read, as /dev/vac).  Replies
 * are queued on the peer before the call (the library writes its request
 * first, then reads), or written by a thread when they would not fit in
 * the socket buffer.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "handle.h"
#include "replies.h"

static int peer;
static struct vac_handle *h;

static void setup(void)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
				    sv), 0);
	h = vac_open_fd(sv[0]);
	ck_assert_ptr_nonnull(h);
	peer = sv[1];
}

static void teardown(void)
{
	vac_close(h);
	close(peer);
}

/* Queue @m on the peer side (the library will read it) and free it. */
static void send_msg(struct nl_msg *m)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);

	ck_assert_int_eq(write(peer, nlh, nlh->nlmsg_len), nlh->nlmsg_len);
	nlmsg_free(m);
}

/* Read the request the library wrote; returns its header in @buf. */
static struct nlmsghdr *recv_req(void *buf, size_t len)
{
	ssize_t n = read(peer, buf, len);

	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(((struct nlmsghdr *)buf)->nlmsg_len, n);
	return buf;
}

START_TEST(version_with_interleaved_notification)
{
	struct vac_event ev;
	uint8_t buf[VAC_MSG_SIZE_MAX];
	struct nlmsghdr *req;
	struct nl_msg *m;
	uint32_t v = 0;

	/* A notification, a stale reply (seq 99), then the reply (seq 1). */
	send_msg(rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_UP, "a"));
	m = rep_new(VAC_MSG_GET_VERSION, 0, 99);
	nla_put_u32(m, VAC_A_VERSION, 1000);
	send_msg(m);
	m = rep_new(VAC_MSG_GET_VERSION, 0, 1);
	nla_put_u32(m, VAC_A_VERSION, VAC_PROTOCOL_VERSION);
	send_msg(m);

	ck_assert_int_eq(vac_version(h, &v), 0);
	ck_assert_uint_eq(v, VAC_PROTOCOL_VERSION);
	ck_assert_str_eq(vac_strerror(h), "");

	req = recv_req(buf, sizeof(buf));
	ck_assert_uint_eq(req->nlmsg_type, VAC_MSG_GET_VERSION);
	ck_assert_uint_eq(req->nlmsg_seq, 1);
	ck_assert_uint_eq(req->nlmsg_flags, NLM_F_REQUEST);

	/* The notification was kept for the event API. */
	ck_assert_uint_eq(vac_event_pending(h), 1);
	ck_assert_int_eq(vac_event_next(h, &ev, 0), 1);
	ck_assert_uint_eq(ev.type, VAC_MSG_NOTIFY_INSTANCE_UP);
	ck_assert_str_eq(ev.name, "a");
	ck_assert_int_eq(vac_event_next(h, &ev, 0), 0);
}
END_TEST

START_TEST(error_carries_ext_ack)
{
	struct vac_quota q = { .mask = 1U << VAC_SPACE_SVM_ASID,
			       .max = { 0, 20 } };
	uint8_t buf[VAC_MSG_SIZE_MAX];
	struct nl_msg *req;

	/* The request the library will send, to echo it in the error. */
	req = vac_msg_set_quota("a", &q);
	nlmsg_hdr(req)->nlmsg_seq = 1;
	send_msg(rep_error(nlmsg_hdr(req), -ENOSPC,
			   "svm_asid: only 15 ASIDs, 14 reserved", 28, false));
	nlmsg_free(req);

	ck_assert_int_eq(vac_quota_set(h, "a", &q), -ENOSPC);
	ck_assert_str_eq(vac_strerror(h), "svm_asid: only 15 ASIDs, 14 reserved");
	ck_assert_int_eq(vac_error_offset(h), 28);
	ck_assert_uint_eq(recv_req(buf, sizeof(buf))->nlmsg_flags,
			  NLM_F_REQUEST | NLM_F_ACK);

	/* An error without text falls back to strerror. */
	req = vac_msg_del_quota("a");
	nlmsg_hdr(req)->nlmsg_seq = 2;
	send_msg(rep_error(nlmsg_hdr(req), -EBUSY, NULL, -1, true));
	nlmsg_free(req);
	ck_assert_int_eq(vac_quota_del(h, "a"), -EBUSY);
	ck_assert_str_eq(vac_strerror(h), strerror(EBUSY));
	ck_assert_int_eq(vac_error_offset(h), -1);

	/* An ack is success, and clears the message. */
	req = vac_msg_del_quota("a");
	nlmsg_hdr(req)->nlmsg_seq = 3;
	send_msg(rep_error(nlmsg_hdr(req), 0, NULL, -1, true));
	nlmsg_free(req);
	ck_assert_int_eq(vac_quota_del(h, "a"), 0);
	ck_assert_str_eq(vac_strerror(h), "");
}
END_TEST

START_TEST(drain_request)
{
	struct nlattr *tb[VAC_A_MAX + 1];
	uint8_t buf[VAC_MSG_SIZE_MAX];
	struct nlmsghdr *req;
	struct vac_event ev;
	struct nl_msg *m;

	/*
	 * Drain: the kernel notifies (this file is subscribed) before it
	 * acks; the event is kept for the event API.
	 */
	m = rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_DRAINING, "a");
	nla_put_u32(m, VAC_A_VMS, 2);
	nla_put_u32(m, VAC_A_VCPUS, 3);
	send_msg(m);
	send_msg(rep_error(&(struct nlmsghdr){ .nlmsg_len = 16,
			   .nlmsg_type = VAC_MSG_SET_INSTANCE, .nlmsg_seq = 1 },
			   0, NULL, -1, true));
	ck_assert_int_eq(vac_instance_drain(h, "a", 1), 0);
	ck_assert_str_eq(vac_strerror(h), "");
	req = recv_req(buf, sizeof(buf));
	ck_assert_uint_eq(req->nlmsg_type, VAC_MSG_SET_INSTANCE);
	ck_assert_uint_eq(req->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_uint_eq(req->nlmsg_seq, 1);
	ck_assert_int_eq(nlmsg_parse(req, 0, tb, VAC_A_MAX, NULL), 0);
	ck_assert_str_eq(nla_get_string(tb[VAC_A_NAME]), "a");
	ck_assert_uint_eq(nla_get_u32(tb[VAC_A_DRAINING]), 1);
	ck_assert_ptr_null(tb[VAC_A_SPACE]);
	ck_assert_int_eq(vac_event_next(h, &ev, 0), 1);
	ck_assert_uint_eq(ev.type, VAC_MSG_NOTIFY_INSTANCE_DRAINING);
	ck_assert_str_eq(ev.name, "a");
	ck_assert_uint_eq(ev.vms, 2);
	ck_assert_uint_eq(ev.vcpus, 3);

	/* Resume; refused with the kernel's reason. */
	send_msg(rep_error(&(struct nlmsghdr){ .nlmsg_len = 16,
			   .nlmsg_type = VAC_MSG_SET_INSTANCE, .nlmsg_seq = 2 },
			   -ENOENT, "instance b is not loaded", 20, true));
	ck_assert_int_eq(vac_instance_drain(h, "b", 0), -ENOENT);
	ck_assert_str_eq(vac_strerror(h), "instance b is not loaded");
	ck_assert_int_eq(vac_error_offset(h), 20);
	req = recv_req(buf, sizeof(buf));
	ck_assert_int_eq(nlmsg_parse(req, 0, tb, VAC_A_MAX, NULL), 0);
	ck_assert_str_eq(nla_get_string(tb[VAC_A_NAME]), "b");
	ck_assert_uint_eq(nla_get_u32(tb[VAC_A_DRAINING]), 0);
	send_msg(rep_error(&(struct nlmsghdr){ .nlmsg_len = 16,
			   .nlmsg_type = VAC_MSG_SET_INSTANCE, .nlmsg_seq = 3 },
			   -EPERM,
			   "draining or resuming an instance needs CAP_SYS_ADMIN",
			   -1, true));
	ck_assert_int_eq(vac_instance_drain(h, "a", 1), -EPERM);
	ck_assert_str_eq(vac_strerror(h),
			 "draining or resuming an instance needs CAP_SYS_ADMIN");
	recv_req(buf, sizeof(buf));

	/* Refused before sending: neither 0 nor 1, bad names. */
	ck_assert_int_eq(vac_instance_drain(h, "a", 2), -EINVAL);
	ck_assert_str_eq(vac_strerror(h),
			 "draining is 1 (drain) or 0 (resume), not 2");
	ck_assert_int_eq(vac_instance_drain(h, "a", -1), -EINVAL);
	ck_assert_int_eq(vac_instance_drain(h, "", 1), -EINVAL);
	ck_assert_int_eq(vac_instance_drain(h, NULL, 0), -EINVAL);
	ck_assert_int_eq(vac_instance_drain(h, "abcdefghijklmnop", 1),
			 -EINVAL);
	ck_assert_int_eq(recv(peer, buf, sizeof(buf), MSG_DONTWAIT), -1);
	ck_assert_int_eq(errno, EAGAIN);
}
END_TEST

START_TEST(dump_with_notifications)
{
	struct vac_instance *list;
	struct vac_event ev;
	size_t n;

	send_msg(rep_entry(VAC_MSG_GET_QUOTA, NLM_F_MULTI, 1, "a",
			   VAC_STATE_LIVE, 10, 1, 1, 7));
	send_msg(rep_notify_name(VAC_MSG_NOTIFY_QUOTA_DEL, "x"));
	send_msg(rep_entry(VAC_MSG_GET_QUOTA, NLM_F_MULTI, 1, "b",
			   VAC_STATE_CONFIGURED, 20, 0, 0, 0));
	send_msg(rep_done(1, 0));

	ck_assert_int_eq(vac_quota_list(h, &list, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(list[0].name, "a");
	ck_assert_uint_eq(list[0].space[VAC_SPACE_SVM_ASID].range_last, 7);
	ck_assert_str_eq(list[1].name, "b");
	ck_assert_uint_eq(list[1].state, VAC_STATE_CONFIGURED);
	vac_list_free(list);
	ck_assert_int_eq(vac_event_next(h, &ev, 0), 1);
	ck_assert_str_eq(ev.name, "x");

	/* A malformed entry mid-dump: refused, and the rest of the dump is
	 * read (drained), since /dev/vac refuses a new dump on this file while
	 * one is unfinished. */
	send_msg(rep_entry(VAC_MSG_GET_QUOTA, NLM_F_MULTI, 2, "a",
			   VAC_STATE_LIVE, 10, 1, 1, 7));
	{
		struct nl_msg *m = rep_new(VAC_MSG_GET_QUOTA, NLM_F_MULTI, 2);

		nla_put_string(m, VAC_A_NAME, "bad");	/* no VAC_A_STATE */
		send_msg(m);
	}
	send_msg(rep_entry(VAC_MSG_GET_QUOTA, NLM_F_MULTI, 2, "c",
			   VAC_STATE_LIVE, 10, 1, 1, 7));
	send_msg(rep_notify_name(VAC_MSG_NOTIFY_QUOTA_DEL, "y"));
	send_msg(rep_done(2, 0));
	ck_assert_int_eq(vac_quota_list(h, &list, &n), -EBADMSG);
	ck_assert_str_eq(vac_strerror(h),
			 "malformed reply from /dev/vac: missing VAC_A_STATE");
	ck_assert_ptr_null(list);
	{
		uint8_t b[64];

		ck_assert_int_eq(recv(vac_fd(h), b, sizeof(b), MSG_DONTWAIT), -1);
		ck_assert_int_eq(errno, EAGAIN);
	}
	ck_assert_int_eq(vac_event_next(h, &ev, 0), 1);
	ck_assert_str_eq(ev.name, "y");

	/* An empty dump. */
	send_msg(rep_done(3, 0));
	ck_assert_int_eq(vac_instance_list(h, &list, &n), 0);
	ck_assert_uint_eq(n, 0);
	vac_list_free(list);

	/* A dump that fails with an error. */
	send_msg(rep_error(&(struct nlmsghdr){ .nlmsg_len = 16,
			   .nlmsg_type = VAC_MSG_GET_QUOTA, .nlmsg_seq = 4 },
			   -EBUSY, "a dump is already in progress", -1, true));
	ck_assert_int_eq(vac_quota_list(h, &list, &n), -EBUSY);
	ck_assert_ptr_null(list);
	ck_assert_str_eq(vac_strerror(h), "a dump is already in progress");
}
END_TEST

START_TEST(vectors)
{
	struct nlattr *tb[VAC_A_MAX + 1];
	uint8_t buf[VAC_MSG_SIZE_MAX];
	struct vac_vector *list, one;
	struct nlmsghdr *req;
	struct vac_event ev;
	struct nl_msg *m;
	size_t n;

	/* A dump of the three vectors, a notification in between. */
	m = rep_vector(NLM_F_MULTI, 1, VAC_VECTOR_PMI, "pmi",
		       VAC_VECTOR_ACTIVE, 2);
	rep_vector_route(m, "ta", 10, false);
	rep_vector_route(m, "tb", 0, false);
	send_msg(m);
	send_msg(rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_UP, "tc"));
	m = rep_vector(NLM_F_MULTI, 1, VAC_VECTOR_PI_WAKEUP, "pi_wakeup",
		       VAC_VECTOR_ACTIVE, 0xf1);
	rep_vector_route(m, "ta", 1, false);
	send_msg(m);
	send_msg(rep_vector(NLM_F_MULTI, 1, VAC_VECTOR_GA_LOG, "ga_log",
			    VAC_VECTOR_UNUSED, -1));
	send_msg(rep_done(1, 0));
	ck_assert_int_eq(vac_vector_list(h, &list, &n), 0);
	req = recv_req(buf, sizeof(buf));
	ck_assert_uint_eq(req->nlmsg_type, VAC_MSG_GET_VECTOR);
	ck_assert_uint_eq(req->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(list[0].name, "pmi");
	ck_assert_uint_eq(list[0].nr_routes, 2);
	ck_assert_str_eq(list[0].routes[1].name, "tb");
	ck_assert_str_eq(list[1].name, "pi_wakeup");
	ck_assert_uint_eq(list[1].routes[0].count, 1);
	ck_assert_str_eq(list[2].name, "ga_log");
	ck_assert_int_eq(list[2].number, -1);
	ck_assert_uint_eq(list[2].nr_routes, 0);
	vac_vector_list_free(list, n);
	ck_assert_int_eq(vac_event_next(h, &ev, 0), 1);
	ck_assert_str_eq(ev.name, "tc");

	/*
	 * A malformed vector after a good one: refused, the good one's
	 * routes freed (ASan), the rest of the dump read.
	 */
	m = rep_vector(NLM_F_MULTI, 2, VAC_VECTOR_PMI, "pmi",
		       VAC_VECTOR_ACTIVE, 2);
	rep_vector_route(m, "ta", 10, false);
	send_msg(m);
	m = rep_vector(NLM_F_MULTI, 2, VAC_VECTOR_PI_WAKEUP, "pi_wakeup",
		       VAC_VECTOR_ACTIVE, 0xf1);
	rep_vector_route(m, "ta", 1, false);
	rep_vector_route(m, "ta", 1, false);
	send_msg(m);
	send_msg(rep_vector(NLM_F_MULTI, 2, VAC_VECTOR_GA_LOG, "ga_log",
			    VAC_VECTOR_UNUSED, -1));
	send_msg(rep_done(2, 0));
	ck_assert_int_eq(vac_vector_list(h, &list, &n), -EBADMSG);
	ck_assert_str_eq(vac_strerror(h),
		"malformed reply from /dev/vac: instance listed twice for a vector");
	ck_assert_ptr_null(list);
	ck_assert_uint_eq(n, 0);
	recv_req(buf, sizeof(buf));
	ck_assert_int_eq(recv(vac_fd(h), buf, sizeof(buf), MSG_DONTWAIT), -1);
	ck_assert_int_eq(errno, EAGAIN);

	/* One vector by name. */
	m = rep_vector(0, 3, VAC_VECTOR_PI_WAKEUP, "pi_wakeup",
		       VAC_VECTOR_ACTIVE, 0xf1);
	rep_vector_route(m, "tb", 4, false);
	send_msg(m);
	ck_assert_int_eq(vac_vector_get(h, "pi_wakeup", &one), 0);
	req = recv_req(buf, sizeof(buf));
	ck_assert_uint_eq(req->nlmsg_type, VAC_MSG_GET_VECTOR);
	ck_assert_uint_eq(req->nlmsg_flags, NLM_F_REQUEST);
	ck_assert_int_eq(nlmsg_parse(req, 0, tb, VAC_A_MAX, NULL), 0);
	ck_assert_str_eq(nla_get_string(tb[VAC_A_VECTOR_NAME]), "pi_wakeup");
	ck_assert_ptr_null(tb[VAC_A_NAME]);
	ck_assert_str_eq(one.name, "pi_wakeup");
	ck_assert_uint_eq(one.nr_routes, 1);
	ck_assert_str_eq(one.routes[0].name, "tb");
	ck_assert_uint_eq(one.routes[0].count, 4);
	vac_vector_free(&one);

	/* An unknown name: the kernel's ENOENT and its message. */
	send_msg(rep_error(&(struct nlmsghdr){ .nlmsg_len = 16,
			   .nlmsg_type = VAC_MSG_GET_VECTOR, .nlmsg_seq = 4 },
			   -ENOENT, "no vector nosuch: pmi, pi_wakeup or ga_log",
			   16, true));
	ck_assert_int_eq(vac_vector_get(h, "nosuch", &one), -ENOENT);
	ck_assert_str_eq(vac_strerror(h),
			 "no vector nosuch: pmi, pi_wakeup or ga_log");
	ck_assert_ptr_null(one.routes);
	recv_req(buf, sizeof(buf));

	/* A kernel without GET_VECTOR. */
	send_msg(rep_error(&(struct nlmsghdr){ .nlmsg_len = 16,
			   .nlmsg_type = VAC_MSG_GET_VECTOR, .nlmsg_seq = 5 },
			   -EOPNOTSUPP, "unknown message type 32", -1, true));
	ck_assert_int_eq(vac_vector_list(h, &list, &n), -EOPNOTSUPP);
	ck_assert_ptr_null(list);
	recv_req(buf, sizeof(buf));

	/* Names refused before sending. */
	ck_assert_int_eq(vac_vector_get(h, "", &one), -EINVAL);
	ck_assert_str_eq(vac_strerror(h), "vector name is empty");
	ck_assert_int_eq(vac_vector_get(h, NULL, &one), -EINVAL);
	ck_assert_int_eq(vac_vector_get(h,
			 "abcdefghijklmnopqrstuvwxyz012345", &one), -EINVAL);
	ck_assert_str_eq(vac_strerror(h),
			 "vector name longer than 31 characters");
	ck_assert_int_eq(recv(peer, buf, sizeof(buf), MSG_DONTWAIT), -1);
	ck_assert_int_eq(errno, EAGAIN);
}
END_TEST

START_TEST(malformed_replies_refused)
{
	struct vac_resource res[LIBVAC_SPACES];
	struct vac_instance e;
	struct nl_msg *m;
	uint32_t v;
	uint8_t junk[6] = { 1, 2, 3, 4, 5, 6 };

	/* A reply of another type. */
	send_msg(rep_new(VAC_MSG_GET_QUOTA, 0, 1));
	ck_assert_int_eq(vac_version(h, &v), -EBADMSG);
	ck_assert_str_eq(vac_strerror(h),
			 "malformed reply from /dev/vac: unexpected type 19");

	/* A reply whose attribute is of the wrong size. */
	m = rep_new(VAC_MSG_GET_VERSION, 0, 2);
	nla_put_u16(m, VAC_A_VERSION, 1);
	send_msg(m);
	ck_assert_int_eq(vac_version(h, &v), -EBADMSG);
	ck_assert_str_eq(vac_strerror(h), "malformed reply from /dev/vac: attribute of wrong size or type");

	/* Shorter than a header. */
	ck_assert_int_eq(write(peer, junk, sizeof(junk)), sizeof(junk));
	ck_assert_int_eq(vac_resources(h, res), -EBADMSG);
	ck_assert_str_eq(vac_strerror(h), "malformed message from /dev/vac: shorter than a netlink header");

	/* NLMSG_DONE answering a request that was not a dump. */
	send_msg(rep_done(4, 0));
	ck_assert_int_eq(vac_quota_get(h, "a", &e), -EBADMSG);

	/* End of file. */
	shutdown(peer, SHUT_WR);
	ck_assert_int_eq(vac_version(h, &v), -EPIPE);
}
END_TEST

START_TEST(names_checked_before_sending)
{
	struct vac_instance e;
	struct vac_quota q = { 0 };
	uint8_t buf[64];

	ck_assert_int_eq(vac_quota_get(h, "abcdefghijklmnopqrstuvwxyz", &e),
			 -EINVAL);
	ck_assert_str_eq(vac_strerror(h), "instance name longer than 15 characters");
	ck_assert_int_eq(vac_quota_del(h, ""), -EINVAL);
	ck_assert_int_eq(vac_quota_set(h, "a", &q), -EINVAL);
	ck_assert_str_eq(vac_strerror(h), "no space given for the quota");
	ck_assert_int_eq(vac_subscribe(h, 1U << 7), -EINVAL);
	/* Nothing was written. */
	ck_assert_int_eq(recv(peer, buf, sizeof(buf), MSG_DONTWAIT), -1);
	ck_assert_int_eq(errno, EAGAIN);
}
END_TEST

static void *flood(void *arg)
{
	int i, n = *(int *)arg;

	for (i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "n%d", i);
		send_msg(rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_UP, name));
	}
	send_msg(rep_error(&(struct nlmsghdr){ .nlmsg_len = 16,
			   .nlmsg_type = VAC_MSG_SUBSCRIBE, .nlmsg_seq = 1 },
			   0, NULL, -1, true));
	return NULL;
}

START_TEST(event_queue_overflow)
{
	int extra = 40, n = VAC_NOTIFY_QUEUE_MAX + extra, i;
	struct vac_event ev;
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, flood, &n), 0);
	ck_assert_int_eq(vac_subscribe(h, VAC_GROUP_ALL), 0);
	pthread_join(t, NULL);
	ck_assert_uint_eq(vac_event_pending(h), VAC_NOTIFY_QUEUE_MAX + 1);
	for (i = 0; i < VAC_NOTIFY_QUEUE_MAX; i++) {
		char name[16];

		snprintf(name, sizeof(name), "n%d", i);
		ck_assert_int_eq(vac_event_next(h, &ev, 0), 1);
		ck_assert_str_eq(ev.name, name);
	}
	ck_assert_int_eq(vac_event_next(h, &ev, 0), 1);
	ck_assert_uint_eq(ev.type, VAC_MSG_NOTIFY_OVERFLOW);
	ck_assert_uint_eq(ev.dropped, extra);
	ck_assert_int_eq(vac_event_next(h, &ev, 0), 0);

	/* Read straight from the file when nothing is queued. */
	send_msg(rep_notify_name(VAC_MSG_NOTIFY_INSTANCE_DOWN, "z"));
	ck_assert_int_eq(vac_event_next(h, &ev, -1), 1);
	ck_assert_uint_eq(ev.type, VAC_MSG_NOTIFY_INSTANCE_DOWN);
	ck_assert_str_eq(ev.name, "z");
}
END_TEST

static struct vac_instance inst(const char *name, uint32_t state,
				uint32_t vq, uint32_t vu, uint32_t af,
				uint32_t al)
{
	struct vac_instance e = { .state = state };

	strcpy(e.name, name);
	e.space[VAC_SPACE_VPID] = (struct vac_space_usage){
		.flags = VAC_USAGE_PRESENT, .quota = vq, .used = vu };
	e.space[VAC_SPACE_SVM_ASID] = (struct vac_space_usage){
		.flags = VAC_USAGE_PRESENT | (al ? VAC_USAGE_RANGE : 0),
		.quota = al ? al - af + 1 : 0, .used = al ? al - af + 1 : 0,
		.range_first = af, .range_last = al };
	return e;
}

START_TEST(score_rules)
{
	struct vac_resource vmx[LIBVAC_SPACES] = { [0] = { .capacity = 65535 } };
	struct vac_resource svm[LIBVAC_SPACES] = { [1] = { .capacity = 15 } };
	struct vac_instance a = inst("a", VAC_STATE_LIVE, 10, 4, 0, 0);
	struct vac_instance c = inst("c", VAC_STATE_CONFIGURED, 100, 0, 0, 0);
	struct vac_instance s = inst("s", VAC_STATE_LIVE, 0, 0, 1, 7);

	/* VMX: free VPIDs in quota, at least one per vCPU. */
	ck_assert_int_eq(vac_instance_score(vmx, &a, 6, 0), 6);
	ck_assert_int_eq(vac_instance_score(vmx, &a, 7, 0), -1);
	ck_assert_int_eq(vac_instance_score(vmx, &c, 1, 0), -1);
	/* SVM: the size of the carved range, whatever the vCPU count. */
	ck_assert_int_eq(vac_instance_score(svm, &s, 64, 0), 7);
	ck_assert_int_eq(vac_instance_score(svm, &a, 1, 0), -1);
	/* A draining instance creates no VM, whatever its headroom. */
	a.draining = 1;
	s.draining = 1;
	ck_assert_int_eq(vac_instance_score(vmx, &a, 1, 0), -1);
	ck_assert_int_eq(vac_instance_score(svm, &s, 1, 0), -1);
	a.draining = 0;
	s.draining = 0;
	/* Its VMs and vCPUs do not count: only the tags do. */
	s.vms = 5;
	s.vcpus = 100;
	ck_assert_int_eq(vac_instance_score(svm, &s, 64, 0), 7);
	/* SEV needs a free SEV ASID in quota. */
	ck_assert_int_eq(vac_instance_score(svm, &s, 1, VAC_CHOOSE_SEV), -1);
	s.space[VAC_SPACE_SEV_ASID].quota = 3;
	s.space[VAC_SPACE_SEV_ASID].used = 1;
	ck_assert_int_eq(vac_instance_score(svm, &s, 1, VAC_CHOOSE_SEV), 2);
	/* SEV-ES likewise; both flags: the smaller headroom. */
	ck_assert_int_eq(vac_instance_score(svm, &s, 1, VAC_CHOOSE_SEV_ES), -1);
	s.space[VAC_SPACE_SEV_ES_ASID].quota = 4;
	ck_assert_int_eq(vac_instance_score(svm, &s, 1, VAC_CHOOSE_SEV_ES), 4);
	ck_assert_int_eq(vac_instance_score(svm, &s, 1,
					    VAC_CHOOSE_SEV | VAC_CHOOSE_SEV_ES),
			 2);
	s.space[VAC_SPACE_SEV_ASID].used = 3;
	ck_assert_int_eq(vac_instance_score(svm, &s, 1,
					    VAC_CHOOSE_SEV | VAC_CHOOSE_SEV_ES),
			 -1);
}
END_TEST

/*
 * An instance as rep_entry() sends it: vpid quota/used, svm_asid range;
 * plus VAC_A_DRAINING 1 when @draining.
 */
struct fake_inst {
	const char *name;
	uint32_t state, vq, vu, af, al;
	bool draining;
};

/*
 * Queue the two replies of vac_instance_choose(): GET_RESOURCES (seq
 * @seq) with capacities @vpid and @asid, then a GET_INSTANCE dump (seq
 * @seq + 1) of the @n instances @in.
 */
static void send_host(uint32_t seq, uint32_t vpid, uint32_t asid,
		      const struct fake_inst *in, size_t n)
{
	size_t i;

	struct nl_msg *m;

	send_msg(rep_resources(seq, vpid, asid));
	for (i = 0; i < n; i++) {
		m = rep_entry(VAC_MSG_GET_INSTANCE, NLM_F_MULTI, seq + 1,
			      in[i].name, in[i].state, in[i].vq, in[i].vu,
			      in[i].af, in[i].al);
		if (in[i].draining)
			nla_put_u32(m, VAC_A_DRAINING, 1);
		send_msg(m);
	}
	send_msg(rep_done(seq + 1, 0));
}

START_TEST(choose_most_headroom)
{
	static const struct fake_inst svm[] = {
		{ "a", VAC_STATE_LIVE, 0, 0, 1, 3, false },
		{ "b", VAC_STATE_LIVE, 0, 0, 4, 10, false },
		{ "c", VAC_STATE_CONFIGURED, 0, 0, 0, 0, false },
	}, vmx[] = {
		{ "y", VAC_STATE_LIVE, 8, 4, 0, 0, false },
		{ "x", VAC_STATE_LIVE, 6, 2, 0, 0, false },
	};
	char name[VAC_NAME_LEN] = "";

	/* SVM host; a: range of 3, b: range of 7, c: configured only. */
	send_host(1, 0, 15, svm, 3);
	ck_assert_int_eq(vac_instance_choose(h, 2, 0, name), 0);
	ck_assert_str_eq(name, "b");

	/* VMX host: tie on headroom goes to the first name. */
	send_host(3, 65535, 0, vmx, 2);
	ck_assert_int_eq(vac_instance_choose(h, 2, 0, name), 0);
	ck_assert_str_eq(name, "x");

	/* Nobody has room for 5 vCPUs. */
	send_host(5, 65535, 0, vmx, 1);
	ck_assert_int_eq(vac_instance_choose(h, 5, 0, name), -ENOSPC);
	ck_assert_str_eq(vac_strerror(h), "no live instance has room for 5 vCPUs");

	/* The biggest range, but draining: the next one is chosen. */
	{
		static const struct fake_inst drain[] = {
			{ "a", VAC_STATE_LIVE, 0, 0, 1, 3, false },
			{ "b", VAC_STATE_LIVE, 0, 0, 4, 10, true },
		};

		send_host(7, 0, 15, drain, 2);
		ck_assert_int_eq(vac_instance_choose(h, 2, 0, name), 0);
		ck_assert_str_eq(name, "a");
		/* Every live instance draining: no room, and why. */
		send_host(9, 0, 15, &drain[1], 1);
		ck_assert_int_eq(vac_instance_choose(h, 2, 0, name), -ENOSPC);
		ck_assert_str_eq(vac_strerror(h),
				 "every live instance is draining");
	}

	/* No instance at all, or none of them live. */
	send_host(11, 65535, 0, NULL, 0);
	ck_assert_int_eq(vac_instance_choose(h, 1, 0, name), -ENOENT);
	send_host(13, 0, 15, &svm[2], 1);
	ck_assert_int_eq(vac_instance_choose(h, 1, 0, name), -ENOENT);
	ck_assert_str_eq(vac_strerror(h), "no live instance");
}
END_TEST

START_TEST(kvm_open_checks_liveness)
{
	/* A configured (not live) instance is refused before any open(). */
	send_msg(rep_entry(VAC_MSG_GET_INSTANCE, 0, 1, "a",
			   VAC_STATE_CONFIGURED, 1, 0, 0, 0));
	ck_assert_int_eq(vac_kvm_open(h, "a"), -ENOENT);
	ck_assert_str_eq(vac_strerror(h), "instance a is not live");
	ck_assert_int_eq(vac_kvm_open(h, "Bad!"), -EINVAL);
	/* Without a handle: straight to the device node. */
	ck_assert_int_eq(vac_kvm_open(NULL, "nosuchinstance"), -ENOENT);
}
END_TEST

START_TEST(system_errors_carry_strerror)
{
	uint32_t v;
	int p[2];

	/* A file that takes the request but cannot be read back. */
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_ne(dup2(p[1], vac_fd(h)), -1);
	ck_assert_int_eq(vac_version(h, &v), -EBADF);
	ck_assert_str_eq(vac_strerror(h),
			 "read from /dev/vac: Bad file descriptor");
	close(p[0]);
	close(p[1]);
}
END_TEST

Suite *io_suite(void)
{
	Suite *s = suite_create("io");
	TCase *tc = tcase_create("io");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, version_with_interleaved_notification);
	tcase_add_test(tc, error_carries_ext_ack);
	tcase_add_test(tc, drain_request);
	tcase_add_test(tc, dump_with_notifications);
	tcase_add_test(tc, vectors);
	tcase_add_test(tc, malformed_replies_refused);
	tcase_add_test(tc, names_checked_before_sending);
	tcase_add_test(tc, event_queue_overflow);
	tcase_add_test(tc, score_rules);
	tcase_add_test(tc, choose_most_headroom);
	tcase_add_test(tc, kvm_open_checks_liveness);
	tcase_add_test(tc, system_errors_carry_strerror);
	suite_add_tcase(s, tc);
	return s;
}
