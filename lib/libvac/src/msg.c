// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Encoding and decoding of /dev/vac messages with libnl-3.
 *
 * Every parse goes through nlmsg_parse() / nla_parse_nested() with a
 * policy, so lengths and string termination are checked by libnl before
 * any attribute is read.  u32 attributes are given maxlen 4 as well, so a
 * reply with a wrong-sized integer is refused rather than truncated.
 * Replies may carry attributes newer than this library (type above our
 * maximum) or spaces it does not know: those are skipped, so that an old
 * library keeps working with a newer kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

#define U32_POLICY	{ .type = NLA_U32, .minlen = 4, .maxlen = 4 }

static const struct nla_policy top_policy[VAC_A_MAX + 1] = {
	[VAC_A_VERSION]		= U32_POLICY,
	[VAC_A_NAME]		= { .type = NLA_STRING, .maxlen = VAC_NAME_LEN },
	[VAC_A_STATE]		= U32_POLICY,
	[VAC_A_SPACE]		= { .type = NLA_NESTED },
	[VAC_A_GROUPS]		= U32_POLICY,
	[VAC_A_DROPPED]		= U32_POLICY,
	[VAC_A_DRAINING]	= U32_POLICY,
	[VAC_A_VMS]		= U32_POLICY,
	[VAC_A_VCPUS]		= U32_POLICY,
	[VAC_A_MODULE_VERSION]	= { .type = NLA_STRING, .maxlen = VAC_VERSION_LEN },
	[VAC_A_SRCVERSION]	= { .type = NLA_STRING,
				    .maxlen = VAC_SRCVERSION_LEN },
	[VAC_A_VECTOR_ID]	= U32_POLICY,
	[VAC_A_VECTOR_NAME]	= { .type = NLA_STRING,
				    .maxlen = LIBVAC_VECTOR_NAME_LEN },
	[VAC_A_VECTOR_STATE]	= U32_POLICY,
	[VAC_A_VECTOR_NUMBER]	= U32_POLICY,
	[VAC_A_VECTOR_INSTANCE]	= { .type = NLA_NESTED },
};

/*
 * VAC_VI_A_PAD has no policy: the kernel's nla_put_u64_64bit() puts it
 * (empty) before the count where the count would be misaligned, and it
 * means nothing.
 */
static const struct nla_policy route_policy[VAC_VI_A_MAX + 1] = {
	[VAC_VI_A_NAME]		= { .type = NLA_STRING, .maxlen = VAC_NAME_LEN },
	[VAC_VI_A_COUNT]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
};

static const struct nla_policy space_policy[VAC_SPACE_A_MAX + 1] = {
	[VAC_SPACE_A_ID]		= U32_POLICY,
	[VAC_SPACE_A_FIRST]		= U32_POLICY,
	[VAC_SPACE_A_CAPACITY]		= U32_POLICY,
	[VAC_SPACE_A_RESERVED]		= U32_POLICY,
	[VAC_SPACE_A_USED]		= U32_POLICY,
	[VAC_SPACE_A_FREE]		= U32_POLICY,
	[VAC_SPACE_A_QUOTA]		= U32_POLICY,
	[VAC_SPACE_A_QUOTA_PENDING]	= U32_POLICY,
	[VAC_SPACE_A_RANGE_FIRST]	= U32_POLICY,
	[VAC_SPACE_A_RANGE_LAST]	= U32_POLICY,
	[VAC_SPACE_A_EXHAUSTED]		= U32_POLICY,
};

static const struct nla_policy err_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG]	= { .type = NLA_STRING },
	[NLMSGERR_ATTR_OFFS]	= U32_POLICY,
};

static int bad(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EBADMSG;
}

/* ---- requests ---------------------------------------------------------- */

static struct nl_msg *req_alloc(int type, int flags)
{
	return nlmsg_alloc_simple(type, NLM_F_REQUEST | flags);
}

