// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vac: a misc character device speaking netlink-format messages
 * (include/uapi/vac.h, docs/protocol.md).
 *
 * write() takes one or more whole requests.  The framing of the whole
 * buffer is checked before anything runs, so a write with a bad header is
 * refused as a whole (EINVAL) and has no effect.  Each request is then
 * handled in order and answered by queueing replies on the file; read()
 * returns them one message at a time.  Unread replies are capped (memory,
 * counted as skb truesize): at the cap, write() stops at a message
 * boundary and returns a short count, or ENOBUFS.  Dumps are produced
 * lazily: the request takes a snapshot of the core, and each read() builds
 * the next message from it, as netlink dumps do.
 *
 * Everything a file holds for its user (its state, replies, dump snapshot,
 * notifications) is charged to the opener's memory cgroup (__GFP_ACCOUNT),
 * and bounded per file (docs/protocol.md, "Memory").  An answer that
 * cannot be allocated is not silently dropped: the next read() fails with
 * ENOBUFS, as a netlink socket reports a lost message.
 *
 * Locking: file->mutex serialises read() and write() of one file and is
 * taken before the broker's mutex (core calls, sysfs refresh) and before
 * vac_notify.c's vac_sub_mutex.  file->lock (a spinlock) protects the
 * queue, which notifications fill from vac_notify.c in process context.
 */
#include <linux/memcontrol.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/stdarg.h>
#include <linux/uaccess.h>
#include <net/netlink.h>

#include "vac_internal.h"
#include "vac_dev.h"
#include "vac_hw.h"

/**
 * struct vac_req - one request being handled.
 * @f: the file it was written to.
 * @nlh: the request (in the kernel copy of the write buffer).
 * @nl: parse errors: static message, bad attribute, missing attribute.
 * @msg: formatted message; wins over @nl's when set.
 * @reply: the data reply, if any.
 * @dump: the request started a dump (answered by the dump's messages).
 */
struct vac_req {
	struct vac_file *f;
	const struct nlmsghdr *nlh;
	struct netlink_ext_ack nl;
	char msg[VAC_EXTACK_LEN];
	struct sk_buff *reply;
	bool dump;
};

/* Say why @req failed and, if @attr is set, which attribute is bad. */
__printf(3, 4)
static void vac_req_err(struct vac_req *req, const struct nlattr *attr,
			const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(req->msg, sizeof(req->msg), fmt, args);
	va_end(args);
	req->nl.bad_attr = attr;
}

/* --- policies ------------------------------------------------------------- */

/* Requests without attributes: everything is refused. */
static const struct nla_policy vac_none_policy[VAC_A_MAX + 1] = {};

static const struct nla_policy vac_name_policy[VAC_A_MAX + 1] = {
	[VAC_A_NAME] = { .type = NLA_NUL_STRING, .len = VAC_NAME_LEN - 1 },
};

static const struct nla_policy vac_space_set_policy[VAC_SPACE_A_MAX + 1] = {
	[VAC_SPACE_A_ID] = NLA_POLICY_RANGE(NLA_U32, 0, VAC_SPACE_COUNT - 1),
	[VAC_SPACE_A_QUOTA] = { .type = NLA_U32 },
};

static const struct nla_policy vac_set_policy[VAC_A_MAX + 1] = {
	[VAC_A_NAME] = { .type = NLA_NUL_STRING, .len = VAC_NAME_LEN - 1 },
	[VAC_A_SPACE] = NLA_POLICY_NESTED(vac_space_set_policy),
};

static const struct nla_policy vac_set_instance_policy[VAC_A_MAX + 1] = {
	[VAC_A_NAME] = { .type = NLA_NUL_STRING, .len = VAC_NAME_LEN - 1 },
	[VAC_A_DRAINING] = NLA_POLICY_MAX(NLA_U32, 1),
};

static const struct nla_policy vac_subscribe_policy[VAC_A_MAX + 1] = {
	[VAC_A_GROUPS] = NLA_POLICY_MASK(NLA_U32, VAC_GROUP_ALL),
};

static const struct nla_policy vac_vector_policy[VAC_A_MAX + 1] = {
	[VAC_A_VECTOR_NAME] = { .type = NLA_NUL_STRING, .len = 31 },
};

static int vac_parse(struct vac_req *req, struct nlattr **tb,
		     const struct nla_policy *policy)
{
	return nlmsg_parse(req->nlh, 0, tb, VAC_A_MAX, policy, &req->nl);
}

