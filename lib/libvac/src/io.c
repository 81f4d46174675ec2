// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * I/O with /dev/vac: open/close, one request and its replies, and the
 * notifications that arrive in between.
 *
 * A request is written whole with one write(); replies are read one
 * message per read() into a VAC_MSG_SIZE_MAX buffer.  Messages are
 * matched to the request by nlmsg_seq: a reply with another sequence
 * number is the tail of an earlier request that was abandoned (e.g. a
 * malformed dump) and is discarded; notifications (seq 0, NOTIFY type)
 * are decoded and queued for vac_event_next().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handle.h"

struct vac_handle *vac_open_fd(int fd)
{
	struct vac_handle *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->fd = fd;
	h->err_offset = -1;
	return h;
}

struct vac_handle *vac_open(const char *path)
{
	struct vac_handle *h;
	int fd, err;

	fd = open(path ? path : VAC_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	h = vac_open_fd(fd);
	if (!h) {
		err = errno;
		close(fd);
		errno = err;
	}
	return h;
}

void vac_close(struct vac_handle *h)
{
	struct vac_event_node *n;

	if (!h)
		return;
	while ((n = h->q_head)) {
		h->q_head = n->next;
		free(n);
	}
	close(h->fd);
	free(h);
}

int vac_fd(const struct vac_handle *h)
{
	return h->fd;
}

const char *vac_strerror(const struct vac_handle *h)
{
	return h->errmsg;
}

int vac_error_offset(const struct vac_handle *h)
{
	return h->err_offset;
}

static void clear_error(struct vac_handle *h)
{
	h->errmsg[0] = '\0';
	h->err_offset = -1;
}

/*
 * Record a failure; returns @err (negative) for tail calls.  In @fmt, %m
 * is the text of @err (glibc's printf takes it from strerror_r, which is
 * thread-safe); without @fmt the message is that text alone.
 */
int vac_set_error(struct vac_handle *h, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	errno = -err;
	vsnprintf(h->errmsg, sizeof(h->errmsg), fmt ? fmt : "%m", ap);
	va_end(ap);
	return err;
}

static void queue_event(struct vac_handle *h, const struct vac_event *ev)
{
	struct vac_event_node *n;

	if (h->q_len >= VAC_NOTIFY_QUEUE_MAX || !(n = malloc(sizeof(*n)))) {
		h->q_dropped++;
		return;
	}
	n->ev = *ev;
	n->next = NULL;
	if (h->q_tail)
		h->q_tail->next = n;
	else
		h->q_head = n;
	h->q_tail = n;
	h->q_len++;
}

/* Read one message into h->buf.  Returns its header or NULL (error set). */
static struct nlmsghdr *read_msg(struct vac_handle *h, int *err)
{
	const char *why;
	ssize_t n;

