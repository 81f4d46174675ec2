// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vac notifications: the broker's ops->notify, subscriptions, and the
 * quota-entry message body shared by replies, dumps and notifications.
 *
 * Events come from anywhere: under the broker mutex, and from any user of
 * /dev/kvm-NAME whose vCPU creation or SEV launch is refused by its quota
 * (QUOTA_EXHAUSTED), as often as that user likes.  So vac_notify() only
 * records the event in a small fixed ring (vac_events, an IRQ-safe
 * spinlock; no allocation, no per-subscriber work) and schedules
 * vac_notify_work.  The messages are built and queued later in process
 * context, by that work item or by a writer of /dev/vac that flushes the
 * ring before answering its own request (so a change made through
 * /dev/vac is seen by subscribers before its answer), in both cases under
 * vac_sub_mutex, which also guards the subscriber list: a file leaves the
 * list under it before it is freed.
 *
 * Each subscriber gets its own copy of a message, allocated with
 * __GFP_ACCOUNT as its opener's memory cgroup (set_active_memcg()), since
 * it pins the memory until it reads.  A file holds at most
 * VAC_NOTIFY_QUEUE_MAX notifications; past that, or when a copy cannot be
 * allocated, events are counted as dropped and the file's one
 * VAC_MSG_NOTIFY_OVERFLOW marker (allocated at open, so that an overflow
 * can always be reported) is queued, its VAC_A_DROPPED filled in when it
 * is read.  If the ring itself is full, the event is counted as lost on
 * the newest record and reported as dropped to the files of its group
 * when that record is delivered.
 *
 * QUOTA_EXHAUSTED is coalesced per (instance, space): an event that finds
 * one for the same pair still in the ring, or still unread in a file's
 * queue, updates its figures (QUOTA, USED, and EXHAUSTED, the count of
 * refusals so far) in place instead of adding a message.  A flood of
 * refusals thus costs a subscriber one message per pair, and the last
 * figures are always delivered.
 *
 * VAC_MSG_NOTIFY_QUOTA_SET carries the entry's figures, which only the
 * core can give: they are added when the message is read (process
 * context, no lock held).
 *
 * At most VAC_SUBSCRIBERS_MAX files opened without CAP_SYS_ADMIN are
 * subscribed at a time, host-wide: each event costs work and memory per
 * subscriber, and unprivileged users must not make that unbounded.  Files
 * an administrator opened do not count, so that users cannot lock the
 * administrator's monitoring out.
 */
#include <linux/capability.h>
#include <linux/memcontrol.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/netlink.h>

#include "vac_internal.h"
#include "vac_dev.h"

/* Events recorded and not yet delivered; few: they are delivered soon. */
#define VAC_EVENT_RING		64

/* Group bits, as indices of vac_event_rec.lost. */
#define VAC_GROUP_BITS		2

/**
 * struct vac_event_rec - an event waiting to be delivered.
 * @ev: the event (for QUOTA_EXHAUSTED, the latest of those coalesced).
 * @lost: events of each group (index: bit of VAC_GROUP_*) that came after
 *	this one while the ring was full.
 */
struct vac_event_rec {
	struct vac_event ev;
	u32 lost[VAC_GROUP_BITS];
};

static struct {
	spinlock_t lock;	/* IRQ-safe: vac_notify() runs anywhere */
	unsigned int head;
	unsigned int len;
	struct vac_event_rec rec[VAC_EVENT_RING];
} vac_events = {
	.lock = __SPIN_LOCK_UNLOCKED(vac_events.lock),
};

static void vac_notify_workfn(struct work_struct *work);
static DECLARE_WORK(vac_notify_work, vac_notify_workfn);

/* Guards vac_subscribers, vac_nr_limited, every file's @groups. */
static DEFINE_MUTEX(vac_sub_mutex);
static LIST_HEAD(vac_subscribers);
/* Subscribed files that count against VAC_SUBSCRIBERS_MAX. */
static unsigned int vac_nr_limited;

/**
 * vac_entry_msg_size() - payload size of a quota-entry message.
 *
 * Return: an upper bound of what vac_fill_entry() adds.
 */
size_t vac_entry_msg_size(void)
{
	return nla_total_size(VAC_NAME_LEN) + 4 * nla_total_size(sizeof(u32)) +
	       nla_total_size(VAC_VERSION_LEN) +
	       nla_total_size(VAC_SRCVERSION_LEN) +
	       VAC_SPACE_COUNT *
	       nla_total_size(7 * nla_total_size(sizeof(u32)));
}

