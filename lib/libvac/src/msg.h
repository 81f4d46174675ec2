/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvac internals: encoding requests and decoding replies of /dev/vac.
 *
 * Pure functions over libnl-3 messages, with no I/O, so that the host
 * tests (tests/lib) can check them byte by byte without a device.  io.c
 * moves the bytes.  Not part of the ABI: hidden by libvac.map.
 */
#ifndef _LIBVAC_MSG_H
#define _LIBVAC_MSG_H

#include <stdbool.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <vac/libvac.h>

/* Requests.  NULL on allocation failure or a name too long. */
struct nl_msg *vac_msg_simple(int type);
struct nl_msg *vac_msg_name(int type, const char *name);
struct nl_msg *vac_msg_dump(int type);
struct nl_msg *vac_msg_set_quota(const char *name, const struct vac_quota *q);
struct nl_msg *vac_msg_del_quota(const char *name);
struct nl_msg *vac_msg_subscribe(uint32_t groups);
struct nl_msg *vac_msg_set_instance(const char *name, uint32_t draining);
struct nl_msg *vac_msg_get_vector(const char *name);

/*
 * Replies.  Each returns 0 or -EBADMSG; on -EBADMSG, @why (when not NULL)
 * is set to a static description of what was wrong.
 */
int vac_msg_check(const void *buf, size_t len, const char **why);
bool vac_msg_is_notify(int type);
int vac_msg_parse_error(struct nlmsghdr *nlh, int *error, char *text,
			size_t textlen, int *offs, const char **why);
int vac_msg_parse_done(struct nlmsghdr *nlh, int *error, char *text,
		       size_t textlen, const char **why);
int vac_msg_parse_version(struct nlmsghdr *nlh, uint32_t *version,
			  const char **why);
int vac_msg_parse_resources(struct nlmsghdr *nlh,
			    struct vac_resource res[LIBVAC_SPACES],
			    const char **why);
int vac_msg_parse_entry(struct nlmsghdr *nlh, struct vac_instance *out,
			const char **why);
int vac_msg_parse_event(struct nlmsghdr *nlh, struct vac_event *ev,
			const char **why);
/*
 * A GET_VECTOR reply into @out, whose @routes it malloc()s (NULL when
 * there are none); -ENOMEM when that fails.  On any error @out holds no
 * allocation.
 */
int vac_msg_parse_vector(struct nlmsghdr *nlh, struct vac_vector *out,
			 const char **why);

#endif /* _LIBVAC_MSG_H */
