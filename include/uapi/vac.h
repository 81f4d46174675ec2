/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * VAC - Virtualization Acceleration Code: user API of /dev/vac.
 *
 * /dev/vac is a character device that speaks netlink-format messages.
 * A request is one whole message written with write(): a struct nlmsghdr
 * whose nlmsg_type is one of enum vac_msg_type, followed by struct nlattr
 * attributes from enum vac_attr.  Every request is answered with messages
 * read back with read(), one message per read():
 *
 *  - a GET request answers with one message of the same type carrying the
 *    data, or, with NLM_F_DUMP, one message per object (NLM_F_MULTI) then
 *    NLMSG_DONE;
 *  - a request that fails answers with NLMSG_ERROR: struct nlmsgerr with a
 *    negative errno, followed by the extended-ack attributes
 *    NLMSGERR_ATTR_MSG (text) and, where one attribute was to blame,
 *    NLMSGERR_ATTR_OFFS (its offset in the request);
 *  - a mutation that succeeds answers with NLMSG_ERROR and error 0 when the
 *    request had NLM_F_ACK set, and with nothing otherwise.
 *
 * Attributes are validated strictly: unknown attributes, wrong lengths and
 * wrong types are refused.  Mutations (SET_QUOTA, DEL_QUOTA) need
 * CAP_SYS_ADMIN; queries and SUBSCRIBE need only an open file.
 *
 * Notifications: after VAC_MSG_SUBSCRIBE with VAC_A_GROUPS, the file also
 * receives VAC_MSG_NOTIFY_* messages (nlmsg_seq 0, nlmsg_pid 0).  They are
 * queued per open file up to a cap; when the cap is hit, further events are
 * dropped and one VAC_MSG_NOTIFY_OVERFLOW carrying VAC_A_DROPPED is queued
 * instead, as netlink reports ENOBUFS.  poll() reports EPOLLIN while a reply
 * or notification is queued.
 *
 * Copyright (C) 2026 The VAC authors.
 */
#ifndef _UAPI_LINUX_VAC_H
#define _UAPI_LINUX_VAC_H

#include <linux/types.h>
#include <linux/netlink.h>

/** VAC_PROTOCOL_VERSION - bumped on incompatible protocol changes. */
#define VAC_PROTOCOL_VERSION	1

/** VAC_DEVICE_PATH - the broker's character device. */
#define VAC_DEVICE_PATH		"/dev/vac"

/**
 * VAC_NAME_LEN - size of an instance name buffer, including the NUL.
 *
 * Names are 1 to VAC_NAME_LEN - 1 characters from [a-z0-9_-], starting
 * with a letter or a digit.  The name picks the instance's device,
 * /dev/kvm-NAME, and its module, kvm-amd-NAME.ko / kvm-intel-NAME.ko.
 */
#define VAC_NAME_LEN		16

/**
 * VAC_MSG_SIZE_MAX - largest message /dev/vac accepts or returns.
 *
 * A read() buffer of this size always holds one whole message.  A read()
 * with a buffer too small for the next message fails with EMSGSIZE and the
 * message stays queued; a write() longer than this fails with EMSGSIZE.
 */
#define VAC_MSG_SIZE_MAX	8192

/**
 * VAC_VERSION_LEN - size of VAC_A_MODULE_VERSION, NUL included (longer
 * versions are cut).
 * VAC_SRCVERSION_LEN - size of VAC_A_SRCVERSION, NUL included.
 */
#define VAC_VERSION_LEN		64
#define VAC_SRCVERSION_LEN	32

