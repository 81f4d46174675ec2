// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Helpers for VMMs: open an instance's /dev/kvm-NAME, and choose the
 * instance with the most headroom (scoring documented in libvac.h and
 * vac_instance_choose(3)).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "handle.h"

int vac_kvm_open(struct vac_handle *h, const char *name)
{
	struct vac_instance inst;
	char path[32 + VAC_NAME_LEN];
	int fd, err;

	if (!vac_name_valid(name)) {
		if (h)
			vac_set_error(h, -EINVAL, "invalid instance name");
		return -EINVAL;
	}
	if (h) {
		err = vac_instance_get(h, name, &inst);
		if (err)
			return err;
		if (inst.state != VAC_STATE_LIVE)
			return vac_set_error(h, -ENOENT,
					     "instance %s is not live", name);
	}
	snprintf(path, sizeof(path), "/dev/kvm-%s", name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		if (h)
			vac_set_error(h, err, "open %s: %m", path);
		return err;
	}
	return fd;
}

static long headroom(const struct vac_space_usage *u)
{
	return u->used >= u->quota ? 0 : (long)u->quota - (long)u->used;
}

static long min_l(long a, long b)
{
	return a < b ? a : b;
}

long vac_instance_score(const struct vac_resource res[LIBVAC_SPACES],
			const struct vac_instance *inst, unsigned int nr_vcpus,
			unsigned int flags)
{
	/* Each SEV flag needs one free tag of the quota in its space. */
	static const struct {
		unsigned int flag;
		int space;
	} sev[] = {
		{ VAC_CHOOSE_SEV, VAC_SPACE_SEV_ASID },
		{ VAC_CHOOSE_SEV_ES, VAC_SPACE_SEV_ES_ASID },
	};
	const struct vac_space_usage *u;
	long score, r;
	size_t i;

	if (inst->state != VAC_STATE_LIVE || inst->draining)
		return -1;	/* no VM can be created on it */
	if (res[VAC_SPACE_VPID].capacity) {
		r = headroom(&inst->space[VAC_SPACE_VPID]);
		if (r < (long)nr_vcpus)
			return -1;
		score = r;
	} else if (res[VAC_SPACE_SVM_ASID].capacity) {
		u = &inst->space[VAC_SPACE_SVM_ASID];
		r = u->flags & VAC_USAGE_RANGE ?
			(long)u->range_last - u->range_first + 1 : u->used;
		if (r < 1)
			return -1;
		score = r;
	} else {
		return -1;	/* no hardware virtualization tags at all */
	}
	for (i = 0; i < sizeof(sev) / sizeof(sev[0]); i++) {
		if (!(flags & sev[i].flag))
			continue;
		r = headroom(&inst->space[sev[i].space]);
		if (r < 1)
			return -1;
		score = min_l(score, r);
	}
	return score;
}

int vac_instance_choose(struct vac_handle *h, unsigned int nr_vcpus,
			unsigned int flags, char name[VAC_NAME_LEN])
{
	struct vac_resource res[LIBVAC_SPACES];
	struct vac_instance *list;
	size_t n, i, live = 0, taking = 0, pick = 0;
	long best = -1, s;
	int err;

	err = vac_resources(h, res);
	if (err)
		return err;
	err = vac_instance_list(h, &list, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		live += list[i].state == VAC_STATE_LIVE;
		taking += list[i].state == VAC_STATE_LIVE &&
			  !list[i].draining;
		s = vac_instance_score(res, &list[i], nr_vcpus, flags);
		if (s > best ||
		    (s == best && s >= 0 &&
		     strcmp(list[i].name, list[pick].name) < 0)) {
			best = s;
			pick = i;
		}
	}
	if (best >= 0)
		memcpy(name, list[pick].name, VAC_NAME_LEN);
	vac_list_free(list);
	if (!live)
		return vac_set_error(h, -ENOENT, "no live instance");
	if (!taking)
		return vac_set_error(h, -ENOSPC,
				     "every live instance is draining");
	if (best < 0)
		return vac_set_error(h, -ENOSPC,
				     "no live instance has room for %u vCPUs",
				     nr_vcpus);
	return 0;
}
