/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VAC broker core: tag spaces, quotas keyed by instance name, instances,
 * charge/uncharge, svm_asid range carving and the consistency check.
 *
 * The core is ordinary kernel C with no hardware access and no device or
 * sysfs code, so that tests/unit can compile these very files in userspace
 * through shim headers (as tools/testing/radix-tree does for lib/xarray.c).
 * vac.ko wraps it with /dev/vac, sysfs and the hardware side.
 *
 * Locking (details at the top of each .c file):
 *  - broker->lock (mutex) serialises configuration: quota entries, instance
 *    registration, range carving, and the reserved sums.  Sleeps.
 *  - space->lock (spinlock) protects one space's bitmaps and the per-entry
 *    used counts of that space.  Tag alloc/free take only this lock.
 *  - entries are on an RCU list: lookups may run under rcu_read_lock();
 *    an entry is freed only after a grace period.
 *  - ops->notify() is called with broker->lock possibly held but never with
 *    a space->lock held; it must not call back into the core.
 *  - ops->flush() is called with no core lock held and may sleep.
 */
#ifndef _VAC_CORE_H
#define _VAC_CORE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>

#include "../../include/uapi/vac.h"

struct vac_broker;
struct vac_entry;

/** VAC_EXTACK_LEN - size of an error message buffer, including the NUL. */
#define VAC_EXTACK_LEN	128

/**
 * struct vac_extack - error report of a core call, for the extended ack.
 * @msg: human-readable reason, empty when the call succeeded.
 * @space: space the error is about, or -1.
 */
struct vac_extack {
	char msg[VAC_EXTACK_LEN];
	int space;
};

/**
 * struct vac_space_geometry - tags a space offers on this host.
 * @first: lowest tag.
 * @count: number of tags, @first .. @first + @count - 1; 0 if absent.
 */
struct vac_space_geometry {
	u32 first;
	u32 count;
};

/**
 * enum vac_event_type - what the core reports through ops->notify().
 * Values match the notification message types of the uAPI.
 */
enum vac_event_type {
	VAC_EV_INSTANCE_UP = VAC_MSG_NOTIFY_INSTANCE_UP,
	VAC_EV_INSTANCE_DOWN = VAC_MSG_NOTIFY_INSTANCE_DOWN,
	VAC_EV_QUOTA_SET = VAC_MSG_NOTIFY_QUOTA_SET,
	VAC_EV_QUOTA_DEL = VAC_MSG_NOTIFY_QUOTA_DEL,
	VAC_EV_QUOTA_EXHAUSTED = VAC_MSG_NOTIFY_QUOTA_EXHAUSTED,
};

/**
 * struct vac_event - one event for ops->notify().
 * @type: what happened.
 * @name: the instance name.
 * @space: for VAC_EV_QUOTA_EXHAUSTED, the space; otherwise -1.
 * @quota: for VAC_EV_QUOTA_EXHAUSTED, the quota in @space.
 * @used: for VAC_EV_QUOTA_EXHAUSTED, the tags used in @space.
 */
struct vac_event {
	enum vac_event_type type;
	char name[VAC_NAME_LEN];
	int space;
	u32 quota;
	u32 used;
};

/**
 * struct vac_broker_ops - what the embedding (vac.ko, or a test) provides.
 * @notify: report an event.  Must not sleep and must not call the core.
 * @flush: make tags in deferred reclaim reusable (SEV: WBINVD on all CPUs
 *	and DF_FLUSH), on behalf of @inst.  May sleep.  Return 0 on success;
 *	on failure the tags stay in reclaim.
 */
struct vac_broker_ops {
	void (*notify)(struct vac_broker *b, const struct vac_event *ev);
	int (*flush)(struct vac_broker *b, enum vac_space_id space,
		     struct vac_entry *inst);
};

/**
 * struct vac_space_info - a snapshot of one space, for reports.
 * @first: lowest tag.
 * @capacity: number of tags.
 * @reserved: sum of quotas given out in this space.
 * @used: tags (or, for svm_asid, range slots) in use.
 * @free: @capacity - @used.
 */
struct vac_space_info {
	u32 first;
	u32 capacity;
	u32 reserved;
	u32 used;
	u32 free;
};

/**
 * struct vac_entry_space_info - a snapshot of one entry in one space.
 * @quota: maximum count (svm_asid: range size in force).
 * @pending: svm_asid: range size that applies at the next registration;
 *	equal to @quota when nothing is pending.
 * @used: tags held (svm_asid: size of the carved range, 0 when not live).
 * @range_first: svm_asid: first ASID of the carved range, when live.
 * @range_last: svm_asid: last ASID of the carved range, when live.
 * @exhausted: allocations refused by the quota so far.
 */
struct vac_entry_space_info {
	u32 quota;
	u32 pending;
	u32 used;
	u32 range_first;
	u32 range_last;
	u32 exhausted;
};

/**
 * struct vac_entry_info - a snapshot of one quota entry / instance.
 * @name: the instance name.
 * @state: VAC_STATE_CONFIGURED or VAC_STATE_LIVE.
 * @space: per-space figures, indexed by enum vac_space_id.
 */
struct vac_entry_info {
	char name[VAC_NAME_LEN];
	enum vac_instance_state state;
	struct vac_entry_space_info space[VAC_SPACE_COUNT];
};

/**
 * struct vac_quota_req - a quota change.
 * @mask: bit N set if @max[N] is given for space N.
 * @max: new quota per space.
 */
struct vac_quota_req {
	unsigned long mask;
	u32 max[VAC_SPACE_COUNT];
};

/* broker.c */
struct vac_broker *vac_broker_create(const struct vac_space_geometry *geo,
				     const struct vac_broker_ops *ops,
				     void *priv);
void vac_broker_destroy(struct vac_broker *b);
void *vac_broker_priv(struct vac_broker *b);
void vac_resources_get(struct vac_broker *b,
		       struct vac_space_info info[VAC_SPACE_COUNT]);
const char *vac_space_name(enum vac_space_id space);
int vac_space_by_name(const char *name);

/* name.c */
int vac_name_validate(const char *name, struct vac_extack *ea);

/* quota.c */
int vac_quota_set(struct vac_broker *b, const char *name,
		  const struct vac_quota_req *req, struct vac_extack *ea);
int vac_quota_del(struct vac_broker *b, const char *name,
		  struct vac_extack *ea);
int vac_quota_get(struct vac_broker *b, const char *name,
		  struct vac_entry_info *info, struct vac_extack *ea);
int vac_quota_snapshot(struct vac_broker *b, bool live_only,
		       struct vac_entry_info **infos);

/* instance.c */
struct vac_entry *vac_instance_register(struct vac_broker *b,
					const char *name, void *priv,
					struct vac_extack *ea);
void vac_instance_unregister(struct vac_entry *inst);
const char *vac_instance_name(const struct vac_entry *inst);
void *vac_instance_priv(const struct vac_entry *inst);
void vac_instance_range(const struct vac_entry *inst, enum vac_space_id space,
			u32 *first, u32 *last);

/* tags.c */
int vac_tag_alloc(struct vac_entry *inst, enum vac_space_id space, u32 *tag,
		  bool *needs_flush);
int vac_tag_free(struct vac_entry *inst, enum vac_space_id space, u32 tag);

/* check.c */
int vac_check(struct vac_broker *b, struct vac_extack *ea);

#endif /* _VAC_CORE_H */