/**
 * enum vac_space_id - the host-wide tag spaces VAC partitions.
 * @VAC_SPACE_VPID: VMX virtual-processor IDs, 1..65535; unique host-wide.
 * @VAC_SPACE_SVM_ASID: SVM ASIDs for non-SEV guests, from max SEV ASID + 1 to
 *	NASID - 1 (CPUID 0x8000000A EBX).  Partitioned as one contiguous range
 *	per instance, carved when the instance registers; the instance's
 *	per-CPU generation allocator cycles inside its range.
 * @VAC_SPACE_SEV_ASID: SEV ASIDs, min_sev_asid..max_sev_asid (CPUID
 *	0x8000001F); unique host-wide, reclaimed only after WBINVD + DF_FLUSH.
 * @VAC_SPACE_SEV_ES_ASID: SEV-ES ASIDs, 1..min_sev_asid - 1; as SEV.
 * @VAC_SPACE_GA_VM_ID: AVIC VM IDs, the VM-ID bits of the GA tags the AMD
 *	IOMMU reports in its GA log (interrupts posted to a vCPU that is not
 *	running), from 1 (SVM hosts; vac.ko's ga_vm_id_max caps the count,
 *	default 65535).  Partitioned as one contiguous range per instance,
 *	like svm_asid: the instance numbers its VMs inside it, and VAC routes
 *	each GA-log entry to the instance whose range holds its VM ID.
 * @VAC_SPACE_COUNT: number of spaces.
 *
 * A space the CPU lacks has capacity 0.
 */
enum vac_space_id {
	VAC_SPACE_VPID,
	VAC_SPACE_SVM_ASID,
	VAC_SPACE_SEV_ASID,
	VAC_SPACE_SEV_ES_ASID,
	VAC_SPACE_GA_VM_ID,
	VAC_SPACE_COUNT
};

/**
 * enum vac_msg_type - nlmsg_type of /dev/vac messages.
 * @VAC_MSG_GET_VERSION: request: no attributes.  Reply: VAC_A_VERSION.
 * @VAC_MSG_GET_RESOURCES: request: no attributes.  Reply: one VAC_A_SPACE
 *	nest per space with ID, FIRST, CAPACITY, RESERVED, USED, FREE.
 * @VAC_MSG_SET_QUOTA: request: VAC_A_NAME and one or more VAC_A_SPACE nests
 *	with ID and QUOTA.  Creates the quota entry if the name has none.
 *	Spaces not named keep their quota (0 for a new entry).
 * @VAC_MSG_GET_QUOTA: request: VAC_A_NAME, or NLM_F_DUMP for all entries.
 *	Reply: VAC_A_NAME, VAC_A_STATE, VAC_A_DRAINING, VAC_A_VMS,
 *	VAC_A_VCPUS, (live, when the module has them) VAC_A_MODULE_VERSION
 *	and VAC_A_SRCVERSION, one VAC_A_SPACE nest per space with
 *	ID, QUOTA, USED, EXHAUSTED and, where they apply, QUOTA_PENDING,
 *	RANGE_FIRST, RANGE_LAST.
 * @VAC_MSG_DEL_QUOTA: request: VAC_A_NAME.  Refused while the instance is
 *	loaded.
 * @VAC_MSG_GET_INSTANCE: as GET_QUOTA, but only loaded instances.
 * @VAC_MSG_SUBSCRIBE: request: VAC_A_GROUPS, the set of VAC_GROUP_* bits
 *	this file receives from now on (0 unsubscribes).
 * @VAC_MSG_NOTIFY_INSTANCE_UP: an instance registered.  VAC_A_NAME.
 * @VAC_MSG_NOTIFY_INSTANCE_DOWN: an instance unregistered.  VAC_A_NAME.
 * @VAC_MSG_NOTIFY_QUOTA_SET: a quota entry was created or changed.
 *	VAC_A_NAME and the entry's VAC_A_SPACE nests as in GET_QUOTA.
 * @VAC_MSG_NOTIFY_QUOTA_DEL: a quota entry was deleted.  VAC_A_NAME.
 * @VAC_MSG_NOTIFY_QUOTA_EXHAUSTED: an allocation was refused because the
 *	instance's quota (or the space) was full.  VAC_A_NAME and one
 *	VAC_A_SPACE nest with ID, QUOTA, USED and EXHAUSTED (refusals so
 *	far).  Coalesced: while one is unread for an instance and space,
 *	later refusals update it instead of queueing more.
 * @VAC_MSG_NOTIFY_OVERFLOW: notifications were dropped because this
 *	file's queue was full.  VAC_A_DROPPED.
 * @VAC_MSG_SET_INSTANCE: request: VAC_A_NAME of a loaded instance and
 *	VAC_A_DRAINING: 1 drains it (KVM_CREATE_VM on /dev/kvm-NAME fails
 *	with EBUSY; running VMs are untouched), 0 resumes it.  Setting the
 *	state it has already is not an error and notifies nothing.
 * @VAC_MSG_NOTIFY_INSTANCE_DRAINING: an instance started draining.
 *	VAC_A_NAME, VAC_A_VMS and VAC_A_VCPUS (what still runs on it).
 * @VAC_MSG_NOTIFY_INSTANCE_RESUMED: a draining instance takes new VMs
 *	again.  VAC_A_NAME.
 * @VAC_MSG_GET_VECTOR: request: NLM_F_DUMP for every vector, or
 *	VAC_A_VECTOR_NAME for one.  Reply: per vector VAC_A_VECTOR_ID,
 *	VAC_A_VECTOR_NAME, VAC_A_VECTOR_STATE, VAC_A_VECTOR_NUMBER (absent
 *	when it has no IDT vector of its own), and one VAC_A_VECTOR_INSTANCE
 *	nest per registered instance it is routed to, in registration order.
 *	Every vector of enum vac_vector_id is listed, also one the host
 *	lacks (VAC_VECTOR_ABSENT).
 * @__VAC_MSG_MAX: one past the last type.
 */