	do
		n = read(h->fd, h->buf, sizeof(h->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		*err = vac_set_error(h, -errno, "read from /dev/vac: %m");
		return NULL;
	}
	if (n == 0) {
		*err = vac_set_error(h, -EPIPE, "/dev/vac: unexpected end of file");
		return NULL;
	}
	if (vac_msg_check(h->buf, n, &why) < 0) {
		*err = vac_set_error(h, -EBADMSG,
				     "malformed message from /dev/vac: %s", why);
		return NULL;
	}
	return (struct nlmsghdr *)h->buf;
}

/*
 * Decode and queue a notification.  A malformed one is counted as dropped
 * rather than failing the request it was interleaved with.
 */
static void take_notify(struct vac_handle *h, struct nlmsghdr *nlh)
{
	struct vac_event ev;

	if (vac_msg_parse_event(nlh, &ev, NULL) < 0) {
		h->q_dropped++;
		return;
	}
	queue_event(h, &ev);
}

/* The kernel's errno @error (< 0), with its ext-ack @text when it sent one. */
static int kernel_error(struct vac_handle *h, int error, const char *text)
{
	if (text[0])
		return vac_set_error(h, error, "%s", text);
	return vac_set_error(h, error, NULL);
}

static int reply_error(struct vac_handle *h, struct nlmsghdr *nlh)
{
	char text[LIBVAC_ERRMSG_LEN];
	const char *why;
	int error, offs;

	if (vac_msg_parse_error(nlh, &error, text, sizeof(text), &offs,
				&why) < 0)
		return vac_set_error(h, -EBADMSG,
				     "malformed error from /dev/vac: %s", why);
	if (error == 0)
		return 0;
	h->err_offset = offs;
	return kernel_error(h, error, text);
}

static int reply_done(struct vac_handle *h, struct nlmsghdr *nlh)
{
	char text[LIBVAC_ERRMSG_LEN];
	const char *why;
	int error;

	if (vac_msg_parse_done(nlh, &error, text, sizeof(text), &why) < 0)
		return vac_set_error(h, -EBADMSG,
				     "malformed dump end from /dev/vac: %s",
				     why);
	if (error == 0)
		return 0;
	return kernel_error(h, error, text);
}

/*
 * After a dump was abandoned (a malformed or unstorable message), read the
 * rest of it: /dev/vac refuses a new dump on this file while one is still
 * being read.  Notifications met on the way are queued as usual.
 */
static void drain_dump(struct vac_handle *h, uint32_t seq)
{
	char keep[LIBVAC_ERRMSG_LEN];
	struct nlmsghdr *nlh;
	int err;

	memcpy(keep, h->errmsg, sizeof(keep));
	while ((nlh = read_msg(h, &err))) {
		if (nlh->nlmsg_seq == 0 && vac_msg_is_notify(nlh->nlmsg_type))
			take_notify(h, nlh);
		else if (nlh->nlmsg_seq == seq &&
			 (nlh->nlmsg_type == NLMSG_DONE ||
			  nlh->nlmsg_type == NLMSG_ERROR))
			break;
	}
	memcpy(h->errmsg, keep, sizeof(keep));
}

/**
 * vac_request() - send @req and collect its answer.
 * @h: the handle.
 * @req: the request; consumed (freed) in every case.
 * @fn: called with each data message; NULL for requests answered by an ack.
 * @arg: passed to @fn.
 *
 * Return: 0, or a negative errno with vac_strerror(h) set.
 */
int vac_request(struct vac_handle *h, struct nl_msg *req, vac_reply_fn fn,
		void *arg)
{
	struct nlmsghdr *nlh, *rq;
	bool dump;
	int type, err = 0;
	uint32_t seq;
	ssize_t n;

	clear_error(h);
	if (!req)
		return vac_set_error(h, -ENOMEM, "cannot build the request");
	rq = nlmsg_hdr(req);
	if (++h->seq == 0)
		++h->seq;
	seq = rq->nlmsg_seq = h->seq;
	type = rq->nlmsg_type;
	dump = rq->nlmsg_flags & NLM_F_DUMP;
	do
		n = write(h->fd, rq, rq->nlmsg_len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = vac_set_error(h, -errno, "write to /dev/vac: %m");
	else if ((size_t)n != rq->nlmsg_len)
		err = vac_set_error(h, -EIO, "short write to /dev/vac");
	nlmsg_free(req);
	if (err)
		return err;

	for (;;) {
		const char *why = "";

		nlh = read_msg(h, &err);
		if (!nlh)
			return err;
		if (nlh->nlmsg_seq == 0 && vac_msg_is_notify(nlh->nlmsg_type)) {
			take_notify(h, nlh);
			continue;
		}
		if (nlh->nlmsg_seq != seq)
			continue;	/* stale reply of an abandoned request */
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return reply_error(h, nlh);
		if (nlh->nlmsg_type == NLMSG_DONE) {
			if (!dump)
				return vac_set_error(h, -EBADMSG,
					"malformed reply from /dev/vac: NLMSG_DONE without a dump");
			return reply_done(h, nlh);
		}
		if (nlh->nlmsg_type != type || !fn)
			return vac_set_error(h, -EBADMSG,
				"malformed reply from /dev/vac: unexpected type %u",
				nlh->nlmsg_type);
		err = fn(nlh, arg, &why);
		if (err == -EBADMSG)
			vac_set_error(h, err, "malformed reply from /dev/vac: %s",
				      why);
		else if (err < 0)
			vac_set_error(h, err, NULL);
		if (err < 0 && dump && (nlh->nlmsg_flags & NLM_F_MULTI))
			drain_dump(h, seq);
		if (err < 0 || !dump)
			return err;
	}
}

size_t vac_event_pending(const struct vac_handle *h)
{
	return h->q_len + (h->q_dropped ? 1 : 0);
}

static int pop_event(struct vac_handle *h, struct vac_event *ev)
{
	struct vac_event_node *n = h->q_head;

	if (n) {
		h->q_head = n->next;
		if (!h->q_head)
			h->q_tail = NULL;
		h->q_len--;
		*ev = n->ev;
		free(n);
		return 1;
	}
	if (h->q_dropped) {
		memset(ev, 0, sizeof(*ev));
		ev->type = VAC_MSG_NOTIFY_OVERFLOW;
		ev->space = -1;
		ev->dropped = h->q_dropped;
		h->q_dropped = 0;
		return 1;
	}
	return 0;
}

int vac_event_next(struct vac_handle *h, struct vac_event *ev,
		   int timeout_ms)
{
	struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
	struct nlmsghdr *nlh;
	const char *why;
	int err, rc;

	clear_error(h);
	for (;;) {
		if (pop_event(h, ev))
			return 1;
		rc = poll(&pfd, 1, timeout_ms);
		if (rc < 0 && errno == EINTR)
			return 0;
		if (rc < 0)
			return vac_set_error(h, -errno, "poll /dev/vac: %m");
		if (rc == 0)
			return 0;
		nlh = read_msg(h, &err);
		if (!nlh)
			return err;
		if (!vac_msg_is_notify(nlh->nlmsg_type))
			continue;	/* reply of an abandoned request */
		if (vac_msg_parse_event(nlh, ev, &why) < 0)
			return vac_set_error(h, -EBADMSG,
				"malformed notification from /dev/vac: %s",
				why);
		return 1;
	}
}
