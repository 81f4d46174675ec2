// SPDX-License-Identifier: GPL-2.0
/*
 * vacctl save / apply: quota files (format in vacctl(8) and config.c).
 *
 * apply is all or nothing: the whole file is parsed and validated before
 * the first request; the current entry of every name is read so that,
 * when the kernel refuses one quota midway, the ones already applied are
 * put back (in reverse order, which keeps every intermediate state one
 * the kernel accepted before).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vacctl.h"

static const char save_help[] =
	"Usage: vacctl save > FILE\n"
	"Print every quota entry in the quota-file format of vacctl apply.\n";

int cmd_save(struct vacctl *c, int argc, char **argv)
{
	struct vac_instance *list;
	size_t n;
	int err;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(save_help, stdout);
		return VACCTL_OK;
	}
	if (argc > 0)
		return vacctl_err(VACCTL_USAGE, "save: unexpected '%s'",
				  argv[0]);
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	err = vac_quota_list(c->h, &list, &n);
	if (err)
		return vacctl_fail(c, "save", err);
	err = vac_config_write(stdout, list, n);
	vac_list_free(list);
	if (err)
		return vacctl_err(VACCTL_SYSTEM, "save: write error");
	return VACCTL_OK;
}

struct prior {
	bool existed;
	struct vac_instance entry;
};

/* Put @p back for @name; returns 0 or a negative errno. */
static int restore(struct vac_handle *h, const char *name,
		   const struct prior *p)
{
	struct vac_quota q = { 0 };
	int s;

	if (!p->existed)
		return vac_quota_del(h, name);
	for (s = 0; s < VAC_SPACE_COUNT; s++) {
		const struct vac_space_usage *u = &p->entry.space[s];

		if (!(u->flags & VAC_USAGE_PRESENT))
			continue;
		q.mask |= 1U << s;
		/*
		 * A range space (VAC_USAGE_PENDING: svm_asid, ga_vm_id) goes
		 * back to its pending size, the one last set: SET_QUOTA
		 * sets that, while a live range keeps its older size in
		 * @quota until the next load.
		 */
		q.max[s] = u->flags & VAC_USAGE_PENDING ? u->pending :
							  u->quota;
	}
	return q.mask ? vac_quota_set(h, name, &q) : 0;
}

static const char apply_help[] =
	"Usage: vacctl apply FILE\n"
	"Apply a quota file (lines 'quota NAME SPACE N [SPACE N]...', '#'\n"
	"comments; '-' reads stdin).  Every line is checked first; a bad line\n"
	"is reported as FILE:LINE: reason and nothing is applied.  If the\n"
	"kernel refuses a quota midway, the quotas already applied are\n"
	"rolled back.\n";

int cmd_apply(struct vacctl *c, int argc, char **argv)
{
	struct vac_config cfg;
	struct prior *prior = NULL;
	char err[LIBVAC_ERRMSG_LEN + 64];
	const char *fname;
	size_t i, j, undone = 0;
	int rc, ret = VACCTL_OK;
	FILE *f;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(apply_help, stdout);
		return VACCTL_OK;
	}
	if (argc != 1) {
		fputs(apply_help, stderr);
		return VACCTL_USAGE;
	}
	fname = argv[0];
	f = strcmp(fname, "-") ? fopen(fname, "r") : stdin;
	if (!f)
		return vacctl_err(VACCTL_USAGE, "apply: %s: %s", fname,
				  strerror(errno));
	rc = vac_config_parse(f, fname, &cfg, err, sizeof(err));
	if (f != stdin)
		fclose(f);
	if (rc == -EINVAL || rc == -EIO)
		return vacctl_err(VACCTL_USAGE, "%s", err);
	if (rc)
		return vacctl_err(VACCTL_SYSTEM, "apply: %s", strerror(-rc));

	if (!vacctl_handle(c)) {
		ret = VACCTL_SYSTEM;
		goto out;
	}
	prior = calloc(cfg.count ? cfg.count : 1, sizeof(*prior));
	if (!prior) {
		ret = vacctl_err(VACCTL_SYSTEM, "apply: out of memory");
		goto out;
	}
	/* Remember what each name had, before changing anything. */
	for (i = 0; i < cfg.count; i++) {
		rc = vac_quota_get(c->h, cfg.entries[i].name, &prior[i].entry);
		if (rc == -ENOENT)
			continue;
		if (rc) {
			ret = vacctl_fail(c, "apply", rc);
			goto out;
		}
		prior[i].existed = true;
	}
	for (i = 0; i < cfg.count; i++) {
		const struct vac_config_entry *e = &cfg.entries[i];

		rc = vac_quota_set(c->h, e->name, &e->quota);
		if (!rc)
			continue;
		ret = vacctl_err(VACCTL_REFUSED,
				 "%s:%u: quota %s refused: %s", fname, e->line,
				 e->name, vac_strerror(c->h));
		for (j = i; j-- > 0;) {
			rc = restore(c->h, cfg.entries[j].name, &prior[j]);
			if (rc) {
				vacctl_err(VACCTL_SYSTEM,
					   "apply: rolling back quota %s failed: %s",
					   cfg.entries[j].name,
					   vac_strerror(c->h));
				ret = VACCTL_SYSTEM;
			} else {
				undone++;
			}
		}
		if (ret == VACCTL_REFUSED)
			vacctl_err(ret, "apply: nothing applied (%zu quota%s rolled back)",
				   undone, undone == 1 ? "" : "s");
		goto out;
	}
out:
	free(prior);
	vac_config_free(&cfg);
	return ret;
}