enum vac_msg_type {
	VAC_MSG_GET_VERSION = NLMSG_MIN_TYPE,
	VAC_MSG_GET_RESOURCES,
	VAC_MSG_SET_QUOTA,
	VAC_MSG_GET_QUOTA,
	VAC_MSG_DEL_QUOTA,
	VAC_MSG_GET_INSTANCE,
	VAC_MSG_SUBSCRIBE,
	VAC_MSG_NOTIFY_INSTANCE_UP,
	VAC_MSG_NOTIFY_INSTANCE_DOWN,
	VAC_MSG_NOTIFY_QUOTA_SET,
	VAC_MSG_NOTIFY_QUOTA_DEL,
	VAC_MSG_NOTIFY_QUOTA_EXHAUSTED,
	VAC_MSG_NOTIFY_OVERFLOW,
	VAC_MSG_SET_INSTANCE,
	VAC_MSG_NOTIFY_INSTANCE_DRAINING,
	VAC_MSG_NOTIFY_INSTANCE_RESUMED,
	VAC_MSG_GET_VECTOR,
	__VAC_MSG_MAX
};

/**
 * enum vac_attr - top-level attributes.
 * @VAC_A_UNSPEC: unused.
 * @VAC_A_VERSION: u32, VAC_PROTOCOL_VERSION.
 * @VAC_A_NAME: NUL-terminated string, an instance name (see VAC_NAME_LEN).
 * @VAC_A_STATE: u32, enum vac_instance_state.
 * @VAC_A_SPACE: nested, enum vac_space_attr; repeated once per space.
 * @VAC_A_GROUPS: u32, bitmask of VAC_GROUP_*.
 * @VAC_A_DROPPED: u32, notifications dropped since the last overflow report.
 * @VAC_A_DRAINING: u32, 1 if the instance is draining (takes no new VMs),
 *	else 0.  In SET_INSTANCE requests, and in GET_QUOTA / GET_INSTANCE
 *	answers and QUOTA_SET notifications (0 unless live).
 * @VAC_A_VMS: u32, VMs the instance runs now (0 unless live).
 * @VAC_A_VCPUS: u32, vCPUs of those VMs.
 * @VAC_A_MODULE_VERSION: NUL-terminated string, the MODULE_VERSION of a
 *	live instance's module (for instances built by kvm-instance.sh:
 *	Debian's source version and a hash of the patch series, e.g.
 *	"6.1.192-3+vac.0123456789ab").  Absent when the module has none.
 * @VAC_A_SRCVERSION: NUL-terminated string, the live module's srcversion
 *	(modpost's hash of its sources, as in /sys/module/MOD/srcversion).
 *	Absent when the module has none.
 * @VAC_A_VECTOR_ID: u32, enum vac_vector_id.
 * @VAC_A_VECTOR_NAME: NUL-terminated string, the vector's name: "pmi",
 *	"pi_wakeup", "ga_log" (as under /sys/kernel/vac/vectors).
 * @VAC_A_VECTOR_STATE: u32, enum vac_vector_state.
 * @VAC_A_VECTOR_NUMBER: u32, the IDT vector events arrive on (2, NMI, for
 *	the PMI; POSTED_INTR_WAKEUP_VECTOR for pi_wakeup).
 * @VAC_A_VECTOR_INSTANCE: nested, enum vac_vector_instance_attr; one per
 *	instance the vector is routed to.
 * @__VAC_A_MAX: one past the last attribute.
 */
