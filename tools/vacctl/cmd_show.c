// SPDX-License-Identifier: GPL-2.0
/*
 * vacctl resource show, set-quota, quota show|del, instance
 * show|drain|resume.
 */
#include <string.h>

#include "print.h"
#include "show.h"
#include "vacctl.h"

static int no_more(const char *cmd, int argc, char **argv)
{
	if (argc > 0)
		return vacctl_err(VACCTL_USAGE, "%s: unexpected '%s'", cmd,
				  argv[0]);
	return 0;
}

/* ---- resource ---------------------------------------------------------- */

static const char resource_help[] =
	"Usage: vacctl resource show\n"
	"Capacity of each tag space and how much is reserved by quotas and used.\n";

static const struct vacctl_word resource_words[] = {
	{ "show", 0 },
};

int cmd_resource(struct vacctl *c, int argc, char **argv)
{
	struct vac_resource res[LIBVAC_SPACES];
	int err, s;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(resource_help, stdout);
		return VACCTL_OK;
	}
	if (argc > 0 && vacctl_lookup("resource", argv[0],
				      VACCTL_WORDS(resource_words)) < 0)
		return VACCTL_USAGE;
	if (argc > 1 && vacctl_is_help(argv[1])) {
		fputs(resource_help, stdout);
		return VACCTL_OK;
	}
	if (argc > 0 && no_more("resource show", argc - 1, argv + 1))
		return VACCTL_USAGE;
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	err = vac_resources(c->h, res);
	if (err)
		return vacctl_fail(c, "resource show", err);

	print_start();
	print_open_object("resources");
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		print_open_object(vac_space_to_name(s));
		print_string(PRINT_FP, NULL, "%-12s", vac_space_to_name(s));
		print_uint(PRINT_ANY, "first", " first %llu", res[s].first);
		print_uint(PRINT_ANY, "capacity", " capacity %llu",
			   res[s].capacity);
		print_uint(PRINT_ANY, "reserved", " reserved %llu",
			   res[s].reserved);
		print_uint(PRINT_ANY, "used", " used %llu", res[s].used);
		print_uint(PRINT_ANY, "free", " free %llu", res[s].free);
		print_nl(0);
		print_close_object();
	}
	print_close_object();
	print_end();
	return VACCTL_OK;
}

/* ---- quota entries, shared with monitor -------------------------------- */

void show_entry(const struct vac_instance *e, bool header, bool stats)
{
	bool live = e->state == VAC_STATE_LIVE;
	const struct vac_space_usage *u;
	int s;

	print_open_object(e->name);
	if (header) {
		print_string(PRINT_FP, NULL, "%s:", e->name);
		print_string(PRINT_ANY, "state", " state %s",
			     vac_state_to_name(e->state));
		/* Text: "draining" when it is, VMs and vCPUs when live. */
		print_bool(PRINT_JSON, "draining", NULL, e->draining);
		if (e->draining)
			print_string(PRINT_FP, NULL, "%s", " draining");
		print_uint(live ? PRINT_ANY : PRINT_JSON, "vms", " vms %llu",
			   e->vms);
		print_uint(live ? PRINT_ANY : PRINT_JSON, "vcpus",
			   " vcpus %llu", e->vcpus);
		/* Which KVM build serves it (empty for stand-ins). */
		print_string(e->version[0] ? PRINT_ANY : PRINT_JSON, "version",
			     " version %s", e->version);
		print_string(PRINT_JSON, "srcversion", NULL, e->srcversion);
	}
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		u = &e->space[s];
		if (!(u->flags & VAC_USAGE_PRESENT))
			continue;
		print_nl(4);
		print_open_object(vac_space_to_name(s));
		print_string(PRINT_FP, NULL, "%-12s", vac_space_to_name(s));
		print_uint(PRINT_ANY, "quota", " quota %llu", u->quota);
		if (u->flags & VAC_USAGE_PENDING)
			print_uint(u->pending != u->quota ? PRINT_ANY :
				   PRINT_JSON, "pending", " pending %llu",
				   u->pending);
		print_uint(PRINT_ANY, "used", " used %llu", u->used);
		if (u->flags & VAC_USAGE_RANGE) {
			print_uint(PRINT_ANY, "range_first", " range %llu",
				   u->range_first);
			print_uint(PRINT_ANY, "range_last", "-%llu",
				   u->range_last);
		}
		if (stats)
			print_uint(PRINT_ANY, "exhausted", " exhausted %llu",
				   u->exhausted);
		print_close_object();
	}
	print_close_object();
}

/* ---- set-quota / quota / instance -------------------------------------- */

static const char set_quota_help[] =
	"Usage: vacctl set-quota NAME SPACE N [SPACE N]...\n"
	"Create or change the quota of instance NAME (loaded or not).\n"
	"SPACE: vpid (max VPIDs), svm_asid (size of the ASID range), sev_asid,\n"
	"sev_es_asid (max ASIDs), ga_vm_id (size of the range of AVIC VM IDs).\n"
	"A range size set while the instance is loaded applies when it next\n"
	"loads.  Spaces not named keep their quota.\n";

