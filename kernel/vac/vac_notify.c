// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vac notifications: the broker's ops->notify, subscriptions, and the
 * quota-entry message body shared by replies, dumps and notifications.
 *
 * vac_notify() runs with the broker mutex possibly held and must not sleep
 * or call the core: it builds the message with GFP_ATOMIC and queues a
 * clone on every subscribed file under vac_sub_lock (IRQ-safe spinlock,
 * nesting each file's lock inside it).  A file holds at most
 * VAC_NOTIFY_QUEUE_MAX notifications; past that, events are counted as
 * dropped and one VAC_MSG_NOTIFY_OVERFLOW marker is queued, whose
 * VAC_A_DROPPED is filled in when it is read.  VAC_MSG_NOTIFY_QUOTA_SET
 * carries the entry's figures, which only the core can give and not under
 * its own mutex: they are added when the message is read (process context,
 * no lock held).
 */
#include <linux/slab.h>
#include <net/netlink.h>

#include "vac_internal.h"
#include "vac_dev.h"

static DEFINE_SPINLOCK(vac_sub_lock);
static LIST_HEAD(vac_subscribers);

/**
 * vac_entry_msg_size() - payload size of a quota-entry message.
 *
 * Return: an upper bound of what vac_fill_entry() adds.
 */
size_t vac_entry_msg_size(void)
{
	return nla_total_size(VAC_NAME_LEN) + nla_total_size(sizeof(u32)) +
	       VAC_SPACE_COUNT *
	       nla_total_size(7 * nla_total_size(sizeof(u32)));
}

/**
 * vac_fill_entry() - put a quota entry's attributes in a message.
 * @skb: the message being built.
 * @info: the entry.
 *
 * VAC_A_NAME, VAC_A_STATE and one VAC_A_SPACE nest per space with ID,
 * QUOTA, USED, EXHAUSTED; for svm_asid also QUOTA_PENDING and, while the
 * instance is live with a nonempty range, RANGE_FIRST and RANGE_LAST.
 *
 * Return: 0, or -EMSGSIZE if @skb is too small.
 */
int vac_fill_entry(struct sk_buff *skb, const struct vac_entry_info *info)
{
	const struct vac_entry_space_info *si;
	struct nlattr *nest;
	int s;

	if (nla_put_string(skb, VAC_A_NAME, info->name) ||
	    nla_put_u32(skb, VAC_A_STATE, info->state))
		return -EMSGSIZE;
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		si = &info->space[s];
		nest = nla_nest_start(skb, VAC_A_SPACE);
		if (!nest ||
		    nla_put_u32(skb, VAC_SPACE_A_ID, s) ||
		    nla_put_u32(skb, VAC_SPACE_A_QUOTA, si->quota) ||
		    nla_put_u32(skb, VAC_SPACE_A_USED, si->used) ||
		    nla_put_u32(skb, VAC_SPACE_A_EXHAUSTED, si->exhausted))
			return -EMSGSIZE;
		if (s == VAC_SPACE_SVM_ASID &&
		    nla_put_u32(skb, VAC_SPACE_A_QUOTA_PENDING, si->pending))
			return -EMSGSIZE;
		/* A range exists only while live, and may be empty. */
		if (s == VAC_SPACE_SVM_ASID && info->state == VAC_STATE_LIVE &&
		    si->used &&
		    (nla_put_u32(skb, VAC_SPACE_A_RANGE_FIRST,
				 si->range_first) ||
		     nla_put_u32(skb, VAC_SPACE_A_RANGE_LAST,
				 si->range_last)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/**
 * vac_subscribe() - set the notification groups of a file.
 * @f: the file.
 * @groups: VAC_GROUP_* bits; 0 unsubscribes.
 *
 * Return: 0.
 */
int vac_subscribe(struct vac_file *f, u32 groups)
{
	unsigned long flags;

	spin_lock_irqsave(&vac_sub_lock, flags);
	f->groups = groups;
	if (groups && list_empty(&f->sub_node))
		list_add_tail(&f->sub_node, &vac_subscribers);
	else if (!groups)
		list_del_init(&f->sub_node);
	spin_unlock_irqrestore(&vac_sub_lock, flags);
	return 0;
}

/**
 * vac_unsubscribe() - take a file off the subscriber list for good.
 * @f: the file, being released.
 */
void vac_unsubscribe(struct vac_file *f)
{
	vac_subscribe(f, 0);
}

/* An OVERFLOW message whose VAC_A_DROPPED is set when it is read. */
static struct sk_buff *vac_overflow_marker(void)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	skb = nlmsg_new(nla_total_size(sizeof(u32)), GFP_ATOMIC);
	if (!skb)
		return NULL;
	nlh = nlmsg_put(skb, 0, 0, VAC_MSG_NOTIFY_OVERFLOW, 0, 0);
	if (!nlh || nla_put_u32(skb, VAC_A_DROPPED, 0)) {
		kfree_skb(skb);
		return NULL;
	}
	nlmsg_end(skb, nlh);
	vac_skb_cb(skb)->kind = VAC_SKB_OVERFLOW;
	return skb;
}

/* Queue a copy of @skb on @f, or count it dropped; vac_sub_lock held. */
static void vac_file_notify(struct vac_file *f, struct sk_buff *skb,
			    enum vac_skb_kind kind)
{
	struct sk_buff *copy = NULL;
	struct sk_buff *marker;

	spin_lock(&f->lock);
	if (skb && f->n_notify < VAC_NOTIFY_QUEUE_MAX)
		copy = skb_clone(skb, GFP_ATOMIC);
	if (copy) {
		vac_skb_cb(copy)->kind = kind;
		__skb_queue_tail(&f->queue, copy);
		f->n_notify++;
	} else {
		f->dropped++;
		if (!f->overflow_queued) {
			marker = vac_overflow_marker();
			if (marker) {
				__skb_queue_tail(&f->queue, marker);
				f->overflow_queued = true;
			}
		}
	}
	spin_unlock(&f->lock);
	wake_up_interruptible(&f->wait);
}

static u32 vac_event_group(enum vac_event_type type)
{
	switch (type) {
	case VAC_EV_INSTANCE_UP:
	case VAC_EV_INSTANCE_DOWN:
		return VAC_GROUP_INSTANCE;
	default:
		return VAC_GROUP_QUOTA;
	}
}

static struct sk_buff *vac_event_msg(const struct vac_event *ev)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct nlattr *nest;

	skb = nlmsg_new(nla_total_size(VAC_NAME_LEN) +
			nla_total_size(4 * nla_total_size(sizeof(u32))),
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	nlh = nlmsg_put(skb, 0, 0, ev->type, 0, 0);
	if (!nlh || nla_put_string(skb, VAC_A_NAME, ev->name))
		goto err;
	if (ev->type == VAC_EV_QUOTA_EXHAUSTED && ev->space >= 0 &&
	    ev->space < VAC_SPACE_COUNT) {
		nest = nla_nest_start(skb, VAC_A_SPACE);
		if (!nest ||
		    nla_put_u32(skb, VAC_SPACE_A_ID, ev->space) ||
		    nla_put_u32(skb, VAC_SPACE_A_QUOTA, ev->quota) ||
		    nla_put_u32(skb, VAC_SPACE_A_USED, ev->used) ||
		    nla_put_u32(skb, VAC_SPACE_A_EXHAUSTED, ev->exhausted))
			goto err;
		nla_nest_end(skb, nest);
	}
	nlmsg_end(skb, nlh);
	return skb;
err:
	kfree_skb(skb);
	return NULL;
}

/**
 * vac_notify() - the broker's ops->notify: queue an event to subscribers.
 * @b: the broker.
 * @ev: what happened.
 *
 * Does not sleep; may run under the broker mutex.  Also asks sysfs to
 * refresh its instance directories (from a work item).
 */
void vac_notify(struct vac_broker *b, const struct vac_event *ev)
{
	enum vac_skb_kind kind = VAC_SKB_NOTIFY;
	u32 group = vac_event_group(ev->type);
	struct sk_buff *skb = NULL;
	struct vac_file *f;
	unsigned long flags;

	if (ev->type != VAC_EV_QUOTA_EXHAUSTED)
		vac_sysfs_changed();
	if (ev->type == VAC_EV_QUOTA_SET)
		kind = VAC_SKB_NOTIFY_FILL;

	spin_lock_irqsave(&vac_sub_lock, flags);
	list_for_each_entry(f, &vac_subscribers, sub_node) {
		if (!(f->groups & group))
			continue;
		if (!skb) {
			skb = vac_event_msg(ev);
			if (!skb) {
				/* No memory: every subscriber loses it. */
				vac_file_notify(f, NULL, kind);
				continue;
			}
		}
		vac_file_notify(f, skb, kind);
	}
	spin_unlock_irqrestore(&vac_sub_lock, flags);
	consume_skb(skb);
}

/**
 * vac_notify_complete() - add the entry's figures to a QUOTA_SET message.
 * @skb: the queued message (VAC_A_NAME only); consumed.
 *
 * Called from read(), in process context with no core lock held.  If the
 * entry is gone by now, the message goes out with VAC_A_NAME only.
 *
 * Return: the message to read.
 */
struct sk_buff *vac_notify_complete(struct sk_buff *skb)
{
	struct vac_extack ea = { .space = -1 };
	struct vac_entry_info *info;
	struct sk_buff *full = NULL;
	const struct nlattr *name;
	struct nlmsghdr *nlh;

	name = nlmsg_find_attr(nlmsg_hdr(skb), 0, VAC_A_NAME);
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!name || !info)
		goto keep;
	if (vac_quota_get(vac_broker, nla_data(name), info, &ea))
		goto keep;
	full = nlmsg_new(vac_entry_msg_size(), GFP_KERNEL);
	if (!full)
		goto keep;
	nlh = nlmsg_put(full, 0, 0, VAC_MSG_NOTIFY_QUOTA_SET, 0, 0);
	if (!nlh || vac_fill_entry(full, info)) {
		kfree_skb(full);
		goto keep;
	}
	nlmsg_end(full, nlh);
	kfree(info);
	consume_skb(skb);
	return full;
keep:
	kfree(info);
	return skb;
}
