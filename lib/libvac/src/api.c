// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public requests of libvac: version, resources, quotas, instances
 * (and draining them), subscription.  Each builds its request with msg.c
 * and runs it through vac_request() (io.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "handle.h"

static int check_name(struct vac_handle *h, const char *name)
{
	if (!name || !name[0])
		return vac_set_error(h, -EINVAL, "instance name is empty");
	if (strnlen(name, VAC_NAME_LEN) >= VAC_NAME_LEN)
		return vac_set_error(h, -EINVAL,
				     "instance name longer than %d characters",
				     VAC_NAME_LEN - 1);
	return 0;
}

static int on_version(struct nlmsghdr *nlh, void *arg, const char **why)
{
	return vac_msg_parse_version(nlh, arg, why);
}

int vac_version(struct vac_handle *h, uint32_t *version)
{
	return vac_request(h, vac_msg_simple(VAC_MSG_GET_VERSION), on_version,
			   version);
}

static int on_resources(struct nlmsghdr *nlh, void *arg, const char **why)
{
	return vac_msg_parse_resources(nlh, arg, why);
}

int vac_resources(struct vac_handle *h,
		  struct vac_resource res[LIBVAC_SPACES])
{
	memset(res, 0, sizeof(*res) * LIBVAC_SPACES);
	return vac_request(h, vac_msg_simple(VAC_MSG_GET_RESOURCES),
			   on_resources, res);
}

int vac_quota_set(struct vac_handle *h, const char *name,
		  const struct vac_quota *q)
{
	int err = check_name(h, name);

	if (err)
		return err;
	if (!q || !(q->mask & ((1U << VAC_SPACE_COUNT) - 1)))
		return vac_set_error(h, -EINVAL, "no space given for the quota");
	if (q->mask >> VAC_SPACE_COUNT)
		return vac_set_error(h, -EINVAL, "unknown space in the quota");
	return vac_request(h, vac_msg_set_quota(name, q), NULL, NULL);
}

int vac_quota_del(struct vac_handle *h, const char *name)
{
	int err = check_name(h, name);

	if (err)
		return err;
	return vac_request(h, vac_msg_del_quota(name), NULL, NULL);
}

static int on_entry(struct nlmsghdr *nlh, void *arg, const char **why)
{
	return vac_msg_parse_entry(nlh, arg, why);
}

static int get_one(struct vac_handle *h, int type, const char *name,
		   struct vac_instance *out)
{
	int err = check_name(h, name);

	if (err)
		return err;
	return vac_request(h, vac_msg_name(type, name), on_entry, out);
}

int vac_quota_get(struct vac_handle *h, const char *name,
		  struct vac_instance *out)
{
	return get_one(h, VAC_MSG_GET_QUOTA, name, out);
}

int vac_instance_get(struct vac_handle *h, const char *name,
		     struct vac_instance *out)
{
	return get_one(h, VAC_MSG_GET_INSTANCE, name, out);
}

struct list_ctx {
	struct vac_instance *v;
	size_t n, cap;
};

static int on_list_entry(struct nlmsghdr *nlh, void *arg, const char **why)
{
	struct list_ctx *c = arg;
	int err;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct vac_instance *v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	err = vac_msg_parse_entry(nlh, &c->v[c->n], why);
	if (err)
		return err;
	c->n++;
	return 0;
}

static int list(struct vac_handle *h, int type, struct vac_instance **out,
		size_t *count)
{
	struct list_ctx c = { 0 };
	int err;

	err = vac_request(h, vac_msg_dump(type), on_list_entry, &c);
	if (err) {
		free(c.v);
		*out = NULL;
		*count = 0;
		return err;
	}
	*out = c.v;
	*count = c.n;
	return 0;
}

int vac_quota_list(struct vac_handle *h, struct vac_instance **out,
		   size_t *count)
{
	return list(h, VAC_MSG_GET_QUOTA, out, count);
}

int vac_instance_list(struct vac_handle *h, struct vac_instance **out,
		      size_t *count)
{
	return list(h, VAC_MSG_GET_INSTANCE, out, count);
}

void vac_list_free(struct vac_instance *list)
{
	free(list);
}

int vac_instance_drain(struct vac_handle *h, const char *name, int draining)
{
	int err = check_name(h, name);

	if (err)
		return err;
	if (draining != 0 && draining != 1)
		return vac_set_error(h, -EINVAL,
				     "draining is 1 (drain) or 0 (resume), not %d",
				     draining);
	return vac_request(h, vac_msg_set_instance(name, draining), NULL,
			   NULL);
}

int vac_subscribe(struct vac_handle *h, uint32_t groups)
{
	if (groups & ~VAC_GROUP_ALL)
		return vac_set_error(h, -EINVAL, "unknown notification group");
	return vac_request(h, vac_msg_subscribe(groups), NULL, NULL);
}