/* A required attribute: EINVAL with NLMSGERR_ATTR_MISS_TYPE if absent. */
static int vac_need(struct vac_req *req, struct nlattr **tb, int type,
		    const char *what)
{
	if (tb[type])
		return 0;
	NL_SET_ERR_ATTR_MISS(&req->nl, NULL, type);
	vac_req_err(req, NULL, "missing attribute %s", what);
	return -EINVAL;
}

/*
 * A change (@what, for the message): CAP_SYS_ADMIN in the initial user namespace, then the
 * attributes of @policy, VAC_A_NAME among them.  As for netlink
 * (netlink_ns_capable()), both the writer and whoever opened the file
 * need the capability: a file opened unprivileged and then written by a
 * privileged process (passed to it, or written after a setuid) must not
 * carry the privilege.  The opener's credentials are the file's f_cred.
 */
static int vac_parse_change(struct vac_req *req, struct nlattr **tb,
			    const struct nla_policy *policy, const char *what)
{
	int err;

	if (!capable(CAP_SYS_ADMIN)) {
		vac_req_err(req, NULL, "%s needs CAP_SYS_ADMIN", what);
		return -EPERM;
	}
	if (!file_ns_capable(req->f->file, &init_user_ns, CAP_SYS_ADMIN)) {
		vac_req_err(req, NULL,
			    "%s needs CAP_SYS_ADMIN, also of the process that opened /dev/vac",
			    what);
		return -EPERM;
	}
	err = vac_parse(req, tb, policy);
	if (err)
		return err;
	return vac_need(req, tb, VAC_A_NAME, "VAC_A_NAME");
}

/* --- replies -------------------------------------------------------------- */

static struct sk_buff *vac_reply_new(struct vac_req *req, size_t payload,
				     struct nlmsghdr **nlh, u16 flags)
{
	struct sk_buff *skb;

	skb = nlmsg_new(payload, VAC_GFP);
	if (!skb)
		return NULL;
	*nlh = nlmsg_put(skb, req->nlh->nlmsg_pid, req->nlh->nlmsg_seq,
			 req->nlh->nlmsg_type, 0, flags);
	if (!*nlh) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/*
 * The NLMSG_ERROR answer to @nlh, as netlink_ack() builds it: the request
 * echoed in full on error (header only on success, or when the echo would
 * not fit in VAC_MSG_SIZE_MAX: NLM_F_CAPPED), then the extended-ack TLVs
 * (NLM_F_ACK_TLVS).
 */
static struct sk_buff *vac_ack_build(const struct vac_req *req, int err)
{
	const struct nlmsghdr *nlh = req->nlh;
	const struct netlink_ext_ack *nl = &req->nl;
	const u8 *bad = (const u8 *)nl->bad_attr;
	const char *msg = NULL;
	size_t payload = sizeof(struct nlmsgerr);
	size_t tlvlen = 0;
	struct nlmsgerr *errmsg;
	struct nlmsghdr *rep;
	struct sk_buff *skb;
	bool offs = false;
	u16 flags = 0;

	if (err) {
		msg = req->msg[0] ? req->msg : nl->_msg;
		if (msg)
			tlvlen += nla_total_size(strlen(msg) + 1);
		if (bad && bad >= (const u8 *)nlh &&
		    bad < (const u8 *)nlh + nlh->nlmsg_len) {
			offs = true;
			tlvlen += nla_total_size(sizeof(u32));
		}
		if (nl->miss_type)
			tlvlen += nla_total_size(sizeof(u32));
		if (nl->miss_nest)
			tlvlen += nla_total_size(sizeof(u32));
	}
	if (err && nlmsg_total_size(payload + nlmsg_len(nlh)) + tlvlen <=
		   VAC_MSG_SIZE_MAX)
		payload += nlmsg_len(nlh);
	else
		flags |= NLM_F_CAPPED;
	if (tlvlen)
		flags |= NLM_F_ACK_TLVS;

	skb = nlmsg_new(payload + tlvlen, VAC_GFP);
	if (!skb)
		return NULL;
	rep = nlmsg_put(skb, nlh->nlmsg_pid, nlh->nlmsg_seq, NLMSG_ERROR,
			payload, flags);
	errmsg = nlmsg_data(rep);
	errmsg->error = err;
	errmsg->msg = *nlh;
	if (payload > sizeof(*errmsg))
		memcpy((u8 *)errmsg + sizeof(*errmsg), nlmsg_data(nlh),
		       nlmsg_len(nlh));

