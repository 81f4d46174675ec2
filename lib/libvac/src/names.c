// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names of spaces, states, events and vector states, and the
 * instance-name rule.
 * The same strings are used by vacctl and /sys/kernel/vac.
 */
#include <errno.h>
#include <string.h>

#include <vac/libvac.h>

/* The layouts of <vac/libvac.h> hold LIBVAC_SPACES spaces. */
_Static_assert(VAC_SPACE_COUNT <= LIBVAC_SPACES,
	       "a new space needs LIBVAC_SPACES raised, and a new SONAME");
_Static_assert(LIBVAC_SPACES <= 32, "struct vac_quota's mask is 32 bits");

static const char *const space_names[VAC_SPACE_COUNT] = {
	[VAC_SPACE_VPID]	= "vpid",
	[VAC_SPACE_SVM_ASID]	= "svm_asid",
	[VAC_SPACE_SEV_ASID]	= "sev_asid",
	[VAC_SPACE_SEV_ES_ASID]	= "sev_es_asid",
	[VAC_SPACE_GA_VM_ID]	= "ga_vm_id",
};

const char *vac_space_to_name(int space)
{
	if (space < 0 || space >= VAC_SPACE_COUNT)
		return NULL;
	return space_names[space];
}

int vac_space_from_name(const char *name)
{
	int i;

	for (i = 0; i < VAC_SPACE_COUNT; i++)
		if (name && !strcmp(name, space_names[i]))
			return i;
	return -EINVAL;
}

const char *vac_state_to_name(uint32_t state)
{
	switch (state) {
	case VAC_STATE_CONFIGURED:
		return "configured";
	case VAC_STATE_LIVE:
		return "live";
	default:
		return "unknown";
	}
}

const char *vac_event_to_name(uint32_t type)
{
	switch (type) {
	case VAC_MSG_NOTIFY_INSTANCE_UP:
		return "instance-up";
	case VAC_MSG_NOTIFY_INSTANCE_DOWN:
		return "instance-down";
	case VAC_MSG_NOTIFY_INSTANCE_DRAINING:
		return "instance-draining";
	case VAC_MSG_NOTIFY_INSTANCE_RESUMED:
		return "instance-resumed";
	case VAC_MSG_NOTIFY_QUOTA_SET:
		return "quota-set";
	case VAC_MSG_NOTIFY_QUOTA_DEL:
		return "quota-del";
	case VAC_MSG_NOTIFY_QUOTA_EXHAUSTED:
		return "quota-exhausted";
	case VAC_MSG_NOTIFY_OVERFLOW:
		return "overflow";
	default:
		return "unknown";
	}
}

const char *vac_vector_state_to_name(uint32_t state)
{
	switch (state) {
	case VAC_VECTOR_ACTIVE:
		return "active";
	case VAC_VECTOR_UNUSED:
		return "unused";
	case VAC_VECTOR_ABSENT:
		return "absent";
	default:
		return "unknown";
	}
}

int vac_name_valid(const char *name)
{
	size_t i, len;

	if (!name)
		return 0;
	len = strnlen(name, VAC_NAME_LEN);
	if (len == 0 || len >= VAC_NAME_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		char c = name[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '_' && c != '-')))
			return 0;
	}
	return 1;
}
