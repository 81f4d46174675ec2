/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private glue of the /dev/vac side of vac.ko: the per-open-file state
 * (vac_dev.c), notifications (vac_notify.c) and the message builders both
 * use, and the sysfs refresh the handlers trigger (vac_sysfs.c).
 */
#ifndef _VAC_DEV_H
#define _VAC_DEV_H

#include <linux/skbuff.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/list.h>

#include "vac_core.h"

struct mem_cgroup;

/*
 * VAC_REPLY_QUEUE_BYTES - memory (skb truesize) of unread replies at which
 * write() stops taking requests: it returns a short count at a message
 * boundary, or ENOBUFS when not even the first message could run.  The
 * last message handled may add its answers (at most a reply and an ack)
 * beyond the cap.
 */
#define VAC_REPLY_QUEUE_BYTES	(16 * VAC_MSG_SIZE_MAX)

/*
 * VAC_GFP - allocations a file holds for its user (replies, dump parts and
 * snapshots): charged to the caller's memory cgroup, and allowed to fail
 * at its limit (the request is answered ENOMEM, or read() reports
 * ENOBUFS) rather than invoking the OOM killer for memory the user frees
 * by reading.
 */
#define VAC_GFP	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/* What a queued skb is; kept in skb->cb. */
enum vac_skb_kind {
	VAC_SKB_REPLY,		/* answer to a request */
	VAC_SKB_NOTIFY,		/* notification, complete */
	VAC_SKB_NOTIFY_FILL,	/* QUOTA_SET: nests added when read */
	VAC_SKB_OVERFLOW,	/* NOTIFY_OVERFLOW: count added when read */
	VAC_SKB_DUMP,		/* a part of a dump, built when read */
};

struct vac_skb_cb {
	enum vac_skb_kind kind;
};

static inline struct vac_skb_cb *vac_skb_cb(struct sk_buff *skb)
{
	return (struct vac_skb_cb *)skb->cb;
}

/**
 * struct vac_dump - a dump being read.
 * @infos: snapshot taken when the request was written.
 * @n: entries in @infos.
 * @pos: next entry to send; @n means NLMSG_DONE is next.
 * @seq: request's nlmsg_seq.
 * @pid: request's nlmsg_pid.
 * @type: request's nlmsg_type.
 * @active: a dump is in progress.
 */
struct vac_dump {
	struct vac_entry_info *infos;
	int n;
	int pos;
	u32 seq;
	u32 pid;
	u16 type;
	bool active;
};

/**
 * struct vac_file - state of one open /dev/vac.
 * @lock: protects @queue, @reply_bytes, @n_notify, @dropped,
 *	@overflow_queued, @overflow_spare.  Process context only:
 *	notifications are queued from a work item (vac_notify.c).
 * @queue: replies and notifications, in the order they are read.
 * @reply_bytes: truesize of the VAC_SKB_REPLY messages in @queue or
 *	@pending: a reply counts until it has been read.
 * @n_notify: notifications in @queue or @pending (the overflow marker
 *	excluded): one counts until it has been read.
 * @dropped: notifications dropped since the last overflow report.
 * @overflow_queued: the VAC_SKB_OVERFLOW marker is in @queue.
 * @overflow_spare: the file's VAC_SKB_OVERFLOW marker while it is neither
 *	queued nor being read; allocated at open, so that an overflow can be
 *	reported without memory.
 * @groups: VAC_GROUP_* this file receives; under vac_sub_mutex.
 * @limited: counts against VAC_SUBSCRIBERS_MAX; under vac_sub_mutex.
 * @sub_node: on the subscriber list while @groups != 0; under
 *	vac_sub_mutex.
 * @wait: readers and pollers.
 * @mutex: serialises read() and write() on this file; protects @pending
 *	and @dump.
 * @pending: the next message, already taken off @queue (or built for a
 *	dump) but not yet read, because the last read() buffer was too small.
 * @pending_kind: what @pending is (enum vac_skb_kind).
 * @pending_size: the truesize it was queued with, for a reply.
 * @err: an error for the next read() (-ENOBUFS: an answer was lost for
 *	want of memory); under @mutex.
 * @dump: the dump in progress, if any.
 * @file: the open file; its f_cred are the opener's credentials.
 * @memcg: the opener's memory cgroup, charged for what the file holds on
 *	its behalf (also notifications, built in a work item).
 */
struct vac_file {
	spinlock_t lock;		/* the queue and its counters */
	struct sk_buff_head queue;
	unsigned int reply_bytes;
	unsigned int n_notify;
	u32 dropped;
	bool overflow_queued;
	struct sk_buff *overflow_spare;
	u32 groups;
	bool limited;
	struct list_head sub_node;
	wait_queue_head_t wait;
	struct mutex mutex;		/* read/write, @pending, @dump */
	struct sk_buff *pending;
	enum vac_skb_kind pending_kind;
	unsigned int pending_size;
	int err;
	struct vac_dump dump;
	struct file *file;
	struct mem_cgroup *memcg;
};

/* vac_notify.c */
int vac_fill_entry(struct sk_buff *skb, const struct vac_entry_info *info);
size_t vac_entry_msg_size(void);
int vac_subscribe(struct vac_file *f, u32 groups);
void vac_unsubscribe(struct vac_file *f);
struct sk_buff *vac_overflow_marker(gfp_t gfp);
void vac_notify_flush(void);
struct sk_buff *vac_notify_complete(struct sk_buff *skb);

/*
 * vac_sysfs.c: bring /sys/kernel/vac/instances in line with the core, now
 * (process context, no core lock held) or soon (from a work item; callable
 * from any context).
 */
void vac_sysfs_sync(void);
void vac_sysfs_changed(void);

#endif /* _VAC_DEV_H */