/**
 * vac_fill_entry() - put a quota entry's attributes in a message.
 * @skb: the message being built.
 * @info: the entry.
 *
 * VAC_A_NAME, VAC_A_STATE, VAC_A_DRAINING, VAC_A_VMS, VAC_A_VCPUS, the
 * module's VAC_A_MODULE_VERSION and VAC_A_SRCVERSION when it has them, and
 * one VAC_A_SPACE nest per space with ID,
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
	    nla_put_u32(skb, VAC_A_STATE, info->state) ||
	    nla_put_u32(skb, VAC_A_DRAINING, info->draining) ||
	    nla_put_u32(skb, VAC_A_VMS, info->vms) ||
	    nla_put_u32(skb, VAC_A_VCPUS, info->vcpus))
		return -EMSGSIZE;
	if (info->id.version[0] &&
	    nla_put_string(skb, VAC_A_MODULE_VERSION, info->id.version))
		return -EMSGSIZE;
	if (info->id.srcversion[0] &&
	    nla_put_string(skb, VAC_A_SRCVERSION, info->id.srcversion))
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
		if (vac_space_is_range(s) &&
		    nla_put_u32(skb, VAC_SPACE_A_QUOTA_PENDING, si->pending))
			return -EMSGSIZE;
		/* A range exists only while live, and may be empty. */
		if (vac_space_is_range(s) && info->state == VAC_STATE_LIVE &&
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
 * Return: 0, or -ENOSPC when @f was opened without CAP_SYS_ADMIN and
 * VAC_SUBSCRIBERS_MAX such files are already subscribed.
 */
int vac_subscribe(struct vac_file *f, u32 groups)
{
	bool limited = groups &&
		       !file_ns_capable(f->file, &init_user_ns, CAP_SYS_ADMIN);
	int err = 0;

	mutex_lock(&vac_sub_mutex);
	if (groups && !f->groups) {
		if (limited && vac_nr_limited >= VAC_SUBSCRIBERS_MAX) {
			err = -ENOSPC;
			goto out;
		}
		list_add_tail(&f->sub_node, &vac_subscribers);
		f->limited = limited;
		vac_nr_limited += limited;
	} else if (!groups && f->groups) {
		list_del_init(&f->sub_node);
		vac_nr_limited -= f->limited;
		f->limited = false;
	}
	f->groups = groups;
out:
	mutex_unlock(&vac_sub_mutex);
	return err;
}

/**
 * vac_unsubscribe() - take a file off the subscriber list for good.
 * @f: the file, being released.
 *
 * Once this returns, no delivery touches @f any more: deliveries run
 * under vac_sub_mutex and walk the list.
 */
void vac_unsubscribe(struct vac_file *f)
{
	vac_subscribe(f, 0);
}

/**
 * vac_overflow_marker() - a file's NOTIFY_OVERFLOW message.
 * @gfp: allocation flags.
 *
 * VAC_A_DROPPED is set when the message is read.  Each file allocates its
 * marker once, at open, and reuses it after each read.
 *
 * Return: the message, or NULL without memory.
 */
struct sk_buff *vac_overflow_marker(gfp_t gfp)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	skb = nlmsg_new(nla_total_size(sizeof(u32)), gfp);
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

/* Count @n notifications dropped and queue the marker; f->lock held. */
static void vac_file_drop(struct vac_file *f, u32 n)
{
	f->dropped += n;
	if (!f->overflow_queued && f->overflow_spare) {
		__skb_queue_tail(&f->queue, f->overflow_spare);
		f->overflow_spare = NULL;
		f->overflow_queued = true;
	}
}

static u32 vac_event_group(enum vac_event_type type)
{
	switch (type) {
	case VAC_EV_INSTANCE_UP:
	case VAC_EV_INSTANCE_DOWN:
	case VAC_EV_INSTANCE_DRAINING:
	case VAC_EV_INSTANCE_RESUMED:
		return VAC_GROUP_INSTANCE;
	default:
		return VAC_GROUP_QUOTA;
	}
}

static bool vac_event_is_exhausted(const struct vac_event *ev)
{
	return ev->type == VAC_EV_QUOTA_EXHAUSTED && ev->space >= 0 &&
	       ev->space < VAC_SPACE_COUNT;
}

static struct sk_buff *vac_event_msg(const struct vac_event *ev, gfp_t gfp)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct nlattr *nest;

	skb = nlmsg_new(nla_total_size(VAC_NAME_LEN) +
			nla_total_size(4 * nla_total_size(sizeof(u32))), gfp);
	if (!skb)
		return NULL;
	nlh = nlmsg_put(skb, 0, 0, ev->type, 0, 0);
	if (!nlh || nla_put_string(skb, VAC_A_NAME, ev->name))
		goto err;
	if (ev->type == VAC_EV_INSTANCE_DRAINING &&
	    (nla_put_u32(skb, VAC_A_VMS, ev->vms) ||
	     nla_put_u32(skb, VAC_A_VCPUS, ev->vcpus)))
		goto err;
	if (vac_event_is_exhausted(ev)) {
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

/* Set the u32 attribute @type of nest @nest, if present. */
static void vac_nest_set_u32(struct nlattr *nest, int type, u32 val)
{
	struct nlattr *a = nla_find_nested(nest, type);

	if (a)
		*(u32 *)nla_data(a) = val;
}

/*
 * Coalesce: update the unread QUOTA_EXHAUSTED of the same instance and
 * space in @f's queue, if there is one.  Messages already taken off the
 * queue (f->pending) are left alone.  f->lock held.
 */
static bool vac_file_merge(struct vac_file *f, const struct vac_event *ev)
{
	struct nlattr *name, *nest, *id;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	skb_queue_walk(&f->queue, skb) {
		if (vac_skb_cb(skb)->kind != VAC_SKB_NOTIFY)
			continue;
		nlh = nlmsg_hdr(skb);
		if (nlh->nlmsg_type != VAC_MSG_NOTIFY_QUOTA_EXHAUSTED)
			continue;
		name = nlmsg_find_attr(nlh, 0, VAC_A_NAME);
		nest = nlmsg_find_attr(nlh, 0, VAC_A_SPACE);
		id = nest ? nla_find_nested(nest, VAC_SPACE_A_ID) : NULL;
		if (!name || !id || nla_get_u32(id) != ev->space ||
		    strncmp(nla_data(name), ev->name, VAC_NAME_LEN))
			continue;
		vac_nest_set_u32(nest, VAC_SPACE_A_QUOTA, ev->quota);
		vac_nest_set_u32(nest, VAC_SPACE_A_USED, ev->used);
		vac_nest_set_u32(nest, VAC_SPACE_A_EXHAUSTED, ev->exhausted);
		return true;
	}
	return false;
}

/* Queue @ev on @f, or count it dropped; vac_sub_mutex held. */
static void vac_file_notify(struct vac_file *f, const struct vac_event *ev)
{
	enum vac_skb_kind kind = VAC_SKB_NOTIFY;
	struct mem_cgroup *old_memcg;
	struct sk_buff *skb = NULL;
	bool merged = false;

	if (ev->type == VAC_EV_QUOTA_SET)
		kind = VAC_SKB_NOTIFY_FILL;
	if (vac_event_is_exhausted(ev)) {
		spin_lock(&f->lock);
		merged = vac_file_merge(f, ev);
		spin_unlock(&f->lock);
		if (merged)
			return;		/* already readable */
	}

	/*
	 * Charged to the subscriber, who pins it until read.  Fail rather
	 * than reclaim hard or OOM-kill in its cgroup on our behalf: a lost
	 * notification is reported as an overflow.
	 */
	if (READ_ONCE(f->n_notify) < VAC_NOTIFY_QUEUE_MAX) {
		old_memcg = set_active_memcg(f->memcg);
		skb = vac_event_msg(ev, GFP_KERNEL_ACCOUNT | __GFP_NORETRY |
				    __GFP_NOWARN);
		set_active_memcg(old_memcg);
	}

	spin_lock(&f->lock);
	if (skb && f->n_notify < VAC_NOTIFY_QUEUE_MAX) {
		vac_skb_cb(skb)->kind = kind;
		__skb_queue_tail(&f->queue, skb);
		f->n_notify++;
		skb = NULL;
	} else {
		vac_file_drop(f, 1);
	}
	spin_unlock(&f->lock);
	kfree_skb(skb);
	wake_up_interruptible(&f->wait);
}

/* Deliver one recorded event to the subscribers; vac_sub_mutex held. */
static void vac_event_deliver(const struct vac_event_rec *rec)
{
	u32 group = vac_event_group(rec->ev.type);
	struct vac_file *f;
	bool lost;
	int g;

	lockdep_assert_held(&vac_sub_mutex);
	list_for_each_entry(f, &vac_subscribers, sub_node) {
		if (f->groups & group)
			vac_file_notify(f, &rec->ev);
		lost = false;
		spin_lock(&f->lock);
		for (g = 0; g < VAC_GROUP_BITS; g++) {
			if (rec->lost[g] && (f->groups & BIT(g))) {
				vac_file_drop(f, rec->lost[g]);
				lost = true;
			}
		}
		spin_unlock(&f->lock);
		if (lost)
			wake_up_interruptible(&f->wait);
	}
}

/* Take the oldest recorded event, if any. */
static bool vac_event_pop(struct vac_event_rec *rec)
{
	unsigned long flags;
	bool got = false;

	spin_lock_irqsave(&vac_events.lock, flags);
	if (vac_events.len) {
		*rec = vac_events.rec[vac_events.head];
		vac_events.head = (vac_events.head + 1) % VAC_EVENT_RING;
		vac_events.len--;
		got = true;
	}
	spin_unlock_irqrestore(&vac_events.lock, flags);
	return got;
}

/**
 * vac_notify_flush() - deliver every event recorded so far.
 *
 * Called by the work item, and by /dev/vac's write() after each request
 * so that the notifications a change causes are queued before its answer.
 * Waits for a delivery already under way.
 *
 * Context: process context; may sleep.
 */
void vac_notify_flush(void)
{
	struct vac_event_rec rec;

	mutex_lock(&vac_sub_mutex);
	while (vac_event_pop(&rec))
		vac_event_deliver(&rec);
	mutex_unlock(&vac_sub_mutex);
}

static void vac_notify_workfn(struct work_struct *work)
{
	vac_notify_flush();
}

/* An undelivered QUOTA_EXHAUSTED for the pair of @ev; vac_events.lock. */
static struct vac_event_rec *
vac_event_find_exhausted(const struct vac_event *ev)
{
	struct vac_event_rec *rec;
	unsigned int i;

	for (i = 0; i < vac_events.len; i++) {
		rec = &vac_events.rec[(vac_events.head + i) % VAC_EVENT_RING];
		if (rec->ev.type == VAC_EV_QUOTA_EXHAUSTED &&
		    rec->ev.space == ev->space &&
		    !strncmp(rec->ev.name, ev->name, VAC_NAME_LEN))
			return rec;
	}
	return NULL;
}

/**
 * vac_notify() - the broker's ops->notify: record an event for subscribers.
 * @b: the broker.
 * @ev: what happened.
 *
 * Records @ev (or merges a QUOTA_EXHAUSTED into the one recorded for the
 * same instance and space) and schedules its delivery.  Allocates nothing
 * and does not sleep: callable from any context, the broker mutex held
 * or not.  Also asks sysfs to refresh its instance directories (from a
 * work item).
 */
void vac_notify(struct vac_broker *b, const struct vac_event *ev)
{
	struct vac_event_rec *rec = NULL;
	unsigned long flags;

	if (ev->type != VAC_EV_QUOTA_EXHAUSTED)
		vac_sysfs_changed();

	spin_lock_irqsave(&vac_events.lock, flags);
	if (vac_event_is_exhausted(ev))
		rec = vac_event_find_exhausted(ev);
	if (rec) {
		rec->ev.quota = ev->quota;
		rec->ev.used = ev->used;
		rec->ev.exhausted = ev->exhausted;
	} else if (vac_events.len < VAC_EVENT_RING) {
		rec = &vac_events.rec[(vac_events.head + vac_events.len) %
				      VAC_EVENT_RING];
		*rec = (struct vac_event_rec) { .ev = *ev };
		vac_events.len++;
	} else {
		/* Full: the newest record carries the loss, in order. */
		rec = &vac_events.rec[(vac_events.head + vac_events.len - 1) %
				      VAC_EVENT_RING];
		rec->lost[__ffs(vac_event_group(ev->type))]++;
	}
	spin_unlock_irqrestore(&vac_events.lock, flags);
	schedule_work(&vac_notify_work);
}

/**
 * vac_notify_exit() - stop delivering, at module unload.
 *
 * Called once the broker is gone (no event can be recorded any more) and
 * no file is open: waits for a delivery under way and cancels the next.
 */
void vac_notify_exit(void)
{
	cancel_work_sync(&vac_notify_work);
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
	info = kzalloc(sizeof(*info), VAC_GFP);
	if (!name || !info)
		goto keep;
	if (vac_quota_get(vac_broker, nla_data(name), info, &ea))
		goto keep;
	full = nlmsg_new(vac_entry_msg_size(), VAC_GFP);
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