static int put_name(struct nl_msg *msg, const char *name)
{
	if (!name || strnlen(name, VAC_NAME_LEN) >= VAC_NAME_LEN)
		return -EINVAL;
	return nla_put_string(msg, VAC_A_NAME, name);
}

struct nl_msg *vac_msg_simple(int type)
{
	return req_alloc(type, 0);
}

struct nl_msg *vac_msg_dump(int type)
{
	return req_alloc(type, NLM_F_DUMP);
}

/* A request whose only attribute is VAC_A_NAME. */
static struct nl_msg *req_name(int type, int flags, const char *name)
{
	struct nl_msg *msg = req_alloc(type, flags);

	if (msg && put_name(msg, name) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *vac_msg_name(int type, const char *name)
{
	return req_name(type, 0, name);
}

struct nl_msg *vac_msg_set_quota(const char *name, const struct vac_quota *q)
{
	struct nl_msg *msg = req_name(VAC_MSG_SET_QUOTA, NLM_F_ACK, name);
	struct nlattr *nest;
	int i;

	if (!msg)
		return NULL;
	for (i = 0; i < VAC_SPACE_COUNT; i++) {
		if (!(q->mask & (1U << i)))
			continue;
		nest = nla_nest_start(msg, VAC_A_SPACE);
		if (!nest ||
		    nla_put_u32(msg, VAC_SPACE_A_ID, i) < 0 ||
		    nla_put_u32(msg, VAC_SPACE_A_QUOTA, q->max[i]) < 0) {
			nlmsg_free(msg);
			return NULL;
		}
		nla_nest_end(msg, nest);
	}
	return msg;
}

struct nl_msg *vac_msg_del_quota(const char *name)
{
	return req_name(VAC_MSG_DEL_QUOTA, NLM_F_ACK, name);
}

struct nl_msg *vac_msg_subscribe(uint32_t groups)
{
	struct nl_msg *msg = req_alloc(VAC_MSG_SUBSCRIBE, NLM_F_ACK);

	if (msg && nla_put_u32(msg, VAC_A_GROUPS, groups) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *vac_msg_set_instance(const char *name, uint32_t draining)
{
	struct nl_msg *msg = req_name(VAC_MSG_SET_INSTANCE, NLM_F_ACK, name);

	if (msg && nla_put_u32(msg, VAC_A_DRAINING, draining) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *vac_msg_get_vector(const char *name)
{
	struct nl_msg *msg;

	if (!name ||
	    strnlen(name, LIBVAC_VECTOR_NAME_LEN) >= LIBVAC_VECTOR_NAME_LEN)
		return NULL;
	msg = req_alloc(VAC_MSG_GET_VECTOR, 0);
	if (msg && nla_put_string(msg, VAC_A_VECTOR_NAME, name) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* ---- replies ----------------------------------------------------------- */

int vac_msg_check(const void *buf, size_t len, const char **why)
{
	const struct nlmsghdr *nlh = buf;

	if (len < NLMSG_HDRLEN)
		return bad(why, "shorter than a netlink header");
	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		return bad(why, "nlmsg_len smaller than the header");
	if (nlh->nlmsg_len > len)
		return bad(why, "nlmsg_len larger than what was read");
	if (len - nlh->nlmsg_len >= NLMSG_ALIGNTO)
		return bad(why, "trailing bytes after the message");
	return 0;
}

/* Notification types are not one range: new ones follow new requests. */
bool vac_msg_is_notify(int type)
{
	switch (type) {
	case VAC_MSG_NOTIFY_INSTANCE_UP:
	case VAC_MSG_NOTIFY_INSTANCE_DOWN:
	case VAC_MSG_NOTIFY_QUOTA_SET:
	case VAC_MSG_NOTIFY_QUOTA_DEL:
	case VAC_MSG_NOTIFY_QUOTA_EXHAUSTED:
	case VAC_MSG_NOTIFY_OVERFLOW:
	case VAC_MSG_NOTIFY_INSTANCE_DRAINING:
	case VAC_MSG_NOTIFY_INSTANCE_RESUMED:
		return true;
	default:
		return false;
	}
}

/* Attributes must tile the payload exactly: no partial trailing attribute. */
static int attrs_complete(struct nlmsghdr *nlh, int hdrlen, const char **why)
{
	struct nlattr *nla;
	int rem;

	nlmsg_for_each_attr(nla, nlh, hdrlen, rem)
		;
	if (rem > 0)
		return bad(why, "truncated attribute");
	return 0;
}

static int parse_top(struct nlmsghdr *nlh, struct nlattr **tb,
		     const char **why)
{
	if (nlmsg_parse(nlh, 0, tb, VAC_A_MAX, top_policy) < 0)
		return bad(why, "attribute of wrong size or type");
	return attrs_complete(nlh, 0, why);
}

static int get_name(struct nlattr **tb, char *dst, const char **why)
{
	if (!tb[VAC_A_NAME])
		return bad(why, "missing VAC_A_NAME");
	if (nla_len(tb[VAC_A_NAME]) < 2)
		return bad(why, "empty VAC_A_NAME");
	/* The policy guaranteed the NUL and a length <= VAC_NAME_LEN. */
	nla_strlcpy(dst, tb[VAC_A_NAME], VAC_NAME_LEN);
	return 0;
}

/* One parsed VAC_A_SPACE nest; returns 0 or -EBADMSG with @why set. */
typedef int (*space_fn)(int id, struct nlattr **st, void *arg,
			const char **why);

/*
 * Call @fn for every VAC_A_SPACE nest of @nlh, parsed with space_policy,
 * with the space id, or VAC_SPACE_COUNT for a space this library does not
 * know.  A known space described twice is refused.  Returns 0, the first
 * error of @fn, or -EBADMSG.
 */
static int for_each_space(struct nlmsghdr *nlh, space_fn fn, void *arg,
			  const char **why)
{
	struct nlattr *st[VAC_SPACE_A_MAX + 1], *nla;
	unsigned int seen = 0;
	uint32_t id;
	int rem, err;

	nlmsg_for_each_attr(nla, nlh, 0, rem) {
		if (nla_type(nla) != VAC_A_SPACE)
			continue;
		if (nla_parse_nested(st, VAC_SPACE_A_MAX, nla,
				     space_policy) < 0)
			return bad(why,
				   "space attribute of wrong size or type");
		if (!st[VAC_SPACE_A_ID])
			return bad(why, "space without VAC_SPACE_A_ID");
		id = nla_get_u32(st[VAC_SPACE_A_ID]);
		if (id >= VAC_SPACE_COUNT) {
			id = VAC_SPACE_COUNT;
		} else {
			if (seen & (1U << id))
				return bad(why, "space described twice");
			seen |= 1U << id;
		}
		err = fn((int)id, st, arg, why);
		if (err)
			return err;
	}
	return 0;
}

static uint32_t get_u32(struct nlattr *nla)
{
	return nla ? nla_get_u32(nla) : 0;
}

/* Parse the extended-ack TLVs that start @hdrlen bytes into the payload. */
static int parse_ext_ack(struct nlmsghdr *nlh, int hdrlen, char *text,
			 size_t textlen, int *offs, const char **why)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (nlmsg_parse(nlh, hdrlen, tb, NLMSGERR_ATTR_MAX, err_policy) < 0)
		return bad(why, "malformed extended ack");
	if (attrs_complete(nlh, hdrlen, why) < 0)
		return -EBADMSG;
	if (tb[NLMSGERR_ATTR_MSG] && text && textlen)
		nla_strlcpy(text, tb[NLMSGERR_ATTR_MSG], textlen);
	if (tb[NLMSGERR_ATTR_OFFS] && offs)
		*offs = (int)nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	return 0;
}

int vac_msg_parse_error(struct nlmsghdr *nlh, int *error, char *text,
			size_t textlen, int *offs, const char **why)
{
	struct nlmsgerr *e;
	int hdrlen = sizeof(*e);

	if (text && textlen)
		text[0] = '\0';
	if (offs)
		*offs = -1;
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return bad(why, "not an NLMSG_ERROR");
	if (nlh->nlmsg_len < (uint32_t)nlmsg_size(sizeof(*e)))
		return bad(why, "NLMSG_ERROR too short");
	e = nlmsg_data(nlh);
	if (e->error > 0 || e->error < -4095)
		return bad(why, "NLMSG_ERROR with an impossible errno");
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		/* The request is echoed whole after struct nlmsgerr. */
		if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
		    e->msg.nlmsg_len > nlh->nlmsg_len)
			return bad(why, "NLMSG_ERROR echoes a bad request");
		hdrlen += e->msg.nlmsg_len - NLMSG_HDRLEN;
		if (nlh->nlmsg_len < (uint32_t)nlmsg_size(hdrlen))
			return bad(why, "NLMSG_ERROR too short for its echo");
	}
	*error = e->error;
	return parse_ext_ack(nlh, hdrlen, text, textlen, offs, why);
}

int vac_msg_parse_done(struct nlmsghdr *nlh, int *error, char *text,
		       size_t textlen, const char **why)
{
	int32_t err = 0;

	if (text && textlen)
		text[0] = '\0';
	if (nlh->nlmsg_type != NLMSG_DONE)
		return bad(why, "not an NLMSG_DONE");
	if (nlmsg_datalen(nlh) >= (int)sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err > 0 || err < -4095)
			return bad(why, "NLMSG_DONE with an impossible errno");
		if (parse_ext_ack(nlh, sizeof(err), text, textlen, NULL,
				  why) < 0)
			return -EBADMSG;
	} else if (nlmsg_datalen(nlh) != 0) {
		return bad(why, "NLMSG_DONE with a partial errno");
	}
	*error = err;
	return 0;
}

int vac_msg_parse_version(struct nlmsghdr *nlh, uint32_t *version,
			  const char **why)
{
	struct nlattr *tb[VAC_A_MAX + 1];

	if (nlh->nlmsg_type != VAC_MSG_GET_VERSION)
		return bad(why, "unexpected message type");
	if (parse_top(nlh, tb, why) < 0)
		return -EBADMSG;
	if (!tb[VAC_A_VERSION])
		return bad(why, "missing VAC_A_VERSION");
	*version = nla_get_u32(tb[VAC_A_VERSION]);
	return 0;
}

static int resource_space(int id, struct nlattr **st, void *arg,
			  const char **why)
{
	static const int need[] = {
		VAC_SPACE_A_FIRST, VAC_SPACE_A_CAPACITY, VAC_SPACE_A_RESERVED,
		VAC_SPACE_A_USED, VAC_SPACE_A_FREE,
	};
	struct vac_resource *r = (struct vac_resource *)arg + id;
	unsigned int i;

	if (id == VAC_SPACE_COUNT)
		return 0;
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!st[need[i]])
			return bad(why, "space without its figures");
	r->first = nla_get_u32(st[VAC_SPACE_A_FIRST]);
	r->capacity = nla_get_u32(st[VAC_SPACE_A_CAPACITY]);
	r->reserved = nla_get_u32(st[VAC_SPACE_A_RESERVED]);
	r->used = nla_get_u32(st[VAC_SPACE_A_USED]);
	r->free = nla_get_u32(st[VAC_SPACE_A_FREE]);
	return 0;
}

int vac_msg_parse_resources(struct nlmsghdr *nlh,
			    struct vac_resource res[LIBVAC_SPACES],
			    const char **why)
{
	struct nlattr *tb[VAC_A_MAX + 1];

	memset(res, 0, sizeof(*res) * LIBVAC_SPACES);
	if (nlh->nlmsg_type != VAC_MSG_GET_RESOURCES)
		return bad(why, "unexpected message type");
	if (parse_top(nlh, tb, why) < 0)
		return -EBADMSG;
	return for_each_space(nlh, resource_space, res, why);
}

/* One space of a quota entry into @arg, a struct vac_instance. */
static int entry_space(int id, struct nlattr **st, void *arg,
		       const char **why)
{
	struct vac_space_usage *u;

	if (id == VAC_SPACE_COUNT)
		return 0;
	if (!st[VAC_SPACE_A_QUOTA] || !st[VAC_SPACE_A_USED])
		return bad(why, "space without quota or used");
	if (!st[VAC_SPACE_A_RANGE_FIRST] != !st[VAC_SPACE_A_RANGE_LAST])
		return bad(why, "range with only one end");
	u = &((struct vac_instance *)arg)->space[id];
	u->flags = VAC_USAGE_PRESENT;
	u->quota = nla_get_u32(st[VAC_SPACE_A_QUOTA]);
	u->used = nla_get_u32(st[VAC_SPACE_A_USED]);
	u->exhausted = get_u32(st[VAC_SPACE_A_EXHAUSTED]);
	u->pending = u->quota;
	if (st[VAC_SPACE_A_QUOTA_PENDING]) {
		u->flags |= VAC_USAGE_PENDING;
		u->pending = nla_get_u32(st[VAC_SPACE_A_QUOTA_PENDING]);
	}
	if (st[VAC_SPACE_A_RANGE_FIRST]) {
		u->flags |= VAC_USAGE_RANGE;
		u->range_first = nla_get_u32(st[VAC_SPACE_A_RANGE_FIRST]);
		u->range_last = nla_get_u32(st[VAC_SPACE_A_RANGE_LAST]);
		if (u->range_last < u->range_first)
			return bad(why, "range ends before it starts");
	}
	return 0;
}

static int parse_entry(struct nlmsghdr *nlh, struct vac_instance *out,
		       bool need_state, const char **why)
{
	struct nlattr *tb[VAC_A_MAX + 1];

	memset(out, 0, sizeof(*out));
	if (parse_top(nlh, tb, why) < 0 || get_name(tb, out->name, why) < 0)
		return -EBADMSG;
	if (tb[VAC_A_STATE]) {
		out->state = nla_get_u32(tb[VAC_A_STATE]);
		if (out->state > VAC_STATE_LIVE)
			return bad(why, "unknown instance state");
	} else if (need_state) {
		return bad(why, "missing VAC_A_STATE");
	}
	/* Absent (an older vac.ko): 0, not draining, nothing counted. */
	out->draining = get_u32(tb[VAC_A_DRAINING]);
	if (out->draining > 1)
		return bad(why, "VAC_A_DRAINING neither 0 nor 1");
	out->vms = get_u32(tb[VAC_A_VMS]);
	out->vcpus = get_u32(tb[VAC_A_VCPUS]);
	if (tb[VAC_A_MODULE_VERSION])
		nla_strlcpy(out->version, tb[VAC_A_MODULE_VERSION],
			    sizeof(out->version));
	if (tb[VAC_A_SRCVERSION])
		nla_strlcpy(out->srcversion, tb[VAC_A_SRCVERSION],
			    sizeof(out->srcversion));
	return for_each_space(nlh, entry_space, out, why);
}

int vac_msg_parse_entry(struct nlmsghdr *nlh, struct vac_instance *out,
			const char **why)
{
	if (nlh->nlmsg_type != VAC_MSG_GET_QUOTA &&
	    nlh->nlmsg_type != VAC_MSG_GET_INSTANCE)
		return bad(why, "unexpected message type");
	return parse_entry(nlh, out, true, why);
}

/* The space of a QUOTA_EXHAUSTED event. */
struct exhausted {
	struct vac_event *ev;
	int found;
};

static int exhausted_space(int id, struct nlattr **st, void *arg,
			   const char **why)
{
	struct exhausted *x = arg;

	if (x->found++)
		return bad(why, "exhausted event names two spaces");
	if (!st[VAC_SPACE_A_QUOTA] || !st[VAC_SPACE_A_USED])
		return bad(why, "space without quota or used");
	x->ev->space = id < VAC_SPACE_COUNT ? id : -1;
	x->ev->quota = nla_get_u32(st[VAC_SPACE_A_QUOTA]);
	x->ev->used = nla_get_u32(st[VAC_SPACE_A_USED]);
	x->ev->exhausted = get_u32(st[VAC_SPACE_A_EXHAUSTED]);
	return 0;
}

static int parse_exhausted(struct nlmsghdr *nlh, struct vac_event *ev,
			   const char **why)
{
	struct exhausted x = { .ev = ev };
	int err = for_each_space(nlh, exhausted_space, &x, why);

	if (!err && !x.found)
		return bad(why, "exhausted event without a space");
	return err;
}

int vac_msg_parse_event(struct nlmsghdr *nlh, struct vac_event *ev,
			const char **why)
{
	struct nlattr *tb[VAC_A_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	ev->type = nlh->nlmsg_type;
	ev->space = -1;
	switch (nlh->nlmsg_type) {
	case VAC_MSG_NOTIFY_INSTANCE_UP:
	case VAC_MSG_NOTIFY_INSTANCE_DOWN:
	case VAC_MSG_NOTIFY_INSTANCE_RESUMED:
	case VAC_MSG_NOTIFY_QUOTA_DEL:
		if (parse_top(nlh, tb, why) < 0)
			return -EBADMSG;
		return get_name(tb, ev->name, why);
	case VAC_MSG_NOTIFY_INSTANCE_DRAINING:
		if (parse_top(nlh, tb, why) < 0 ||
		    get_name(tb, ev->name, why) < 0)
			return -EBADMSG;
		if (!tb[VAC_A_VMS] || !tb[VAC_A_VCPUS])
			return bad(why,
				   "draining event without VAC_A_VMS or VAC_A_VCPUS");
		ev->vms = nla_get_u32(tb[VAC_A_VMS]);
		ev->vcpus = nla_get_u32(tb[VAC_A_VCPUS]);
		return 0;
	case VAC_MSG_NOTIFY_QUOTA_SET:
		if (parse_entry(nlh, &ev->entry, false, why) < 0)
			return -EBADMSG;
		memcpy(ev->name, ev->entry.name, VAC_NAME_LEN);
		return 0;
	case VAC_MSG_NOTIFY_QUOTA_EXHAUSTED:
		if (parse_top(nlh, tb, why) < 0 ||
		    get_name(tb, ev->name, why) < 0)
			return -EBADMSG;
		return parse_exhausted(nlh, ev, why);
	case VAC_MSG_NOTIFY_OVERFLOW:
		if (parse_top(nlh, tb, why) < 0)
			return -EBADMSG;
		if (!tb[VAC_A_DROPPED])
			return bad(why, "overflow without VAC_A_DROPPED");
		ev->dropped = nla_get_u32(tb[VAC_A_DROPPED]);
		return 0;
	default:
		return bad(why, "not a notification");
	}
}

/* libnl's nested parse ignores a partial attribute at the end: refuse it. */
static int nest_complete(struct nlattr *nest, const char **why)
{
	struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, nest, rem)
		;
	if (rem > 0)
		return bad(why, "truncated attribute");
	return 0;
}

/* One VAC_A_VECTOR_INSTANCE nest into @r. */
static int parse_route(struct nlattr *nest, struct vac_vector_route *r,
		       const char **why)
{
	struct nlattr *vt[VAC_VI_A_MAX + 1];

	if (nla_parse_nested(vt, VAC_VI_A_MAX, nest, route_policy) < 0)
		return bad(why,
			   "vector instance attribute of wrong size or type");
	if (nest_complete(nest, why) < 0)
		return -EBADMSG;
	if (!vt[VAC_VI_A_NAME] || !vt[VAC_VI_A_COUNT])
		return bad(why, "vector instance without name or count");
	if (nla_len(vt[VAC_VI_A_NAME]) < 2)
		return bad(why, "vector instance with an empty name");
	nla_strlcpy(r->name, vt[VAC_VI_A_NAME], sizeof(r->name));
	r->count = nla_get_u64(vt[VAC_VI_A_COUNT]);
	return 0;
}

/* The VAC_A_VECTOR_INSTANCE nests of @nlh into @out->routes. */
static int parse_routes(struct nlmsghdr *nlh, struct vac_vector *out,
			const char **why)
{
	struct vac_vector_route *r;
	struct nlattr *nla;
	uint32_t n = 0, i;
	int rem, err;

	nlmsg_for_each_attr(nla, nlh, 0, rem)
		n += nla_type(nla) == VAC_A_VECTOR_INSTANCE;
	if (!n)
		return 0;
	out->routes = calloc(n, sizeof(*out->routes));
	if (!out->routes)
		return -ENOMEM;
	nlmsg_for_each_attr(nla, nlh, 0, rem) {
		if (nla_type(nla) != VAC_A_VECTOR_INSTANCE)
			continue;
		r = &out->routes[out->nr_routes];
		err = parse_route(nla, r, why);
		for (i = 0; !err && i < out->nr_routes; i++)
			if (!strcmp(out->routes[i].name, r->name))
				err = bad(why, "instance listed twice for a vector");
		if (err)
			return err;
		out->nr_routes++;
	}
	return 0;
}

/*
 * A state this library does not know is kept (vac_vector_state_to_name()
 * says "unknown"), not refused: one new state in a newer kernel should
 * not hide every vector from an older vacctl.  Likewise an id beyond
 * VAC_VECTOR_COUNT, which has its name.
 */
int vac_msg_parse_vector(struct nlmsghdr *nlh, struct vac_vector *out,
			 const char **why)
{
	struct nlattr *tb[VAC_A_MAX + 1];
	uint32_t number;
	int err;

	memset(out, 0, sizeof(*out));
	out->number = -1;
	if (nlh->nlmsg_type != VAC_MSG_GET_VECTOR)
		return bad(why, "unexpected message type");
	if (parse_top(nlh, tb, why) < 0)
		return -EBADMSG;
	if (!tb[VAC_A_VECTOR_ID])
		return bad(why, "missing VAC_A_VECTOR_ID");
	if (!tb[VAC_A_VECTOR_STATE])
		return bad(why, "missing VAC_A_VECTOR_STATE");
	if (!tb[VAC_A_VECTOR_NAME])
		return bad(why, "missing VAC_A_VECTOR_NAME");
	if (nla_len(tb[VAC_A_VECTOR_NAME]) < 2)
		return bad(why, "empty VAC_A_VECTOR_NAME");
	out->id = nla_get_u32(tb[VAC_A_VECTOR_ID]);
	out->state = nla_get_u32(tb[VAC_A_VECTOR_STATE]);
	nla_strlcpy(out->name, tb[VAC_A_VECTOR_NAME], sizeof(out->name));
	if (tb[VAC_A_VECTOR_NUMBER]) {
		number = nla_get_u32(tb[VAC_A_VECTOR_NUMBER]);
		if (number > 255)
			return bad(why, "VAC_A_VECTOR_NUMBER beyond the IDT");
		out->number = (int32_t)number;
	}
	err = parse_routes(nlh, out, why);
	if (err) {
		free(out->routes);
		out->routes = NULL;
		out->nr_routes = 0;
	}
	return err;
}
