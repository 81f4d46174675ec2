/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvac internals: the handle and the request/reply engine of io.c.
 */
#ifndef _LIBVAC_HANDLE_H
#define _LIBVAC_HANDLE_H

#include "msg.h"

struct vac_event_node {
	struct vac_event_node *next;
	struct vac_event ev;
};

struct vac_handle {
	int fd;
	uint32_t seq;
	int err_offset;
	char errmsg[LIBVAC_ERRMSG_LEN];
	/* Notifications read while waiting for a reply. */
	struct vac_event_node *q_head, *q_tail;
	size_t q_len;
	uint32_t q_dropped;
	/* One whole message per read(). */
	unsigned char buf[VAC_MSG_SIZE_MAX] __attribute__((aligned(8)));
};

/*
 * Called for each data message of a reply; returns 0 or a negative errno
 * (-EBADMSG with @why set for a malformed message).
 */
typedef int (*vac_reply_fn)(struct nlmsghdr *nlh, void *arg,
			    const char **why);

/*
 * Wrap an open file (the tests use one end of an AF_UNIX SOCK_SEQPACKET
 * pair, which keeps message boundaries like /dev/vac).  Takes ownership.
 */
struct vac_handle *vac_open_fd(int fd);

int vac_request(struct vac_handle *h, struct nl_msg *req, vac_reply_fn fn,
		void *arg);
int vac_set_error(struct vac_handle *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* _LIBVAC_HANDLE_H */
