/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvac - client library of /dev/vac, for admin tools and VMMs.
 *
 * The library speaks the /dev/vac protocol (<vac/vac_uapi.h>, installed
 * from the kernel's include/uapi/vac.h) and hides its framing: requests
 * are built and replies parsed with libnl-3, errors carry the kernel's
 * extended-ack text, notifications that arrive while a request is in
 * flight are queued for the event API.
 *
 * Conventions:
 *  - Functions returning int return 0 (or a documented count) on success
 *    and a negative errno on failure.  After a failure, vac_strerror()
 *    gives a one-line reason: the kernel's extended-ack message when
 *    /dev/vac sent one, otherwise the library's own.
 *  - Threads: the library has no global mutable state.  A handle is not
 *    locked: use one handle per thread (or serialise calls yourself).
 *    Distinct handles are independent open files of /dev/vac.
 *
 * Copyright (C) 2026 The VAC authors.
 */
#ifndef _VAC_LIBVAC_H
#define _VAC_LIBVAC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <vac/vac_uapi.h>

#ifdef __cplusplus
extern "C" {
#endif

/** LIBVAC_ERRMSG_LEN - size of the buffer behind vac_strerror(). */
#define LIBVAC_ERRMSG_LEN	256

/**
 * LIBVAC_SPACES - room for tag spaces in libvac's structures.
 *
 * Every array indexed by enum vac_space_id has LIBVAC_SPACES entries, more
 * than the VAC_SPACE_COUNT spaces of today, so that a space added later
 * (SEV-SNP, TDX, ...) takes a free index without changing any layout.  A
 * program built now loops up to its own VAC_SPACE_COUNT and never sees
 * the new space; one built later finds the entries of a space an older
 * library or kernel does not know zeroed (capacity 0, VAC_USAGE_PRESENT
 * clear).  Likewise every structure ends in reserved words, zeroed by the
 * library, which later fields take.  So the layouts below are fixed for
 * libvac.so.2 (docs/libvac.md, "ABI").
 */
#define LIBVAC_SPACES		16

/** struct vac_handle - an open file of /dev/vac (opaque). */
struct vac_handle;

/**
 * struct vac_resource - one tag space of the host (GET_RESOURCES).
 * @first: lowest tag.
 * @capacity: number of tags; 0 when the CPU lacks the space.
 * @reserved: sum of all quotas in the space.
 * @used: tags in use (range spaces, svm_asid and ga_vm_id: tags in carved
 *	ranges).
 * @free: @capacity - @used.
 * @__reserved: zero; for later fields (LIBVAC_SPACES).
 */
struct vac_resource {
	uint32_t first;
	uint32_t capacity;
	uint32_t reserved;
	uint32_t used;
	uint32_t free;
	uint32_t __reserved[3];
};

/**
 * struct vac_quota - a quota change (SET_QUOTA).
 * @mask: bit N set when @max[N] is given for space N (enum vac_space_id);
 *	spaces not in @mask keep their current quota.
 * @max: new quota per space: a maximum count, or for a range space
 *	(svm_asid, ga_vm_id) the size of the instance's range.
 * @__reserved: zero; for later fields (LIBVAC_SPACES).
 */
struct vac_quota {
	uint32_t mask;
	uint32_t max[LIBVAC_SPACES];
	uint32_t __reserved[3];
};

/* struct vac_space_usage.flags */
#define VAC_USAGE_PRESENT	(1U << 0) /* the reply described this space */
#define VAC_USAGE_PENDING	(1U << 1) /* @pending was sent */
#define VAC_USAGE_RANGE		(1U << 2) /* @range_first/@range_last sent */

/**
 * struct vac_space_usage - one quota entry in one space.
 * @flags: VAC_USAGE_*.
 * @quota: the quota in force.
 * @pending: range spaces: range size that applies at the next
 *	registration (valid with VAC_USAGE_PENDING, which the kernel sets
 *	for every range space; otherwise equal to @quota).
 * @used: tags held by the instance (range spaces: its range size when
 *	live).
 * @range_first: range spaces: first tag of the carved range
 *	(VAC_USAGE_RANGE).
 * @range_last: range spaces: last tag of the carved range
 *	(VAC_USAGE_RANGE).
 *
 * The range spaces, svm_asid and ga_vm_id, give each instance one
 * contiguous range carved when it registers; the others count tags
 * against a maximum.  VAC_USAGE_PENDING tells them apart.
 * @exhausted: allocations the quota refused so far.
 * @__reserved: zero; for later fields (LIBVAC_SPACES).
 */
struct vac_space_usage {
	uint32_t flags;
	uint32_t quota;
	uint32_t pending;
	uint32_t used;
	uint32_t range_first;
	uint32_t range_last;
	uint32_t exhausted;
	uint32_t __reserved[1];
};

/**
 * struct vac_instance - a quota entry, or a loaded instance.
 * @name: the instance name, NUL-terminated.
 * @state: VAC_STATE_CONFIGURED or VAC_STATE_LIVE.
 * @draining: 1 while the live instance is draining (vac_instance_drain():
 *	it creates no new VM), else 0.
 * @vms: VMs the live instance runs now (0 unless live).
 * @vcpus: vCPUs of those VMs.
 * @version: the live instance module's MODULE_VERSION (for instances built
 *	by VAC's kernel/kvm-instance: Debian's source version and a hash of
 *	the patch series, e.g. "6.1.192-3+vac.0123456789ab"), or "".
 * @srcversion: the live module's srcversion, or "".
 * @space: figures per space, indexed by enum vac_space_id.
 * @__reserved: zero; for later fields (LIBVAC_SPACES).
 *
 * @draining, @vms, @vcpus, @version and @srcversion are 0 / "" when the
 * kernel does not report them (a vac.ko older than the drain support).
 */
struct vac_instance {
	char name[VAC_NAME_LEN];
	uint32_t state;
	uint32_t draining;
	uint32_t vms;
	uint32_t vcpus;
	char version[VAC_VERSION_LEN];
	char srcversion[VAC_SRCVERSION_LEN];
	struct vac_space_usage space[LIBVAC_SPACES];
	uint32_t __reserved[16];
};

/**
 * struct vac_event - one decoded notification.
 * @type: the message type, VAC_MSG_NOTIFY_*.
 * @name: instance name (all types but OVERFLOW).
 * @space: QUOTA_EXHAUSTED: the space that was full; otherwise -1.
 * @quota: QUOTA_EXHAUSTED: the quota in @space.
 * @used: QUOTA_EXHAUSTED: tags used in @space.
 * @exhausted: QUOTA_EXHAUSTED: allocations refused in @space so far, this
 *	one included (the kernel coalesces these events; the count says how
 *	many there were).
 * @dropped: OVERFLOW: how many notifications were lost (by the kernel's
 *	per-file queue, or by the library's queue of a busy handle).
 * @vms: INSTANCE_DRAINING: VMs still running on the instance.
 * @vcpus: INSTANCE_DRAINING: vCPUs of those VMs.
 * @entry: QUOTA_SET: the entry after the change.
 * @__reserved: zero; for later fields (LIBVAC_SPACES).
 */
struct vac_event {
	uint32_t type;
	char name[VAC_NAME_LEN];
	int space;
	uint32_t quota;
	uint32_t used;
	uint32_t exhausted;
	uint32_t dropped;
	uint32_t vms;
	uint32_t vcpus;
	struct vac_instance entry;
	uint32_t __reserved[8];
};

/* --- handle ------------------------------------------------------------ */

/**
 * vac_open() - open /dev/vac.
 * @path: device path, or NULL for VAC_DEVICE_PATH.
 *
 * Return: a handle, or NULL with errno set.
 */
struct vac_handle *vac_open(const char *path);

/** vac_close() - close a handle and free its queued events.  NULL is ok. */
void vac_close(struct vac_handle *h);

/**
 * vac_fd() - the handle's file descriptor, for poll() (see vac_event_next).
 * @h: the handle.
 */
int vac_fd(const struct vac_handle *h);

/**
 * vac_strerror() - reason of the handle's last failure.
 * @h: the handle.
 *
 * Return: the kernel's extended-ack text (NLMSGERR_ATTR_MSG) when the
 * kernel sent one, otherwise a message of the library or strerror() of
 * the error; "" when the last call succeeded.  Valid until the next call
 * on @h.
 */
const char *vac_strerror(const struct vac_handle *h);

/**
 * vac_error_offset() - NLMSGERR_ATTR_OFFS of the last kernel error.
 * @h: the handle.
 *
 * Return: offset in the request of the attribute the kernel blamed, or -1.
 */
int vac_error_offset(const struct vac_handle *h);

/* --- queries and quotas -------------------------------------------------- */

/** vac_version() - the kernel's VAC_PROTOCOL_VERSION into @version. */
int vac_version(struct vac_handle *h, uint32_t *version);

/**
 * vac_resources() - capacity and use of every space.
 * @h: the handle.
 * @res: filled per enum vac_space_id; spaces the kernel did not describe
 *	are zero.
 */
int vac_resources(struct vac_handle *h,
		  struct vac_resource res[LIBVAC_SPACES]);

/**
 * vac_quota_set() - create or change the quota entry of @name.
 * @h: the handle.
 * @name: instance name (need not be loaded).
 * @q: spaces to change; @q->mask must not be empty.
 *
 * Needs CAP_SYS_ADMIN.  Return: 0, or a negative errno with the kernel's
 * reason in vac_strerror() (e.g. -ENOSPC when the space is over-reserved).
 */
int vac_quota_set(struct vac_handle *h, const char *name,
		  const struct vac_quota *q);

/** vac_quota_get() - the quota entry of @name into @out (-ENOENT: none). */
int vac_quota_get(struct vac_handle *h, const char *name,
		  struct vac_instance *out);

/** vac_quota_del() - delete the entry of @name; refused while it is live. */
int vac_quota_del(struct vac_handle *h, const char *name);

/**
 * vac_quota_list() - every quota entry (a dump).
 * @h: the handle.
 * @list: set to a malloc()ed array; release with vac_list_free().
 * @count: set to the number of elements.
 */
int vac_quota_list(struct vac_handle *h, struct vac_instance **list,
		   size_t *count);

/** vac_instance_get() - as vac_quota_get(), loaded instances only. */
int vac_instance_get(struct vac_handle *h, const char *name,
		     struct vac_instance *out);

/** vac_instance_list() - as vac_quota_list(), loaded instances only. */
int vac_instance_list(struct vac_handle *h, struct vac_instance **list,
		      size_t *count);

/** vac_list_free() - free an array from vac_quota_list/vac_instance_list. */
void vac_list_free(struct vac_instance *list);

/**
 * vac_instance_drain() - drain a live instance, or resume it.
 * @h: the handle.
 * @name: a loaded instance.
 * @draining: 1 drains: from now on KVM_CREATE_VM on /dev/kvm-NAME fails
 *	with EBUSY, while the VMs already running go on; 0 resumes: new VMs
 *	are created again.
 *
 * Setting the state the instance has already succeeds and notifies
 * nothing; a change notifies VAC_MSG_NOTIFY_INSTANCE_DRAINING or
 * VAC_MSG_NOTIFY_INSTANCE_RESUMED (group VAC_GROUP_INSTANCE).  An
 * instance that unloads stops draining.  Needs CAP_SYS_ADMIN.
 *
 * Return: 0, or a negative errno with the kernel's reason in
 * vac_strerror(): -ENOENT (no such entry, or not loaded), -EPERM,
 * -EINVAL (bad name, or @draining neither 0 nor 1).
 */
int vac_instance_drain(struct vac_handle *h, const char *name, int draining);

/* --- vectors (LIBVAC_2.1) ------------------------------------------------ */

/**
 * LIBVAC_VECTOR_NAME_LEN - size of a vector name buffer, NUL included
 * ("pmi", "pi_wakeup", "ga_log"; vac.ko takes up to 31 characters).
 */
#define LIBVAC_VECTOR_NAME_LEN	32

/**
 * struct vac_vector_route - an instance a vector's events go to.
 * @name: the instance's name.
 * @count: events routed to it since it registered: perf samples taken
 *	while one of its vCPUs was loaded (pmi), calls of its wakeup handler
 *	(pi_wakeup), GA-log entries (ga_log).
 * @__reserved: zero; for later fields.
 */
struct vac_vector_route {
	char name[VAC_NAME_LEN];
	uint64_t count;
	uint32_t __reserved[4];
};

/**
 * struct vac_vector - one of the host's single-owner interrupt hooks that
 * vac.ko holds for the instances (GET_VECTOR).
 * @id: enum vac_vector_id; a newer kernel may report ids beyond
 *	VAC_VECTOR_COUNT, by their @name.
 * @state: enum vac_vector_state (VAC_VECTOR_ACTIVE, _UNUSED, _ABSENT); a
 *	newer kernel may report others, vac_vector_state_to_name() calls
 *	them "unknown".
 * @number: the IDT vector its events arrive on (2, the NMI, for pmi), or
 *	-1 when it has none of its own.
 * @nr_routes: entries in @routes.
 * @name: "pmi", "pi_wakeup", "ga_log" (as under /sys/kernel/vac/vectors).
 * @routes: the instances it is routed to, in registration order (the
 *	order vac.ko calls them); NULL when @nr_routes is 0.  Allocated by
 *	the library: see vac_vector_free() and vac_vector_list_free().
 * @__reserved: zero; for later fields.
 */
struct vac_vector {
	uint32_t id;
	uint32_t state;
	int32_t number;
	uint32_t nr_routes;
	char name[LIBVAC_VECTOR_NAME_LEN];
	struct vac_vector_route *routes;
	uint32_t __reserved[8];
};

/**
 * vac_vector_list() - every vector, routed or not (a dump).
 * @h: the handle.
 * @list: set to a malloc()ed array, in the kernel's order (by id);
 *	release with vac_vector_list_free().
 * @count: set to the number of elements.
 *
 * Every vector vac.ko knows is listed, also one the host lacks
 * (VAC_VECTOR_ABSENT).  Needs no privilege.
 *
 * Return: 0, or a negative errno; on failure @list is NULL and @count 0.
 */
int vac_vector_list(struct vac_handle *h, struct vac_vector **list,
		    size_t *count);

/**
 * vac_vector_get() - one vector by name.
 * @h: the handle.
 * @name: "pmi", "pi_wakeup", "ga_log", ...
 * @out: filled in; release its routes with vac_vector_free().
 *
 * Return: 0, -ENOENT (no such vector; the kernel's message in
 * vac_strerror()), -EINVAL (empty name or longer than
 * LIBVAC_VECTOR_NAME_LEN - 1, refused before anything is sent), or
 * another negative errno.  On failure @out holds no allocation.
 */
int vac_vector_get(struct vac_handle *h, const char *name,
		   struct vac_vector *out);

/**
 * vac_vector_free() - release what the library allocated in @v (its
 * routes), not @v itself: for a vector filled by vac_vector_get().
 * NULL is ok.
 */
void vac_vector_free(struct vac_vector *v);

/**
 * vac_vector_list_free() - release an array from vac_vector_list(), the
 * routes of its @count vectors included.  NULL is ok.
 */
void vac_vector_list_free(struct vac_vector *list, size_t count);

/* --- events -------------------------------------------------------------- */

/**
 * vac_subscribe() - choose the notification groups of this handle.
 * @h: the handle.
 * @groups: VAC_GROUP_* bits; 0 unsubscribes.
 */
int vac_subscribe(struct vac_handle *h, uint32_t groups);

/**
 * vac_event_next() - take the next notification.
 * @h: the handle.
 * @ev: filled with the decoded event.
 * @timeout_ms: how long to wait when none is queued: 0 for no wait, -1
 *	for ever (as poll()).
 *
 * Notifications that arrived while a request was waiting for its reply
 * are kept in the handle (up to VAC_NOTIFY_QUEUE_MAX; beyond that they are
 * counted and reported as one VAC_MSG_NOTIFY_OVERFLOW event).  Such
 * queued events do not make vac_fd() readable: an event loop must call
 * vac_event_next(h, ev, 0) until it returns 0 before it sleeps in poll().
 *
 * Return: 1 with @ev filled, 0 when no event came within @timeout_ms
 * (also when poll() was interrupted by a signal), or a negative errno.
 */
int vac_event_next(struct vac_handle *h, struct vac_event *ev,
		   int timeout_ms);

/** vac_event_pending() - number of events queued in the handle. */
size_t vac_event_pending(const struct vac_handle *h);

/* --- for VMMs ------------------------------------------------------------ */

/**
 * vac_kvm_open() - open the KVM device of instance @name.
 * @h: a handle to check that @name is live first, or NULL to skip that.
 * @name: instance name.
 *
 * Opens /dev/kvm-NAME with O_RDWR | O_CLOEXEC.  A draining instance is
 * opened too, but KVM_CREATE_VM on it fails with EBUSY.
 *
 * Return: the file descriptor, or a negative errno (-ENOENT: no such live
 * instance or no device; reason in vac_strerror(@h) when @h is given).
 */
int vac_kvm_open(struct vac_handle *h, const char *name);

/* flags of vac_instance_choose() / vac_instance_score() */
#define VAC_CHOOSE_SEV		(1U << 0) /* the VM needs one SEV ASID */
#define VAC_CHOOSE_SEV_ES	(1U << 1) /* the VM needs one SEV-ES ASID */

/**
 * vac_instance_score() - how well @inst can take a VM of @nr_vcpus vCPUs.
 * @res: the host's spaces (vac_resources()).
 * @inst: a quota entry / instance.
 * @nr_vcpus: vCPUs of the VM.
 * @flags: VAC_CHOOSE_*.
 *
 * Scoring (the "headroom"):
 *  - only live instances that are not draining qualify;
 *  - VMX hosts (vpid capacity > 0): every vCPU takes one VPID, so the
 *    headroom is quota - used in the vpid space, and it must be at least
 *    @nr_vcpus;
 *  - SVM hosts (svm_asid capacity > 0): ASIDs are recycled per CPU inside
 *    the instance's fixed range, so a VM never fails for lack of them; a
 *    larger range means fewer full TLB flushes.  The headroom is the size
 *    of the carved range and must be at least 1;
 *  - with VAC_CHOOSE_SEV / VAC_CHOOSE_SEV_ES, the instance must also have
 *    one free tag of its quota in that space, and the headroom is the
 *    smaller of the two figures.
 *
 * Return: the headroom (>= 0), or -1 when @inst cannot take the VM.
 */
long vac_instance_score(const struct vac_resource res[LIBVAC_SPACES],
			const struct vac_instance *inst, unsigned int nr_vcpus,
			unsigned int flags);

/**
 * vac_instance_choose() - pick the live instance with the most headroom.
 * @h: the handle.
 * @nr_vcpus: vCPUs of the VM.
 * @flags: VAC_CHOOSE_*.
 * @name: receives the chosen name (VAC_NAME_LEN bytes).
 *
 * Scores every live instance with vac_instance_score(), which refuses
 * draining ones; the highest score wins, ties go to the name that sorts
 * first.  The result is a snapshot: another VMM may take the headroom
 * before this one starts, or an administrator drain the instance.
 *
 * Return: 0, -ENOENT when no instance is live, -ENOSPC when none has
 * room or every live one is draining, or another negative errno.
 */
int vac_instance_choose(struct vac_handle *h, unsigned int nr_vcpus,
			unsigned int flags, char name[VAC_NAME_LEN]);

/* --- names --------------------------------------------------------------- */

/** vac_space_to_name() - "vpid", "svm_asid", ...; NULL if out of range. */
const char *vac_space_to_name(int space);

/** vac_space_from_name() - the enum vac_space_id of @name, or -EINVAL. */
int vac_space_from_name(const char *name);

/** vac_state_to_name() - "configured" / "live" / "unknown". */
const char *vac_state_to_name(uint32_t state);

/**
 * vac_event_to_name() - "instance-up", "instance-down", "instance-draining",
 * "instance-resumed", "quota-set", "quota-del", "quota-exhausted",
 * "overflow" / "unknown".
 */
const char *vac_event_to_name(uint32_t type);

/**
 * vac_vector_state_to_name() - "active", "unused", "absent" / "unknown"
 * (enum vac_vector_state, as in /sys/kernel/vac/vectors/NAME/state).
 */
const char *vac_vector_state_to_name(uint32_t state);

/**
 * vac_name_valid() - whether @name is a valid instance name.
 *
 * 1 to VAC_NAME_LEN - 1 characters from [a-z0-9_-], the first a letter or
 * a digit.  Return: 1 or 0.
 */
int vac_name_valid(const char *name);

/* --- quota files (vacctl save / apply) ------------------------------------ */

/**
 * struct vac_config_entry - one "quota" line of a quota file.
 * @name: instance name.
 * @quota: spaces named on the line.
 * @line: line number (from 1).
 * @__reserved: zero; for later fields (LIBVAC_SPACES).
 */
struct vac_config_entry {
	char name[VAC_NAME_LEN];
	struct vac_quota quota;
	unsigned int line;
	uint32_t __reserved[3];
};

/**
 * struct vac_config - a parsed quota file.
 * @entries: one per quota line, in file order.
 * @count: number of entries.
 * @__reserved: zero; for later fields (LIBVAC_SPACES).
 */
struct vac_config {
	struct vac_config_entry *entries;
	size_t count;
	size_t __reserved[2];
};

/**
 * vac_config_parse() - parse and validate a whole quota file.
 * @f: the file.
 * @fname: its name, for messages.
 * @cfg: receives the entries; release with vac_config_free().
 * @err: receives "FNAME:LINE: reason" on failure.
 * @errlen: size of @err.
 *
 * Format (one statement per line; '#' starts a comment; blank lines are
 * ignored):
 *
 *	quota NAME SPACE N [SPACE N]...
 *
 * SPACE is vpid, svm_asid, sev_asid, sev_es_asid or ga_vm_id (each at
 * most once per line), N a decimal number 0..4294967295, NAME a valid instance name
 * given on one line only.  Nothing is returned unless every line is good.
 *
 * Return: 0, -EINVAL (bad content, @err set), or another negative errno.
 */
int vac_config_parse(FILE *f, const char *fname, struct vac_config *cfg,
		     char *err, size_t errlen);

/** vac_config_free() - release what vac_config_parse() allocated. */
void vac_config_free(struct vac_config *cfg);

/**
 * vac_config_write() - write quota entries in the quota-file format.
 * @f: output.
 * @list: entries (e.g. from vac_quota_list()).
 * @count: number of entries.
 *
 * A range space (VAC_USAGE_PENDING: svm_asid, ga_vm_id) is written as its
 * pending size (what a reload will carve), so that vac_config_parse() of
 * the output reproduces the configuration.
 * Return: 0, or -EIO.
 */
int vac_config_write(FILE *f, const struct vac_instance *list, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* _VAC_LIBVAC_H */