int cmd_set_quota(struct vacctl *c, int argc, char **argv)
{
	struct vac_quota q;
	int err;

	if (argc == 0 || vacctl_is_help(argv[0])) {
		fputs(set_quota_help, argc ? stdout : stderr);
		return argc ? VACCTL_OK : VACCTL_USAGE;
	}
	if (vacctl_parse_quota(argc - 1, argv + 1, &q))
		return VACCTL_USAGE;
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	err = vac_quota_set(c->h, argv[0], &q);
	if (err)
		return vacctl_fail(c, "set-quota", err);
	return VACCTL_OK;
}

static const char quota_help[] =
	"Usage: vacctl quota show [NAME]\n"
	"       vacctl quota set NAME SPACE N [SPACE N]...\n"
	"       vacctl quota del NAME\n"
	"Show, change or delete quota entries (configured or live).\n";

static const char instance_help[] =
	"Usage: vacctl instance show [NAME]\n"
	"       vacctl instance drain NAME\n"
	"       vacctl instance resume NAME\n"
	"Loaded KVM instances with their VMs, vCPUs, quotas, use and ranges\n"
	"(svm_asid, ga_vm_id).  drain: NAME creates no new VM (KVM_CREATE_VM\n"
	"fails with EBUSY), its running VMs go on; resume: it creates VMs\n"
	"again.\n";

/* quota show / instance show; @argc, @argv: what follows "show". */
static int show_entries(struct vacctl *c, bool instances, int argc,
			char **argv)
{
	const char *what = instances ? "instance show" : "quota show";
	const char *name = argc > 0 ? argv[0] : NULL;
	struct vac_instance one, *list = &one;
	size_t n = 1, i;
	int err;

	if (vacctl_is_help(name)) {
		fputs(instances ? instance_help : quota_help, stdout);
		return VACCTL_OK;
	}
	if (argc > 1)
		return no_more(what, argc - 1, argv + 1);
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	if (name)
		err = instances ? vac_instance_get(c->h, name, &one) :
				  vac_quota_get(c->h, name, &one);
	else
		err = instances ? vac_instance_list(c->h, &list, &n) :
				  vac_quota_list(c->h, &list, &n);
	if (err)
		return vacctl_fail(c, what, err);

	print_start();
	print_open_object(instances ? "instances" : "quotas");
	for (i = 0; i < n; i++) {
		show_entry(&list[i], true, c->stats);
		print_nl(0);
	}
	print_close_object();
	print_end();
	if (list != &one)
		vac_list_free(list);
	return VACCTL_OK;
}

enum { QUOTA_SHOW, QUOTA_SET, QUOTA_DEL };

static const struct vacctl_word quota_words[] = {
	{ "show", QUOTA_SHOW },
	{ "list", QUOTA_SHOW },
	{ "set", QUOTA_SET },
	{ "del", QUOTA_DEL },
	{ "delete", QUOTA_DEL },
};

int cmd_quota(struct vacctl *c, int argc, char **argv)
{
	int err, id;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(quota_help, stdout);
		return VACCTL_OK;
	}
	if (argc == 0)
		return show_entries(c, false, 0, argv);
	id = vacctl_lookup("quota", argv[0], VACCTL_WORDS(quota_words));
	if (id == QUOTA_SHOW)
		return show_entries(c, false, argc - 1, argv + 1);
	if (id == QUOTA_SET)
		return cmd_set_quota(c, argc - 1, argv + 1);
	if (id == QUOTA_DEL) {
		if (argc < 2 || vacctl_is_help(argv[1])) {
			fputs(quota_help, argc < 2 ? stderr : stdout);
			return argc < 2 ? VACCTL_USAGE : VACCTL_OK;
		}
		if (no_more("quota del", argc - 2, argv + 2))
			return VACCTL_USAGE;
		if (!vacctl_handle(c))
			return VACCTL_SYSTEM;
		err = vac_quota_del(c->h, argv[1]);
		if (err)
			return vacctl_fail(c, "quota del", err);
		return VACCTL_OK;
	}
	return VACCTL_USAGE;
}

/* instance drain|resume NAME (@drain: which), from @argv[1]. */
static int set_draining(struct vacctl *c, bool drain, int argc, char **argv)
{
	const char *what = drain ? "instance drain" : "instance resume";
	int err;

	if (argc < 2 || vacctl_is_help(argv[1])) {
		fputs(instance_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? VACCTL_USAGE : VACCTL_OK;
	}
	if (no_more(what, argc - 2, argv + 2))
		return VACCTL_USAGE;
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	err = vac_instance_drain(c->h, argv[1], drain);
	if (err)
		return vacctl_fail(c, what, err);
	return VACCTL_OK;
}

enum { INSTANCE_SHOW, INSTANCE_DRAIN, INSTANCE_RESUME };

static const struct vacctl_word instance_words[] = {
	{ "show", INSTANCE_SHOW },
	{ "list", INSTANCE_SHOW },
	{ "drain", INSTANCE_DRAIN },
	{ "resume", INSTANCE_RESUME },
};

int cmd_instance(struct vacctl *c, int argc, char **argv)
{
	int id;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(instance_help, stdout);
		return VACCTL_OK;
	}
	if (argc == 0)
		return show_entries(c, true, 0, argv);
	id = vacctl_lookup("instance", argv[0], VACCTL_WORDS(instance_words));
	if (id == INSTANCE_SHOW)
		return show_entries(c, true, argc - 1, argv + 1);
	if (id == INSTANCE_DRAIN || id == INSTANCE_RESUME)
		return set_draining(c, id == INSTANCE_DRAIN, argc, argv);
	return VACCTL_USAGE;
}
