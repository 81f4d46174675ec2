// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled with only include/uapi/vac.h (and what it includes itself) as
 * strict C99 and C11 (-pedantic -Werror): the uAPI must be usable from any
 * userspace program.  Run, it checks a few facts the protocol relies on.
 */
#include <uapi/vac.h>
#include <stdio.h>

int main(void)
{
	struct nlmsghdr h = { .nlmsg_type = VAC_MSG_GET_VERSION };
	char name[VAC_NAME_LEN] = "a";
	int bad = 0;

	/* Types must not collide with netlink's control messages. */
	bad |= VAC_MSG_GET_VERSION < NLMSG_MIN_TYPE;
	bad |= h.nlmsg_type != NLMSG_MIN_TYPE;
	/* Values are ABI: new ones only ever come at the end. */
	bad |= VAC_MSG_NOTIFY_OVERFLOW != NLMSG_MIN_TYPE + 12;
	bad |= VAC_MSG_SET_INSTANCE != NLMSG_MIN_TYPE + 13;
	bad |= VAC_MSG_NOTIFY_INSTANCE_RESUMED != NLMSG_MIN_TYPE + 15;
	bad |= VAC_MSG_GET_VECTOR != __VAC_MSG_MAX - 1;
	bad |= VAC_A_DROPPED != 6 || VAC_A_VCPUS != 9;
	bad |= VAC_A_MODULE_VERSION != 10 || VAC_A_SRCVERSION != 11;
	bad |= VAC_A_VECTOR_ID != 12 || VAC_A_MAX != VAC_A_VECTOR_INSTANCE;
	bad |= VAC_VI_A_MAX != VAC_VI_A_PAD || VAC_VECTOR_COUNT != 3;
	bad |= VAC_SPACE_A_MAX != VAC_SPACE_A_EXHAUSTED;
	bad |= VAC_SPACE_GA_VM_ID != 4 || VAC_SPACE_COUNT != 5;
	bad |= (VAC_GROUP_ALL & (VAC_GROUP_INSTANCE | VAC_GROUP_QUOTA)) !=
	       VAC_GROUP_ALL;
	bad |= VAC_MSG_SIZE_MAX < NLMSG_HDRLEN + VAC_NAME_LEN;
	bad |= sizeof(name) != VAC_NAME_LEN || VAC_STATE_LIVE == VAC_STATE_CONFIGURED;
	if (bad)
		fprintf(stderr, "uapi: inconsistent constants\n");
	return bad;
}