	if (msg && nla_put_string(skb, NLMSGERR_ATTR_MSG, msg))
		goto full;
	if (offs && nla_put_u32(skb, NLMSGERR_ATTR_OFFS,
				(const u8 *)nl->bad_attr - (const u8 *)nlh))
		goto full;
	if (err && nl->miss_type &&
	    nla_put_u32(skb, NLMSGERR_ATTR_MISS_TYPE, nl->miss_type))
		goto full;
	if (err && nl->miss_nest &&
	    nla_put_u32(skb, NLMSGERR_ATTR_MISS_NEST,
			(const u8 *)nl->miss_nest - (const u8 *)nlh))
		goto full;
	nlmsg_end(skb, rep);
	return skb;
full:
	/* Cannot happen: sized above. */
	kfree_skb(skb);
	return NULL;
}

/* Queue a reply; file->mutex held. */
static void vac_queue_reply(struct vac_file *f, struct sk_buff *skb)
{
	vac_skb_cb(skb)->kind = VAC_SKB_REPLY;
	spin_lock(&f->lock);
	f->reply_bytes += skb->truesize;
	__skb_queue_tail(&f->queue, skb);
	spin_unlock(&f->lock);
}

/* --- commands ------------------------------------------------------------- */

static int vac_cmd_version(struct vac_req *req)
{
	struct nlattr *tb[VAC_A_MAX + 1];
	struct nlmsghdr *nlh;
	int err;

	err = vac_parse(req, tb, vac_none_policy);
	if (err)
		return err;
	req->reply = vac_reply_new(req, nla_total_size(sizeof(u32)), &nlh, 0);
	if (!req->reply)
		return -ENOMEM;
	if (nla_put_u32(req->reply, VAC_A_VERSION, VAC_PROTOCOL_VERSION))
		return -EMSGSIZE;
	nlmsg_end(req->reply, nlh);
	return 0;
}

static int vac_cmd_resources(struct vac_req *req)
{
	struct vac_space_info info[VAC_SPACE_COUNT];
	struct nlattr *tb[VAC_A_MAX + 1];
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int err, s;

	err = vac_parse(req, tb, vac_none_policy);
	if (err)
		return err;
	skb = vac_reply_new(req, VAC_SPACE_COUNT *
			    nla_total_size(6 * nla_total_size(sizeof(u32))),
			    &nlh, 0);
	if (!skb)
		return -ENOMEM;
	req->reply = skb;
	vac_resources_get(vac_broker, info);
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		nest = nla_nest_start(skb, VAC_A_SPACE);
		if (!nest ||
		    nla_put_u32(skb, VAC_SPACE_A_ID, s) ||
		    nla_put_u32(skb, VAC_SPACE_A_FIRST, info[s].first) ||
		    nla_put_u32(skb, VAC_SPACE_A_CAPACITY, info[s].capacity) ||
		    nla_put_u32(skb, VAC_SPACE_A_RESERVED, info[s].reserved) ||
		    nla_put_u32(skb, VAC_SPACE_A_USED, info[s].used) ||
		    nla_put_u32(skb, VAC_SPACE_A_FREE, info[s].free))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nlmsg_end(skb, nlh);
	return 0;
}

static int vac_cmd_set_quota(struct vac_req *req)
{
	struct nlattr *nests[VAC_SPACE_COUNT] = {};
	struct nlattr *stb[VAC_SPACE_A_MAX + 1];
	struct nlattr *tb[VAC_A_MAX + 1];
	struct vac_quota_req qr = {};
	struct vac_extack ea = { .space = -1 };
	struct nlattr *a;
	int err, rem;
	u32 id;

	err = vac_parse_change(req, tb, vac_set_policy, "changing quotas");
	if (err)
		return err;

	nlmsg_for_each_attr(a, req->nlh, 0, rem) {
		if (nla_type(a) != VAC_A_SPACE)
			continue;
		err = nla_parse_nested(stb, VAC_SPACE_A_MAX, a,
				       vac_space_set_policy, &req->nl);
		if (err)
			return err;
		if (!stb[VAC_SPACE_A_ID] || !stb[VAC_SPACE_A_QUOTA]) {
			int miss = stb[VAC_SPACE_A_ID] ? VAC_SPACE_A_QUOTA :
							 VAC_SPACE_A_ID;

			NL_SET_ERR_ATTR_MISS(&req->nl, a, miss);
			vac_req_err(req, a, "VAC_A_SPACE needs %s",
				    stb[VAC_SPACE_A_ID] ? "VAC_SPACE_A_QUOTA" :
							  "VAC_SPACE_A_ID");
			return -EINVAL;
		}
		id = nla_get_u32(stb[VAC_SPACE_A_ID]);
		if (nests[id]) {
			vac_req_err(req, a, "space %s given twice",
				    vac_space_name(id));
			return -EINVAL;
		}
		nests[id] = a;
		qr.mask |= BIT(id);
		qr.max[id] = nla_get_u32(stb[VAC_SPACE_A_QUOTA]);
	}
	if (!qr.mask) {
		NL_SET_ERR_ATTR_MISS(&req->nl, NULL, VAC_A_SPACE);
		vac_req_err(req, NULL, "missing attribute VAC_A_SPACE");
		return -EINVAL;
	}

	err = vac_quota_set(vac_broker, nla_data(tb[VAC_A_NAME]), &qr, &ea);
	if (err) {
		struct nlattr *bad = tb[VAC_A_NAME];

		if (ea.space >= 0 && ea.space < VAC_SPACE_COUNT &&
		    nests[ea.space])
			bad = nests[ea.space];
		vac_req_err(req, bad, "%s", ea.msg[0] ? ea.msg :
			    "quota change refused");
		return err;
	}
	/* Outside the core's lock: sysfs removal waits for show(). */
	vac_sysfs_sync();
	return 0;
}

static int vac_cmd_del_quota(struct vac_req *req)
{
	struct vac_extack ea = { .space = -1 };
	struct nlattr *tb[VAC_A_MAX + 1];
	int err;

	err = vac_parse_change(req, tb, vac_name_policy, "changing quotas");
	if (err)
		return err;
	err = vac_quota_del(vac_broker, nla_data(tb[VAC_A_NAME]), &ea);
	if (err) {
		vac_req_err(req, tb[VAC_A_NAME], "%s", ea.msg[0] ? ea.msg :
			    "quota entry not deleted");
		return err;
	}
	vac_sysfs_sync();
	return 0;
}

static int vac_cmd_set_instance(struct vac_req *req)
{
	struct vac_extack ea = { .space = -1 };
	struct nlattr *tb[VAC_A_MAX + 1];
	int err;

	err = vac_parse_change(req, tb, vac_set_instance_policy,
			       "draining or resuming an instance");
	if (err)
		return err;
	err = vac_need(req, tb, VAC_A_DRAINING, "VAC_A_DRAINING");
	if (err)
		return err;
	err = vac_instance_set_draining(vac_broker, nla_data(tb[VAC_A_NAME]),
					nla_get_u32(tb[VAC_A_DRAINING]), &ea);
	if (err)
		vac_req_err(req, tb[VAC_A_NAME], "%s", ea.msg[0] ? ea.msg :
			    "instance state not changed");
	return err;
}

/* Every dump request: no attributes, and no other dump of the file running. */
static int vac_dump_may_start(struct vac_req *req)
{
	if (nlmsg_attrlen(req->nlh, 0)) {
		vac_req_err(req, nlmsg_attrdata(req->nlh, 0),
			    "dump requests take no attributes");
		return -EINVAL;
	}
	if (req->f->dump.active) {
		vac_req_err(req, NULL, "a dump is already in progress");
		return -EBUSY;
	}
	return 0;
}

static int vac_dump_start(struct vac_req *req, bool live_only)
{
	struct vac_file *f = req->f;
	struct vac_entry_info *infos = NULL;
	int n, err;

	err = vac_dump_may_start(req);
	if (err)
		return err;
	n = vac_quota_snapshot(vac_broker, live_only, &infos, VAC_GFP);
	if (n < 0) {
		vac_req_err(req, NULL, "cannot take a snapshot of the quotas");
		return n;
	}
	f->dump = (struct vac_dump) {
		.infos = infos,
		.n = n,
		.pos = 0,
		.seq = req->nlh->nlmsg_seq,
		.pid = req->nlh->nlmsg_pid,
		.type = req->nlh->nlmsg_type,
		.active = true,
	};
	req->dump = true;
	return 0;
}

static int vac_cmd_get_quota(struct vac_req *req)
{
	bool live_only = req->nlh->nlmsg_type == VAC_MSG_GET_INSTANCE;
	struct vac_extack ea = { .space = -1 };
	struct nlattr *tb[VAC_A_MAX + 1];
	struct vac_entry_info *info;
	struct nlmsghdr *nlh;
	const char *name;
	int err;

	if ((req->nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return vac_dump_start(req, live_only);

	err = vac_parse(req, tb, vac_name_policy);
	if (err)
		return err;
	err = vac_need(req, tb, VAC_A_NAME, "VAC_A_NAME");
	if (err)
		return err;
	name = nla_data(tb[VAC_A_NAME]);

	info = kzalloc(sizeof(*info), VAC_GFP);
	if (!info)
		return -ENOMEM;
	err = vac_quota_get(vac_broker, name, info, &ea);
	if (err) {
		vac_req_err(req, tb[VAC_A_NAME], "%s", ea.msg[0] ? ea.msg :
			    "no such quota entry");
		goto out;
	}
	if (live_only && info->state != VAC_STATE_LIVE) {
		vac_req_err(req, tb[VAC_A_NAME], "instance %s is not loaded",
			    name);
		err = -ENOENT;
		goto out;
	}
	err = -ENOMEM;
	req->reply = vac_reply_new(req, vac_entry_msg_size(), &nlh, 0);
	if (!req->reply)
		goto out;
	err = vac_fill_entry(req->reply, info);
	if (!err)
		nlmsg_end(req->reply, nlh);
out:
	kfree(info);
	return err;
}

static int vac_cmd_subscribe(struct vac_req *req)
{
	struct nlattr *tb[VAC_A_MAX + 1];
	int err;

	err = vac_parse(req, tb, vac_subscribe_policy);
	if (err)
		return err;
	err = vac_need(req, tb, VAC_A_GROUPS, "VAC_A_GROUPS");
	if (err)
		return err;
	err = vac_subscribe(req->f, nla_get_u32(tb[VAC_A_GROUPS]));
	if (err == -ENOSPC)
		vac_req_err(req, NULL,
			    "too many subscribers: at most %d files opened without CAP_SYS_ADMIN",
			    VAC_SUBSCRIBERS_MAX);
	return err;
}

/* One vector's message; @flags: NLM_F_MULTI in a dump. */
static struct sk_buff *vac_vector_msg(struct vac_req *req,
				      enum vac_vector_id v, u16 flags)
{
	struct vac_vector_info info;
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	size_t size;
	int i, err;

	err = vac_vector_info_get(v, &info, VAC_GFP);
	if (err)
		return ERR_PTR(err);
	size = 3 * nla_total_size(sizeof(u32)) + nla_total_size(32) +
	       info.n * nla_total_size(nla_total_size(VAC_NAME_LEN) +
				       nla_total_size_64bit(sizeof(u64)));
	err = -ENOMEM;
	skb = vac_reply_new(req, size, &nlh, flags);
	if (!skb)
		goto out;
	err = -EMSGSIZE;
	if (nla_put_u32(skb, VAC_A_VECTOR_ID, info.id) ||
	    nla_put_string(skb, VAC_A_VECTOR_NAME, info.name) ||
	    nla_put_u32(skb, VAC_A_VECTOR_STATE, info.state) ||
	    (info.number >= 0 &&
	     nla_put_u32(skb, VAC_A_VECTOR_NUMBER, info.number)))
		goto fail;
	for (i = 0; i < info.n; i++) {
		nest = nla_nest_start(skb, VAC_A_VECTOR_INSTANCE);
		if (!nest ||
		    nla_put_string(skb, VAC_VI_A_NAME, info.routes[i].name) ||
		    nla_put_u64_64bit(skb, VAC_VI_A_COUNT, info.routes[i].count,
				      VAC_VI_A_PAD))
			goto fail;
		nla_nest_end(skb, nest);
	}
	nlmsg_end(skb, nlh);
	vac_vector_info_put(&info);
	return skb;
fail:
	kfree_skb(skb);
out:
	vac_vector_info_put(&info);
	return ERR_PTR(err);
}

/*
 * GET_VECTOR: one vector by VAC_A_VECTOR_NAME, or with NLM_F_DUMP all of
 * them.  There are only a few, so a dump is built at once: its messages
 * and NLMSG_DONE go onto the reply queue together.
 */
static int vac_cmd_vector(struct vac_req *req)
{
	struct nlattr *tb[VAC_A_MAX + 1];
	struct sk_buff *skbs[VAC_VECTOR_COUNT + 1] = {};
	struct nlmsghdr *nlh;
	int v, err;

	if ((req->nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP) {
		err = vac_parse(req, tb, vac_vector_policy);
		if (err)
			return err;
		err = vac_need(req, tb, VAC_A_VECTOR_NAME, "VAC_A_VECTOR_NAME");
		if (err)
			return err;
		v = vac_vector_lookup(nla_data(tb[VAC_A_VECTOR_NAME]));
		if (v < 0) {
			vac_req_err(req, tb[VAC_A_VECTOR_NAME],
				    "no vector %s: pmi, pi_wakeup or ga_log",
				    (char *)nla_data(tb[VAC_A_VECTOR_NAME]));
			return v;
		}
		req->reply = vac_vector_msg(req, v, 0);
		if (IS_ERR(req->reply)) {
			err = PTR_ERR(req->reply);
			req->reply = NULL;
			return err;
		}
		return 0;
	}

	err = vac_dump_may_start(req);
	if (err)
		return err;
	for (v = 0; v < VAC_VECTOR_COUNT; v++) {
		skbs[v] = vac_vector_msg(req, v, NLM_F_MULTI);
		if (IS_ERR(skbs[v])) {
			err = PTR_ERR(skbs[v]);
			skbs[v] = NULL;
			goto fail;
		}
	}
	err = -ENOMEM;
	skbs[v] = nlmsg_new(sizeof(int), VAC_GFP);
	if (!skbs[v])
		goto fail;
	nlh = nlmsg_put(skbs[v], req->nlh->nlmsg_pid, req->nlh->nlmsg_seq,
			NLMSG_DONE, sizeof(int), NLM_F_MULTI);
	*(int *)nlmsg_data(nlh) = 0;
	nlmsg_end(skbs[v], nlh);
	for (v = 0; v <= VAC_VECTOR_COUNT; v++)
		vac_queue_reply(req->f, skbs[v]);
	req->dump = true;
	return 0;
fail:
	for (v = 0; v <= VAC_VECTOR_COUNT; v++)
		kfree_skb(skbs[v]);
	return err;
}

typedef int (*vac_cmd_fn)(struct vac_req *req);

static const vac_cmd_fn vac_cmds[__VAC_MSG_MAX] = {
	[VAC_MSG_GET_VERSION] = vac_cmd_version,
	[VAC_MSG_GET_RESOURCES] = vac_cmd_resources,
	[VAC_MSG_SET_QUOTA] = vac_cmd_set_quota,
	[VAC_MSG_GET_QUOTA] = vac_cmd_get_quota,
	[VAC_MSG_DEL_QUOTA] = vac_cmd_del_quota,
	[VAC_MSG_GET_INSTANCE] = vac_cmd_get_quota,
	[VAC_MSG_SUBSCRIBE] = vac_cmd_subscribe,
	[VAC_MSG_SET_INSTANCE] = vac_cmd_set_instance,
	[VAC_MSG_GET_VECTOR] = vac_cmd_vector,
};

/* Handle one request and queue its answer; file->mutex held. */
static void vac_handle(struct vac_file *f, const struct nlmsghdr *nlh)
{
	struct vac_req req = { .f = f, .nlh = nlh };
	u16 type = nlh->nlmsg_type;
	struct sk_buff *ack;
	int err;

	if (type < NLMSG_MIN_TYPE) {
		/* Control messages: ignored, acked on request (as netlink). */
		err = 0;
	} else if (!(nlh->nlmsg_flags & NLM_F_REQUEST)) {
		vac_req_err(&req, NULL, "NLM_F_REQUEST not set");
		err = -EINVAL;
	} else if (type >= __VAC_MSG_MAX || !vac_cmds[type]) {
		vac_req_err(&req, NULL, "unknown message type %u", type);
		err = -EOPNOTSUPP;
	} else if ((type == VAC_MSG_GET_VERSION ||
		    type == VAC_MSG_GET_RESOURCES) &&
		   (nlh->nlmsg_flags & NLM_F_DUMP)) {
		/* (On other requests these bits are NLM_F_REPLACE etc.) */
		vac_req_err(&req, NULL, "message type %u has no dump", type);
		err = -EOPNOTSUPP;
	} else {
		err = vac_cmds[type](&req);
		/* Subscribers hear of a change before its answer is read. */
		vac_notify_flush();
	}

	if (err && req.reply) {
		kfree_skb(req.reply);
		req.reply = NULL;
	}
	if (req.reply)
		vac_queue_reply(f, req.reply);
	/* A dump answers with its messages and NLMSG_DONE only. */
	if (!err && req.dump)
		return;
	if (!err && !(nlh->nlmsg_flags & NLM_F_ACK))
		return;
	ack = vac_ack_build(&req, err);
	if (ack)
		vac_queue_reply(f, ack);
	else
		WRITE_ONCE(f->err, -ENOBUFS);	/* lost: tell the reader */
}

/*
 * Check the framing of a whole write: a sequence of messages, each with a
 * full header and an nlmsg_len that covers the header and stays within the
 * write.  Returns the number of messages, or -EINVAL.
 */
static int vac_frame_check(const u8 *buf, size_t len)
{
	const struct nlmsghdr *nlh;
	size_t off = 0;
	int n = 0;

	while (off < len) {
		nlh = (const struct nlmsghdr *)(buf + off);
		if (len - off < NLMSG_HDRLEN ||
		    nlh->nlmsg_len < NLMSG_HDRLEN ||
		    nlh->nlmsg_len > len - off)
			return -EINVAL;
		off += min_t(size_t, NLMSG_ALIGN(nlh->nlmsg_len), len - off);
		n++;
	}
	return n;
}

static ssize_t vac_dev_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct vac_file *f = file->private_data;
	unsigned int queued;
	size_t off = 0;
	ssize_t ret;
	u8 *buf;

	if (!count)
		return -EINVAL;
	if (count > VAC_MSG_SIZE_MAX)
		return -EMSGSIZE;
	buf = memdup_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = vac_frame_check(buf, count);
	if (ret < 0)
		goto out_free;

	if (mutex_lock_interruptible(&f->mutex)) {
		ret = -EINTR;
		goto out_free;
	}
	/*
	 * Stop at a message boundary once the unread replies reach the cap:
	 * a short write, or ENOBUFS if not even the first message ran.
	 */
	while (off < count) {
		const struct nlmsghdr *nlh = (const void *)(buf + off);

		spin_lock(&f->lock);
		queued = f->reply_bytes;
		spin_unlock(&f->lock);
		if (queued >= VAC_REPLY_QUEUE_BYTES)
			break;
		vac_handle(f, nlh);
		off += min_t(size_t, NLMSG_ALIGN(nlh->nlmsg_len), count - off);
	}
	ret = off ? off : -ENOBUFS;
	mutex_unlock(&f->mutex);
	wake_up_interruptible(&f->wait);
out_free:
	kfree(buf);
	return ret;
}

/* --- reading -------------------------------------------------------------- */

/* Next message of the dump in progress; file->mutex held. */
static struct sk_buff *vac_dump_next(struct vac_file *f)
{
	struct vac_dump *d = &f->dump;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	if (d->pos < d->n) {
		skb = nlmsg_new(vac_entry_msg_size(), VAC_GFP);
		if (!skb)
			return ERR_PTR(-ENOMEM);
		nlh = nlmsg_put(skb, d->pid, d->seq, d->type, 0, NLM_F_MULTI);
		if (!nlh || vac_fill_entry(skb, &d->infos[d->pos])) {
			kfree_skb(skb);
			return ERR_PTR(-EMSGSIZE);
		}
		nlmsg_end(skb, nlh);
		d->pos++;
		return skb;
	}

	skb = nlmsg_new(sizeof(int), VAC_GFP);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	nlh = nlmsg_put(skb, d->pid, d->seq, NLMSG_DONE, sizeof(int),
			NLM_F_MULTI);
	*(int *)nlmsg_data(nlh) = 0;
	nlmsg_end(skb, nlh);
	kvfree(d->infos);
	*d = (struct vac_dump) {};
	return skb;
}

static bool vac_readable(struct vac_file *f)
{
	return !skb_queue_empty_lockless(&f->queue) ||
	       READ_ONCE(f->pending) || READ_ONCE(f->dump.active) ||
	       READ_ONCE(f->err);
}

/* Take the next message to read, building it if needed; mutex held. */
static struct sk_buff *vac_next(struct vac_file *f)
{
	enum vac_skb_kind kind = VAC_SKB_REPLY;
	struct sk_buff *skb;

	if (f->pending)
		return f->pending;

	/*
	 * A reply or notification taken off the queue still counts against
	 * the caps (reply_bytes, n_notify) until vac_consume(): a client
	 * reading with too small a buffer must not make room for more.
	 */
	spin_lock(&f->lock);
	skb = __skb_dequeue(&f->queue);
	if (skb) {
		kind = vac_skb_cb(skb)->kind;
		if (kind == VAC_SKB_OVERFLOW) {
			f->overflow_queued = false;
			*(u32 *)nla_data(nlmsg_find_attr(nlmsg_hdr(skb), 0,
							 VAC_A_DROPPED)) =
				f->dropped;
			f->dropped = 0;
		}
	}
	spin_unlock(&f->lock);

	if (skb) {
		f->pending_kind = kind;
		f->pending_size = skb->truesize;
		if (kind == VAC_SKB_NOTIFY_FILL)
			skb = vac_notify_complete(skb);
	} else if (f->dump.active) {
		f->pending_kind = VAC_SKB_DUMP;
		skb = vac_dump_next(f);
	}
	if (!IS_ERR_OR_NULL(skb))
		f->pending = skb;
	return skb;
}

/* The pending message was read: it no longer counts.  Mutex held. */
static void vac_consume(struct vac_file *f)
{
	struct sk_buff *skb = f->pending;

	f->pending = NULL;
	spin_lock(&f->lock);
	switch (f->pending_kind) {
	case VAC_SKB_REPLY:
		f->reply_bytes -= f->pending_size;
		break;
	case VAC_SKB_NOTIFY:
	case VAC_SKB_NOTIFY_FILL:
		f->n_notify--;
		break;
	case VAC_SKB_OVERFLOW:
		/*
		 * The file's one marker: queued again at once if more were
		 * dropped while it was being read, else kept for the next
		 * overflow.
		 */
		if (f->dropped && !f->overflow_queued) {
			__skb_queue_tail(&f->queue, skb);
			f->overflow_queued = true;
		} else {
			f->overflow_spare = skb;
		}
		skb = NULL;
		break;
	default:
		break;
	}
	spin_unlock(&f->lock);
	consume_skb(skb);
}

static ssize_t vac_dev_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct vac_file *f = file->private_data;
	struct sk_buff *skb;
	ssize_t ret;

	for (;;) {
		if (mutex_lock_interruptible(&f->mutex))
			return -EINTR;
		/* An error first, as sock_error() in skb_recv_datagram(). */
		if (f->err) {
			ret = f->err;
			WRITE_ONCE(f->err, 0);
			mutex_unlock(&f->mutex);
			return ret;
		}
		skb = vac_next(f);
		if (skb)
			break;
		mutex_unlock(&f->mutex);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(f->wait, vac_readable(f)))
			return -ERESTARTSYS;
	}
	if (IS_ERR(skb)) {
		ret = PTR_ERR(skb);
	} else if (skb->len > count) {
		ret = -EMSGSIZE;	/* the message stays first in line */
	} else if (copy_to_user(ubuf, skb->data, skb->len)) {
		ret = -EFAULT;
	} else {
		ret = skb->len;
		vac_consume(f);
	}
	mutex_unlock(&f->mutex);
	/* Room in the queues again: writers may write (EPOLLOUT). */
	if (ret > 0)
		wake_up_interruptible(&f->wait);
	return ret;
}

static __poll_t vac_dev_poll(struct file *file, poll_table *wait)
{
	struct vac_file *f = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &f->wait, wait);
	if (READ_ONCE(f->err))
		mask |= EPOLLERR;
	if (vac_readable(f))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(f->reply_bytes) < VAC_REPLY_QUEUE_BYTES)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