enum vac_attr {
	VAC_A_UNSPEC,
	VAC_A_VERSION,
	VAC_A_NAME,
	VAC_A_STATE,
	VAC_A_SPACE,
	VAC_A_GROUPS,
	VAC_A_DROPPED,
	VAC_A_DRAINING,
	VAC_A_VMS,
	VAC_A_VCPUS,
	VAC_A_MODULE_VERSION,
	VAC_A_SRCVERSION,
	VAC_A_VECTOR_ID,
	VAC_A_VECTOR_NAME,
	VAC_A_VECTOR_STATE,
	VAC_A_VECTOR_NUMBER,
	VAC_A_VECTOR_INSTANCE,
	__VAC_A_MAX
};
#define VAC_A_MAX		(__VAC_A_MAX - 1)

/**
 * enum vac_space_attr - attributes nested in VAC_A_SPACE, all u32.
 * @VAC_SPACE_A_UNSPEC: unused.
 * @VAC_SPACE_A_ID: enum vac_space_id.
 * @VAC_SPACE_A_FIRST: lowest tag of the space.
 * @VAC_SPACE_A_CAPACITY: number of tags in the space.
 * @VAC_SPACE_A_RESERVED: sum of all quotas in the space.
 * @VAC_SPACE_A_USED: tags in use (in a GET_QUOTA reply: by that instance;
 *	for a range space, the size of the carved range).
 * @VAC_SPACE_A_FREE: capacity - used, space-wide.
 * @VAC_SPACE_A_QUOTA: the instance's quota: a maximum count, or for a
 *	range space the size of its range.
 * @VAC_SPACE_A_QUOTA_PENDING: range spaces (svm_asid, ga_vm_id) only: a
 *	new range size that takes effect when the loaded instance next
 *	registers.
 * @VAC_SPACE_A_RANGE_FIRST: range spaces only: first tag of the carved
 *	range.
 * @VAC_SPACE_A_RANGE_LAST: range spaces only: last tag of the carved
 *	range.
 * @VAC_SPACE_A_EXHAUSTED: allocations refused by the quota so far (in
 *	GET_QUOTA replies and QUOTA_EXHAUSTED notifications).
 * @__VAC_SPACE_A_MAX: one past the last attribute.
 */
enum vac_space_attr {
	VAC_SPACE_A_UNSPEC,
	VAC_SPACE_A_ID,
	VAC_SPACE_A_FIRST,
	VAC_SPACE_A_CAPACITY,
	VAC_SPACE_A_RESERVED,
	VAC_SPACE_A_USED,
	VAC_SPACE_A_FREE,
	VAC_SPACE_A_QUOTA,
	VAC_SPACE_A_QUOTA_PENDING,
	VAC_SPACE_A_RANGE_FIRST,
	VAC_SPACE_A_RANGE_LAST,
	VAC_SPACE_A_EXHAUSTED,
	__VAC_SPACE_A_MAX
};
#define VAC_SPACE_A_MAX		(__VAC_SPACE_A_MAX - 1)

