// SPDX-License-Identifier: GPL-2.0
/*
 * vacctl metrics: what resource show, quota show and vector show say, in
 * Prometheus' text exposition format, for node_exporter's textfile collector:
 *
 *	vacctl metrics > vac.prom.tmp && mv vac.prom.tmp vac.prom
 *
 * Every family is printed whole (HELP, TYPE, then its samples), as the
 * format wants; instances and spaces are labels.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vacctl.h"

static const char metrics_help[] =
	"Usage: vacctl metrics\n"
	"Tag spaces, quotas, use, instances and vector events in Prometheus'\n"
	"text format\n"
	"(for node_exporter's textfile collector).\n";

/* A label value: backslash, double quote and newline escaped. */
static void label_value(const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			printf("\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", stdout);
		else
			putchar(*v);
	}
}

static void family(const char *name, const char *type, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

enum space_field { SPACE_CAPACITY, SPACE_RESERVED, SPACE_USED };

static void space_family(const struct vac_resource *res, const char *name,
			 enum space_field f, const char *help)
{
	uint32_t v;
	int s;

	family(name, "gauge", help);
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		v = f == SPACE_CAPACITY ? res[s].capacity :
		    f == SPACE_RESERVED ? res[s].reserved : res[s].used;
		printf("%s{space=\"%s\"} %u\n", name, vac_space_to_name(s), v);
	}
}

enum usage_field { USAGE_QUOTA, USAGE_USED, USAGE_EXHAUSTED };

static void usage_family(const struct vac_instance *list, size_t n,
			 const char *name, const char *type,
			 enum usage_field f, const char *help)
{
	const struct vac_space_usage *u;
	size_t i;
	int s;

	family(name, type, help);
	for (i = 0; i < n; i++) {
		for (s = 0; s < VAC_SPACE_COUNT; s++) {
			u = &list[i].space[s];
			if (!(u->flags & VAC_USAGE_PRESENT))
				continue;
			printf("%s{instance=\"", name);
			label_value(list[i].name);
			printf("\",space=\"%s\"} %u\n", vac_space_to_name(s),
			       f == USAGE_QUOTA ? u->quota :
			       f == USAGE_USED ? u->used : u->exhausted);
		}
	}
}

enum entry_field { ENTRY_LIVE, ENTRY_DRAINING, ENTRY_VMS, ENTRY_VCPUS };

static void entry_family(const struct vac_instance *list, size_t n,
			 const char *name, enum entry_field f,
			 const char *help)
{
	const struct vac_instance *e;
	size_t i;

	family(name, "gauge", help);
	for (i = 0; i < n; i++) {
		e = &list[i];
		printf("%s{instance=\"", name);
		label_value(e->name);
		printf("\"} %u\n",
		       f == ENTRY_LIVE ? e->state == VAC_STATE_LIVE :
		       f == ENTRY_DRAINING ? e->draining :
		       f == ENTRY_VMS ? e->vms : e->vcpus);
	}
}

/* Events each vector routed to each instance, since it registered. */
static void vector_family(const struct vac_vector *v, size_t n)
{
	size_t i;
	uint32_t j;

	family("vac_vector_events_total", "counter",
	       "Events of a vector routed to an instance since it registered.");
	for (i = 0; i < n; i++) {
		for (j = 0; j < v[i].nr_routes; j++) {
			fputs("vac_vector_events_total{vector=\"", stdout);
			label_value(v[i].name);
			fputs("\",instance=\"", stdout);
			label_value(v[i].routes[j].name);
			printf("\"} %llu\n",
			       (unsigned long long)v[i].routes[j].count);
		}
	}
}

int cmd_metrics(struct vacctl *c, int argc, char **argv)
{
	struct vac_resource res[LIBVAC_SPACES];
	struct vac_vector *vec = NULL;
	struct vac_instance *list;
	size_t n, nvec = 0, i;
	bool vectors;
	int err;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(metrics_help, stdout);
		return VACCTL_OK;
	}
	if (argc > 0)
		return vacctl_err(VACCTL_USAGE, "metrics: unexpected '%s'",
				  argv[0]);
	if (c->json)
		return vacctl_err(VACCTL_USAGE,
				  "metrics: Prometheus text only (no -j)");
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	err = vac_resources(c->h, res);
	if (err)
		return vacctl_fail(c, "metrics", err);
	err = vac_quota_list(c->h, &list, &n);
	if (err)
		return vacctl_fail(c, "metrics", err);
	/*
	 * Everything is read before anything is printed, so that a failure
	 * prints nothing.  A vac.ko older than GET_VECTOR (-EOPNOTSUPP: the
	 * package was upgraded, the modules are reloaded at the next boot)
	 * leaves the vector family out rather than failing the whole scrape.
	 */
	err = vac_vector_list(c->h, &vec, &nvec);
	vectors = err != -EOPNOTSUPP;
	if (err && vectors) {
		vac_list_free(list);
		return vacctl_fail(c, "metrics", err);
	}

	space_family(res, "vac_space_capacity", SPACE_CAPACITY,
		     "Tags of the space on this host.");
	space_family(res, "vac_space_reserved", SPACE_RESERVED,
		     "Tags of the space reserved by quotas.");
	space_family(res, "vac_space_used", SPACE_USED,
		     "Tags of the space in use.");
	usage_family(list, n, "vac_quota", "gauge", USAGE_QUOTA,
		     "Quota of an instance in a space (svm_asid, ga_vm_id: the range size).");
	usage_family(list, n, "vac_quota_used", "gauge", USAGE_USED,
		     "Tags an instance uses in a space.");
	usage_family(list, n, "vac_quota_exhausted_total", "counter",
		     USAGE_EXHAUSTED,
		     "Allocations refused because the quota was full.");
	entry_family(list, n, "vac_instance_live", ENTRY_LIVE,
		     "1 if the instance is loaded, 0 if only its quota exists.");
	entry_family(list, n, "vac_instance_draining", ENTRY_DRAINING,
		     "1 while the instance creates no new VM.");
	entry_family(list, n, "vac_instance_vms", ENTRY_VMS,
		     "VMs running on the instance.");
	entry_family(list, n, "vac_instance_vcpus", ENTRY_VCPUS,
		     "vCPUs of those VMs.");
	family("vac_instance_info", "gauge",
	       "Which KVM build a loaded instance runs (always 1).");
	for (i = 0; i < n; i++) {
		if (list[i].state != VAC_STATE_LIVE)
			continue;
		fputs("vac_instance_info{instance=\"", stdout);
		label_value(list[i].name);
		fputs("\",version=\"", stdout);
		label_value(list[i].version);
		fputs("\",srcversion=\"", stdout);
		label_value(list[i].srcversion);
		fputs("\"} 1\n", stdout);
	}
	vac_list_free(list);
	if (vectors)
		vector_family(vec, nvec);
	vac_vector_list_free(vec, nvec);
	return VACCTL_OK;
}
