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
 *  - ops->flush() is called with no spinlock and not broker->lock held,
 *    and may sleep; flushes of one space are serialised by that space's
 *    flush_lock mutex, so it must not call back into the core either.
 *
 * Lock order: broker->lock -> space->lock (spaces in ascending id);
 * space->flush_lock -> space->lock.
 */
#ifndef _VAC_CORE_H
#define _VAC_CORE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/compiler.h>

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
 * @min_range: svm_asid: the smallest nonzero quota (range size) accepted;
 *	0 or 1: no minimum.
 */
struct vac_space_geometry {
	u32 first;
	u32 count;
	u32 min_range;
};

/**
 * enum vac_event_type - what the core reports through ops->notify().
 * @VAC_EV_INSTANCE_UP: an instance registered.
 * @VAC_EV_INSTANCE_DOWN: an instance unregistered.
 * @VAC_EV_QUOTA_SET: a quota entry was created or changed.
 * @VAC_EV_QUOTA_DEL: a quota entry was deleted.
 * @VAC_EV_QUOTA_EXHAUSTED: an allocation was refused by the quota.
 * @VAC_EV_INSTANCE_DRAINING: a live instance started draining.
 * @VAC_EV_INSTANCE_RESUMED: a draining instance takes new VMs again.
 *
 * Values match the notification message types of the uAPI.
 */
enum vac_event_type {
	VAC_EV_INSTANCE_UP = VAC_MSG_NOTIFY_INSTANCE_UP,
	VAC_EV_INSTANCE_DOWN = VAC_MSG_NOTIFY_INSTANCE_DOWN,
	VAC_EV_QUOTA_SET = VAC_MSG_NOTIFY_QUOTA_SET,
	VAC_EV_QUOTA_DEL = VAC_MSG_NOTIFY_QUOTA_DEL,
	VAC_EV_QUOTA_EXHAUSTED = VAC_MSG_NOTIFY_QUOTA_EXHAUSTED,
	VAC_EV_INSTANCE_DRAINING = VAC_MSG_NOTIFY_INSTANCE_DRAINING,
	VAC_EV_INSTANCE_RESUMED = VAC_MSG_NOTIFY_INSTANCE_RESUMED,
};

/**
 * struct vac_event - one event for ops->notify().
 * @type: what happened.
 * @name: the instance name.
 * @space: for VAC_EV_QUOTA_EXHAUSTED, the space; otherwise -1.
 * @quota: for VAC_EV_QUOTA_EXHAUSTED, the quota in @space.
 * @used: for VAC_EV_QUOTA_EXHAUSTED, the tags used in @space.
 * @exhausted: for VAC_EV_QUOTA_EXHAUSTED, the refusals counted in @space
 *	so far, this one included: a listener told of the latest event only
 *	(events are coalesced) still learns how many there were.
 * @vms: for VAC_EV_INSTANCE_DRAINING, the VMs still running on it.
 * @vcpus: for VAC_EV_INSTANCE_DRAINING, their vCPUs.
 */