/**
 * enum vac_vector_id - the single-owner interrupt hooks VAC holds for the
 * instances, shown as vectors.
 * @VAC_VECTOR_PMI: the perf guest callbacks: a PMI (or any perf sample)
 *	taken while an instance's vCPU is loaded on the CPU is attributed
 *	to that instance's guest.
 * @VAC_VECTOR_PI_WAKEUP: POSTED_INTR_WAKEUP_VECTOR: every registered
 *	instance with a wakeup handler is called (each checks its own
 *	blocked vCPUs).
 * @VAC_VECTOR_GA_LOG: the AMD IOMMU GA log (AVIC with assigned devices):
 *	one notifier host-wide, which VAC holds on AMD hosts; each entry goes
 *	to the instance whose ga_vm_id range holds the VM ID of its GA tag.
 * @VAC_VECTOR_COUNT: number of vectors.
 */
enum vac_vector_id {
	VAC_VECTOR_PMI,
	VAC_VECTOR_PI_WAKEUP,
	VAC_VECTOR_GA_LOG,
	VAC_VECTOR_COUNT
};

/**
 * enum vac_vector_state - who holds a vector's hook.
 * @VAC_VECTOR_ACTIVE: VAC holds the host's one hook and routes its events
 *	to the instances listed.
 * @VAC_VECTOR_UNUSED: the host has it, VAC does not hold it, and no
 *	instance gets its events (none so far; for a hook VAC may leave to
 *	the host).
 * @VAC_VECTOR_ABSENT: the host lacks it (ga_log on an Intel host).
 */
enum vac_vector_state {
	VAC_VECTOR_ACTIVE,
	VAC_VECTOR_UNUSED,
	VAC_VECTOR_ABSENT,
};

/**
 * enum vac_vector_instance_attr - attributes nested in VAC_A_VECTOR_INSTANCE.
 * @VAC_VI_A_UNSPEC: unused.
 * @VAC_VI_A_NAME: NUL-terminated string, the instance's name.
 * @VAC_VI_A_COUNT: u64, events routed to the instance since it
 *	registered: perf samples attributed to its guests (pmi), wakeup
 *	handler calls (pi_wakeup), GA-log entries routed to it (ga_log).
 * @VAC_VI_A_PAD: padding for the u64 (nla_put_u64_64bit()); ignore.
 * @__VAC_VI_A_MAX: one past the last attribute.
 */
enum vac_vector_instance_attr {
	VAC_VI_A_UNSPEC,
	VAC_VI_A_NAME,
	VAC_VI_A_COUNT,
	VAC_VI_A_PAD,
	__VAC_VI_A_MAX
};
#define VAC_VI_A_MAX		(__VAC_VI_A_MAX - 1)

/**
 * enum vac_instance_state - life of a name in VAC.
 * @VAC_STATE_CONFIGURED: a quota entry exists; no module has registered.
 * @VAC_STATE_LIVE: an instance module registered under this name.
 */
enum vac_instance_state {
	VAC_STATE_CONFIGURED,
	VAC_STATE_LIVE,
};

/* Notification groups for VAC_A_GROUPS. */
#define VAC_GROUP_INSTANCE	(1U << 0) /* INSTANCE_UP, _DOWN, _DRAINING, _RESUMED */
#define VAC_GROUP_QUOTA		(1U << 1) /* QUOTA_SET, QUOTA_DEL, EXHAUSTED */
#define VAC_GROUP_ALL		(VAC_GROUP_INSTANCE | VAC_GROUP_QUOTA)

/**
 * VAC_NOTIFY_QUEUE_MAX - notifications queued per open file before
 * overflow is reported.
 */
#define VAC_NOTIFY_QUEUE_MAX	256

/**
 * VAC_SUBSCRIBERS_MAX - files opened without CAP_SYS_ADMIN that may be
 * subscribed at once, host-wide.  VAC_MSG_SUBSCRIBE beyond fails with
 * ENOSPC.  Files an administrator opened do not count and are never
 * refused.
 */
#define VAC_SUBSCRIBERS_MAX	64

#endif /* _UAPI_LINUX_VAC_H */