/* --- open / release ------------------------------------------------------- */

static int vac_dev_open(struct inode *inode, struct file *file)
{
	struct vac_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	f->overflow_spare = vac_overflow_marker(GFP_KERNEL_ACCOUNT);
	if (!f->overflow_spare) {
		kfree(f);
		return -ENOMEM;
	}
	/* Notifications are built in a work item: charge them to us. */
	f->memcg = get_mem_cgroup_from_mm(current->mm);
	spin_lock_init(&f->lock);
	skb_queue_head_init(&f->queue);
	INIT_LIST_HEAD(&f->sub_node);
	init_waitqueue_head(&f->wait);
	mutex_init(&f->mutex);
	f->file = file;
	file->private_data = f;
	return stream_open(inode, file);
}

static int vac_dev_release(struct inode *inode, struct file *file)
{
	struct vac_file *f = file->private_data;

	vac_unsubscribe(f);	/* no notification reaches @f after this */
	__skb_queue_purge(&f->queue);
	kfree_skb(f->pending);
	kfree_skb(f->overflow_spare);
	kvfree(f->dump.infos);
	mem_cgroup_put(f->memcg);
	mutex_destroy(&f->mutex);
	kfree(f);
	return 0;
}

static const struct file_operations vac_dev_fops = {
	.owner = THIS_MODULE,
	.open = vac_dev_open,
	.release = vac_dev_release,
	.read = vac_dev_read,
	.write = vac_dev_write,
	.poll = vac_dev_poll,
	.llseek = no_llseek,
};

static struct miscdevice vac_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vac",
	.fops = &vac_dev_fops,
	/*
	 * Root only until udev applies 60-vac.rules (group kvm, as
	 * /dev/kvm): see "Who may do what" in docs/protocol.md.
	 */
	.mode = 0660,
};

/**
 * vac_dev_init() - register /dev/vac.
 *
 * Return: 0 or a negative errno from misc_register().
 */
int vac_dev_init(void)
{
	return misc_register(&vac_miscdev);
}

/**
 * vac_dev_exit() - unregister /dev/vac.  No file is open: each holds a
 * reference on the module.
 */
void vac_dev_exit(void)
{
	misc_deregister(&vac_miscdev);
}
