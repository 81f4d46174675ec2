// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Vectors: the interrupt hooks vac.ko holds for the instances (the perf
 * callbacks, the posted-interrupt wakeup vector, the AMD IOMMU GA log)
 * and which instances their events go to (VAC_MSG_GET_VECTOR).
 *
 * Unlike a struct vac_instance, a vector's list of instances has no fixed
 * size, so each struct vac_vector points to its routes in memory of its
 * own, which the free functions release.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "handle.h"

static int on_vector(struct nlmsghdr *nlh, void *arg, const char **why)
{
	return vac_msg_parse_vector(nlh, arg, why);
}

int vac_vector_get(struct vac_handle *h, const char *name,
		   struct vac_vector *out)
{
	memset(out, 0, sizeof(*out));
	out->number = -1;
	if (!name || !name[0])
		return vac_set_error(h, -EINVAL, "vector name is empty");
	if (strnlen(name, LIBVAC_VECTOR_NAME_LEN) >= LIBVAC_VECTOR_NAME_LEN)
		return vac_set_error(h, -EINVAL,
				     "vector name longer than %d characters",
				     LIBVAC_VECTOR_NAME_LEN - 1);
	return vac_request(h, vac_msg_get_vector(name), on_vector, out);
}

void vac_vector_free(struct vac_vector *v)
{
	if (!v)
		return;
	free(v->routes);
	v->routes = NULL;
	v->nr_routes = 0;
}

void vac_vector_list_free(struct vac_vector *list, size_t count)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < count; i++)
		vac_vector_free(&list[i]);
	free(list);
}

struct vector_list {
	struct vac_vector *v;
	size_t n, cap;
};

static int on_list_vector(struct nlmsghdr *nlh, void *arg, const char **why)
{
	struct vector_list *c = arg;
	int err;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		struct vac_vector *v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	/* On failure the parser leaves nothing allocated in the entry. */
	err = vac_msg_parse_vector(nlh, &c->v[c->n], why);
	if (err)
		return err;
	c->n++;
	return 0;
}

int vac_vector_list(struct vac_handle *h, struct vac_vector **list,
		    size_t *count)
{
	struct vector_list c = { 0 };
	int err;

	err = vac_request(h, vac_msg_dump(VAC_MSG_GET_VECTOR), on_list_vector,
			  &c);
	if (err) {
		vac_vector_list_free(c.v, c.n);
		*list = NULL;
		*count = 0;
		return err;
	}
	*list = c.v;
	*count = c.n;
	return 0;
}