struct vac_event {
	enum vac_event_type type;
	char name[VAC_NAME_LEN];
	int space;
	u32 quota;
	u32 used;
	u32 exhausted;
	u32 vms;
	u32 vcpus;
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
 * struct vac_instance_id - what an instance module says it is.
 * @version: its MODULE_VERSION, or "".
 * @srcversion: its srcversion (modpost's hash of its sources), or "".
 */
struct vac_instance_id {
	char version[VAC_VERSION_LEN];
	char srcversion[VAC_SRCVERSION_LEN];
};

/**
 * struct vac_entry_info - a snapshot of one quota entry / instance.
 * @name: the instance name.
 * @state: VAC_STATE_CONFIGURED or VAC_STATE_LIVE.
 * @draining: the live instance takes no new VMs.
 * @vms: VMs of the live instance.
 * @vcpus: vCPUs of those VMs.
 * @id: what the live instance's module is ("" when not live).
 * @space: per-space figures, indexed by enum vac_space_id.
 */
struct vac_entry_info {
	char name[VAC_NAME_LEN];
	enum vac_instance_state state;
	bool draining;
	u32 vms;
	u32 vcpus;
	struct vac_instance_id id;
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

/**
 * vac_broker_create() - create a broker for this host's tag spaces.
 * @geo: geometry of each space, indexed by enum vac_space_id; a space with
 *	@count 0 is absent.
 * @ops: callbacks (copied; may be NULL: no events, and deferred-reclaim
 *	spaces then never recycle, every allocation that finds the space full
 *	failing with -EBUSY).
 * @priv: the embedder's pointer, returned by vac_broker_priv().
 *
 * Context: process context, may sleep.
 * Return: the broker, or ERR_PTR(-EINVAL) for a geometry that overflows u32,
 * ERR_PTR(-ENOMEM).
 */
struct vac_broker *vac_broker_create(const struct vac_space_geometry *geo,
				     const struct vac_broker_ops *ops,
				     void *priv);

/**
 * vac_broker_destroy() - free a broker and all its quota entries.
 * @b: the broker, or NULL.
 *
 * Instances still registered are unregistered first (their tags released,
 * an error logged).  No other core call may run concurrently.
 * Context: process context, may sleep.
 */
void vac_broker_destroy(struct vac_broker *b);

/**
 * vac_broker_priv() - the @priv given to vac_broker_create().
 * @b: the broker.
 * Return: that pointer.
 */
void *vac_broker_priv(struct vac_broker *b);

/**
 * vac_resources_get() - snapshot every space's figures.
 * @b: the broker.
 * @info: filled, indexed by enum vac_space_id.
 *
 * Context: process context (takes broker->lock, then each space->lock).
 */
void vac_resources_get(struct vac_broker *b,
		       struct vac_space_info info[VAC_SPACE_COUNT]);

/**
 * vac_space_name() - name of a space as used in messages, sysfs and vacctl.
 * @space: the space.
 * Return: "vpid", "svm_asid", "sev_asid", "sev_es_asid", or "unknown".
 */
const char *vac_space_name(enum vac_space_id space);

/**
 * vac_space_by_name() - inverse of vac_space_name().
 * @name: a space name.
 * Return: the enum vac_space_id, or -EINVAL.
 */
int vac_space_by_name(const char *name);

/* name.c */

/**
 * vac_name_validate() - check an instance name.
 * @name: the name (may be NULL).
 * @ea: receives the reason on failure; may be NULL.
 *
 * A name is 1 to VAC_NAME_LEN - 1 characters from [a-z0-9_-] and starts
 * with a letter or a digit.
 * Return: 0, or -EINVAL with a message saying what is wrong (empty, too
 * long, or which character at which position).
 */
int vac_name_validate(const char *name, struct vac_extack *ea);

/* quota.c */

/**
 * vac_quota_set() - create or change the quota entry of @name.
 * @b: the broker.
 * @name: instance name; the entry is created if it does not exist.
 * @req: the spaces to change (@req->mask) and their new quotas.
 * @ea: receives the reason on failure; may be NULL.
 *
 * All or nothing: either every space in @req->mask changes or none does.
 * For svm_asid on a live instance the new size is stored as pending and
 * applied at the next registration; both the range in force and the
 * pending size stay reserved until then.  Fires VAC_EV_QUOTA_SET.
 * Context: process context, may sleep (takes broker->lock).
 * Return: 0; -EINVAL (bad name, unknown space bit); -EOPNOTSUPP (quota > 0
 * in a space this host lacks); -ERANGE (quota above the capacity);
 * -ENOSPC (the sum of the space's quotas would exceed its capacity, or
 * VAC_ENTRIES_MAX entries exist); -EBUSY (below the tags in use);
 * -ENOMEM.
 */
int vac_quota_set(struct vac_broker *b, const char *name,
		  const struct vac_quota_req *req, struct vac_extack *ea);

/**
 * vac_quota_del() - delete the quota entry of @name.
 * @b: the broker.
 * @name: instance name.
 * @ea: receives the reason on failure; may be NULL.
 *
 * Fires VAC_EV_QUOTA_DEL; the entry is freed after an RCU grace period.
 * Context: process context, may sleep.
 * Return: 0; -EINVAL (bad name); -ENOENT (no such entry); -EBUSY (the
 * instance is registered).
 */
int vac_quota_del(struct vac_broker *b, const char *name,
		  struct vac_extack *ea);

/**
 * vac_quota_get() - snapshot the entry of @name.
 * @b: the broker.
 * @name: instance name.
 * @info: filled on success.
 * @ea: receives the reason on failure; may be NULL.
 *
 * Looks the entry up under rcu_read_lock(); each space's figures are
 * read under that space's lock, so they are consistent per space.
 * Context: process context; does not sleep (space->lock is a plain
 * spin_lock(), so not from hard or soft interrupts).
 * Return: 0; -EINVAL (bad name); -ENOENT (no such entry).
 */
int vac_quota_get(struct vac_broker *b, const char *name,
		  struct vac_entry_info *info, struct vac_extack *ea);

/**
 * vac_quota_snapshot() - snapshot every entry, for dumps.
 * @b: the broker.
 * @live_only: only registered instances.
 * @infos: receives an array allocated with kvcalloc(), or NULL when there
 *	are no entries; the caller frees it with kvfree().
 * @gfp: flags for the array: the caller charges it (__GFP_ACCOUNT) to
 *	whoever holds it, e.g. the user reading a dump.
 *
 * Entries appear in creation order.
 * Context: process context, may sleep.
 * Return: the number of entries in *@infos, or -ENOMEM.
 */
int vac_quota_snapshot(struct vac_broker *b, bool live_only,
		       struct vac_entry_info **infos, gfp_t gfp);

/* instance.c */

/**
 * vac_instance_register() - bind an instance module to its quota entry.
 * @b: the broker.
 * @name: instance name; a quota entry must exist.
 * @priv: the embedder's pointer, returned by vac_instance_priv().
 * @id: what the module is (shown in dumps and sysfs while live); may be
 *	NULL.
 * @ea: receives the reason on failure; may be NULL.
 *
 * Applies a pending svm_asid size and carves the svm_asid range (best
 * fit).  The entry becomes VAC_STATE_LIVE; fires VAC_EV_INSTANCE_UP.
 * Context: process context, may sleep.
 * Return: the entry, or ERR_PTR(): -EINVAL (bad name), -ENOENT (no quota
 * entry), -EEXIST (already registered), -ENOSPC (no hole fits the
 * svm_asid range; the message gives the largest hole), -ENOMEM.
 */
struct vac_entry *vac_instance_register(struct vac_broker *b,
					const char *name, void *priv,
					const struct vac_instance_id *id,
					struct vac_extack *ea);

/**
 * vac_instance_unregister() - unbind an instance; its entry stays.
 * @inst: the entry returned by vac_instance_register().
 *
 * Every tag the instance still holds is released (a leak is logged, not
 * WARNed): vpid tags become free and stale, SEV / SEV-ES tags go to the
 * deferred-reclaim set.  The svm_asid range is released and a pending size
 * becomes the quota.  The entry returns to VAC_STATE_CONFIGURED; fires
 * VAC_EV_INSTANCE_DOWN.  @inst must not be used for tags afterwards
 * (vac_tag_alloc() would fail with -ENODEV).
 * Context: process context, may sleep.
 */
void vac_instance_unregister(struct vac_entry *inst);

/**
 * vac_instance_name() - the name of an entry.
 * @inst: the entry.
 * Return: its NUL-terminated name, valid as long as the entry.
 */
const char *vac_instance_name(const struct vac_entry *inst);

/**
 * vac_instance_priv() - the @priv given to vac_instance_register().
 * @inst: the entry.
 * Return: that pointer (NULL when not registered).
 */
void *vac_instance_priv(const struct vac_entry *inst);

/**
 * vac_instance_range() - the tags an instance may use in a space.
 * @inst: a registered entry.
 * @space: the space.
 * @first: receives the first tag.
 * @last: receives the last tag.
 *
 * svm_asid: the carved range; other spaces: the whole space (tags come
 * from vac_tag_alloc()).  Both 0 when there is none (no range carved,
 * absent space, bad @space).
 */
void vac_instance_range(const struct vac_entry *inst, enum vac_space_id space,
			u32 *first, u32 *last);

/**
 * vac_instance_set_draining() - stop or restart new VMs on an instance.
 * @b: the broker.
 * @name: a live instance.
 * @draining: true: vac_instance_vm_add() fails from now on (VMs already
 *	running are untouched); false: it succeeds again.
 * @ea: receives the reason on failure; may be NULL.
 *
 * Once this returns, no VM is added to a draining instance: the VMs it
 * still counts are all there will be.  A change fires
 * VAC_EV_INSTANCE_DRAINING (with the VMs and vCPUs still running) or
 * VAC_EV_INSTANCE_RESUMED; setting the state the instance has already
 * fires nothing.  Unregistering ends draining.
 * Context: process context, may sleep.
 * Return: 0; -EINVAL (bad name); -ENOENT (no such entry, or not live).
 */
int vac_instance_set_draining(struct vac_broker *b, const char *name,
			      bool draining, struct vac_extack *ea);

/**
 * vac_instance_vm_add() - count a VM the instance is about to create.
 * @inst: a registered entry.
 *
 * Context: any context that may take a spinlock.
 * Return: 0, or -EBUSY while the instance is draining (nothing counted).
 */
int vac_instance_vm_add(struct vac_entry *inst);

/**
 * vac_instance_vm_del() - uncount a VM (created, or whose creation failed).
 * @inst: the entry vac_instance_vm_add() counted it on.
 */
void vac_instance_vm_del(struct vac_entry *inst);

/**
 * vac_instance_vcpus_add() - count vCPUs created or destroyed.
 * @inst: a registered entry.
 * @n: +1 for a vCPU created, -N for N destroyed.
 */
void vac_instance_vcpus_add(struct vac_entry *inst, int n);

/* tags.c */

/**
 * vac_tag_alloc() - charge one tag of @space to @inst.
 * @inst: a registered entry.
 * @space: VAC_SPACE_VPID, VAC_SPACE_SEV_ASID or VAC_SPACE_SEV_ES_ASID
 *	(svm_asid is a range, see vac_instance_range()).
 * @tag: receives the tag.
 * @needs_flush: receives true when the tag's previous owner may have left
 *	translations behind and the new owner must flush them before first
 *	use on each CPU (vpid: KVM does, at a VMCS's first load on a CPU);
 *	may be NULL.
 *
 * Tags are unique host-wide.  The search is bounded: a summary bitmap of
 * full words and a rotating hint, never a scan of the whole bitmap.  In a
 * deferred-reclaim space (SEV, SEV-ES), when no tag is free, ops->flush()
 * is called once, with no spinlock held, and the tags that were in reclaim
 * when it started become free if it succeeds (as KVM 6.1's
 * __sev_recycle_asids()); one of them is taken for @inst as they are
 * freed, so no other instance can take them all first: under its quota,
 * @inst gets a tag whenever the flush succeeds.
 * Context: process context; may sleep in a deferred-reclaim space.
 * Return: 0; -EDQUOT (quota full: fires VAC_EV_QUOTA_EXHAUSTED and counts
 * it in exhausted); -EBUSY (every free tag is awaiting a flush that failed
 * or was not possible); -ENODEV (@inst not registered, or space absent);
 * -EINVAL (bad @space).
 */
int vac_tag_alloc(struct vac_entry *inst, enum vac_space_id space, u32 *tag,
		  bool *needs_flush);

/**
 * vac_tag_free() - uncharge a tag @inst holds.
 * @inst: a registered entry.
 * @space: the tag's space.
 * @tag: the tag.
 *
 * vpid: the tag is free at once and marked stale (its next owner is told
 * to flush).  SEV / SEV-ES: the tag goes to the reclaim set until the next
 * successful ops->flush().
 * Context: process context; does not sleep (space->lock is a plain
 * spin_lock(), so not from hard or soft interrupts).
 * Return: 0, or -EINVAL (logged with pr_err, nothing changed) when @inst
 * does not hold @tag or @space is bad.
 */
int vac_tag_free(struct vac_entry *inst, enum vac_space_id space, u32 tag);

/**
 * vac_space_flush_reclaim() - flush a deferred-reclaim space now.
 * @b: the broker.
 * @space: VAC_SPACE_SEV_ASID or VAC_SPACE_SEV_ES_ASID.
 * @inst: passed to ops->flush() (whose flush code to use); may be NULL.
 *
 * Allocation flushes only when it finds no free tag.  This flushes
 * whatever is in reclaim at once: for when the code able to flush is
 * about to go away (the last SEV-capable instance unregisters), so that
 * nothing is left needing a flush nobody can do - the next SEV user,
 * even a stock kvm-amd, would find the firmware demanding DF_FLUSH.
 * Nothing in reclaim: ops->flush() is not called.
 *
 * Context: process context; may sleep.
 * Return: 0 (flushed, or nothing to flush), -EINVAL (not such a space),
 * -EOPNOTSUPP (no ops->flush), or the flush's error (the tags stay in
 * reclaim, logged).
 */
int vac_space_flush_reclaim(struct vac_broker *b, enum vac_space_id space,
			    struct vac_entry *inst);

/* check.c */

/**
 * vac_check() - verify the broker's invariants.
 * @b: the broker.
 * @ea: receives the first violation; may be NULL.
 *
 * Every tag is held by at most one instance and is marked busy; per entry,
 * used equals the tags held and used <= quota; svm_asid ranges are
 * disjoint, inside the space and exactly the busy slots; the summary
 * bitmaps match; each space's reserved sum is the sum of its quotas and
 * at most its capacity.
 * Context: process context, may sleep.
 * Return: 0, -EUCLEAN on the first violation (also logged), or -ENOMEM.
 */
int vac_check(struct vac_broker *b, struct vac_extack *ea);

/*
 * ---- Core internals -------------------------------------------------
 * Shared by broker.c .. check.c and inspected by tests/unit; the rest of
 * vac.ko uses only the functions above.
 */

/** VAC_ENTRIES_MAX - most quota entries one broker holds. */
#define VAC_ENTRIES_MAX	1024

/**
 * struct vac_space - one tag space.
 * @lock: protects the bitmaps, @used, @hint and every entry's figures in
 *	this space (quota, pending, used, exhausted, range, owned).
 * @flush_lock: serialises deferred-reclaim flushes of this space; held
 *	across ops->flush(), never with @lock or broker->lock held.
 * @id: which space.
 * @first: lowest tag.
 * @count: number of tags (0: absent).
 * @reserved: sum of the entries' quotas (svm_asid: of max(quota,
 *	pending)); broker->lock.
 * @used: tags held by instances (svm_asid: carved slots).
 * @hint: index where the next search starts (rotating).
 * @busy: bit set = not allocatable: held, in reclaim, being flushed, or
 *	(svm_asid) carved.
 * @full: summary: bit w set = word w of @busy is full.
 * @stale: vpid: freed since last held; the next holder must flush.
 * @reclaim: deferred reclaim: freed, waiting for the next flush.
 * @flushing: deferred reclaim: covered by the flush in progress.
 * @flushes: successful flushes.
 * @flush_failures: failed flushes.
 */
struct vac_space {
	spinlock_t lock;		/* bitmaps and used counts */
	struct mutex flush_lock;	/* one deferred-reclaim flush */
	enum vac_space_id id;
	u32 first;
	u32 count;
	u32 min_range;
	u32 reserved;
	u32 used;
	u32 hint;
	unsigned long *busy;
	unsigned long *full;
	unsigned long *stale;
	unsigned long *reclaim;
	unsigned long *flushing;
	u64 flushes;
	u64 flush_failures;
};

/**
 * struct vac_entry_space - an entry's figures in one space (space->lock).
 * @quota: maximum count; svm_asid: the range size in force.
 * @pending: svm_asid: size for the next registration (== @quota when
 *	nothing is pending).
 * @used: tags held; svm_asid: size of the carved range.
 * @exhausted: allocations refused by the quota.
 * @range_first: svm_asid: index (from space->first) of the carved range.
 * @owned: tag spaces, while live: bit set = tag held by this entry.
 */
struct vac_entry_space {
	u32 quota;
	u32 pending;
	u32 used;
	u32 exhausted;
	u32 range_first;
	unsigned long *owned;
};

/**
 * struct vac_entry - a quota entry, and the instance once registered.
 * @node: in broker->entries (RCU list; changed under broker->lock).
 * @rcu: for freeing after a grace period.
 * @broker: the owning broker.
 * @name: instance name.
 * @state: VAC_STATE_*; written under broker->lock, read with READ_ONCE().
 * @priv: embedder's pointer while registered.
 * @load_lock: @draining, @vms, @vcpus and @id; taken alone or inside
 *	broker->lock.
 * @draining: the live instance takes no new VMs; cleared when it
 *	unregisters.
 * @vms: VMs the live instance runs (vac_instance_vm_add()).
 * @vcpus: vCPUs of those VMs.
 * @id: the live instance's module (vac_instance_register()), "" when not
 *	live; written under broker->lock and @load_lock, copied under
 *	@load_lock.
 * @sp: per-space figures.
 */
struct vac_entry {
	struct list_head node;
	struct rcu_head rcu;
	struct vac_broker *broker;
	char name[VAC_NAME_LEN];
	enum vac_instance_state state;
	void *priv;
	spinlock_t load_lock;
	bool draining;
	u32 vms;
	u32 vcpus;
	struct vac_instance_id id;
	struct vac_entry_space sp[VAC_SPACE_COUNT];
};

/**
 * struct vac_broker - the broker.
 * @lock: configuration mutex (see the top of this file).
 * @entries: quota entries, in creation order.
 * @nr_entries: length of @entries.
 * @ops: the embedder's callbacks.
 * @priv: the embedder's pointer.
 * @space: the spaces.
 */
struct vac_broker {
	struct mutex lock;		/* configuration */
	struct list_head entries;
	unsigned int nr_entries;
	struct vac_broker_ops ops;
	void *priv;
	struct vac_space space[VAC_SPACE_COUNT];
};

/* broker.c: helpers shared by the core files. */

/**
 * vac_extack_set() - record why a call failed.
 * @ea: the report, or NULL (the message is then logged with pr_info()).
 * @space: the space the error is about, or -1.
 * @fmt: printf format of the message (truncated to VAC_EXTACK_LEN - 1).
 */
__printf(3, 4)
void vac_extack_set(struct vac_extack *ea, int space, const char *fmt, ...);

/**
 * vac_extack_reset() - mark a report as "no error" (empty message).
 * @ea: the report, or NULL.
 */
void vac_extack_reset(struct vac_extack *ea);

/**
 * vac_entry_find() - look a quota entry up by name.
 * @b: the broker.
 * @name: instance name.
 *
 * Context: broker->lock or rcu_read_lock() held.
 * Return: the entry, or NULL.
 */
struct vac_entry *vac_entry_find(struct vac_broker *b, const char *name);

/**
 * vac_event_fire() - report an event through ops->notify(), if any.
 * @b: the broker.
 * @type: what happened.
 * @name: the instance name.
 * @space: VAC_EV_QUOTA_EXHAUSTED: the space; otherwise -1.
 * @quota: VAC_EV_QUOTA_EXHAUSTED: the quota in @space.
 * @used: VAC_EV_QUOTA_EXHAUSTED: the tags used in @space.
 * @exhausted: VAC_EV_QUOTA_EXHAUSTED: the refusals counted in @space.
 *
 * Context: no space->lock held.
 */
void vac_event_fire(struct vac_broker *b, enum vac_event_type type,
		    const char *name, int space, u32 quota, u32 used,
		    u32 exhausted);

/**
 * vac_event_send() - report @ev, named @name, through ops->notify().
 * @b: the broker.
 * @ev: the event, any name in it is replaced.
 * @name: the instance name.
 *
 * For events vac_event_fire()'s arguments do not cover.
 * Context: no space->lock held.
 */
void vac_event_send(struct vac_broker *b, struct vac_event *ev,
		    const char *name);

/**
 * vac_space_is_range() - is @space handed out as one range per instance?
 * @space: the space.
 * Return: true for svm_asid.
 */
bool vac_space_is_range(enum vac_space_id space);

/**
 * vac_space_is_deferred() - are freed tags of @space reclaimed by a flush?
 * @space: the space.
 * Return: true for sev_asid and sev_es_asid.
 */
bool vac_space_is_deferred(enum vac_space_id space);

/**
 * vac_entry_reserve() - what @e takes out of @space's capacity.
 * @e: the entry.
 * @space: the space.
 * Return: the quota; for svm_asid, max(quota in force, pending).
 */
u32 vac_entry_reserve(const struct vac_entry *e, enum vac_space_id space);

/* range.c: svm_asid range carving. */

/**
 * vac_range_find() - pick where a range of @size goes (best fit).
 * @sp: the svm_asid space.
 * @size: slots wanted; 0 always succeeds with *@first = 0.
 * @first: receives the index (from @sp->first) of the range.
 * @ea: receives the reason on failure; may be NULL.
 *
 * Context: broker->lock held.
 * Return: 0, or -ENOSPC with the largest hole in the message.
 */
int vac_range_find(struct vac_space *sp, u32 size, u32 *first,
		   struct vac_extack *ea);

/**
 * vac_range_mark() - carve or release a range.
 * @sp: the svm_asid space.
 * @first: index of the range.
 * @size: its size (0: nothing to do).
 * @carve: true to carve, false to release.
 *
 * Context: broker->lock and @sp->lock held.
 */
void vac_range_mark(struct vac_space *sp, u32 first, u32 size, bool carve);

/**
 * vac_range_largest_hole() - size of the largest free run of @sp.
 * @sp: the svm_asid space.
 *
 * Context: broker->lock held.
 * Return: the size, 0 when full or absent.
 */
u32 vac_range_largest_hole(struct vac_space *sp);

/* tags.c: summary maintenance and bulk release. */

/**
 * vac_space_word_full() - is word @w of @sp->busy full?
 * @sp: the space.
 * @w: word index; the last word counts only the space's own bits.
 *
 * Context: @sp->lock held.
 * Return: true when every tag of that word is busy.
 */
bool vac_space_word_full(const struct vac_space *sp, unsigned long w);

/**
 * vac_space_summary_update() - recompute @sp->full for a run of tags.
 * @sp: the space.
 * @start: first tag index of the run.
 * @len: number of tags (0: nothing to do).
 *
 * Context: @sp->lock held (or broker->lock for svm_asid, see range.c).
 */
void vac_space_summary_update(struct vac_space *sp, unsigned long start,
			      unsigned long len);

/**
 * vac_tags_release_all() - give back every tag @e holds in @space.
 * @e: the entry.
 * @space: a tag space (not svm_asid) where @e has an owned bitmap.
 *
 * As vac_tag_free() for each: vpid tags become free and stale, SEV tags
 * go to reclaim.
 * Context: the space's lock held.
 * Return: how many tags there were.
 */
u32 vac_tags_release_all(struct vac_entry *e, enum vac_space_id space);

#endif /* _VAC_CORE_H */
