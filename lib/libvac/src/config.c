// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Quota files: the text format of `vacctl save` / `vacctl apply`.
 *
 *	# comment
 *	quota NAME SPACE N [SPACE N]...
 *
 * The whole file is parsed and validated before anything is returned, so
 * that a caller can apply all of it or none of it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <vac/libvac.h>

#define DELIM " \t\r\n\v\f"

struct parse_ctx {
	const char *fname;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int fail(struct parse_ctx *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct parse_ctx *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err || !p->errlen)
		return -EINVAL;
	n = snprintf(p->err, p->errlen, "%s:%u: ", p->fname, p->line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Strict decimal u32: digits only, no sign, no overflow. */
static int parse_u32(const char *s, uint32_t *out)
{
	unsigned long long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > UINT32_MAX)
			return -ERANGE;
	}
	*out = (uint32_t)v;
	return 0;
}

static int parse_line(struct parse_ctx *p, char *line,
		      struct vac_config_entry *e)
{
	char *save, *tok, *hash, *val;
	int space;
	uint32_t v;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	tok = strtok_r(line, DELIM, &save);
	if (!tok)
		return 0;	/* blank or comment */
	if (strcmp(tok, "quota"))
		return fail(p, "unknown keyword '%s' (expected 'quota')", tok);
	tok = strtok_r(NULL, DELIM, &save);
	if (!tok)
		return fail(p, "missing instance name after 'quota'");
	if (!vac_name_valid(tok))
		return fail(p, "invalid instance name '%s' (1 to %d of a-z 0-9 _ -, starting with a letter or digit)",
			    tok, VAC_NAME_LEN - 1);
	memset(e, 0, sizeof(*e));
	strcpy(e->name, tok);
	e->line = p->line;
	while ((tok = strtok_r(NULL, DELIM, &save))) {
		space = vac_space_from_name(tok);
		if (space < 0)
			return fail(p, "unknown space '%s' (expected vpid, svm_asid, sev_asid, sev_es_asid or ga_vm_id)",
				    tok);
		if (e->quota.mask & (1U << space))
			return fail(p, "space '%s' given twice", tok);
		val = strtok_r(NULL, DELIM, &save);
		if (!val)
			return fail(p, "missing number after '%s'", tok);
		if (parse_u32(val, &v))
			return fail(p, "bad number '%s' for %s (0 to 4294967295)",
				    val, tok);
		e->quota.mask |= 1U << space;
		e->quota.max[space] = v;
	}
	if (!e->quota.mask)
		return fail(p, "no space given for '%s'", e->name);
	return 1;
}

int vac_config_parse(FILE *f, const char *fname, struct vac_config *cfg,
		     char *err, size_t errlen)
{
	struct parse_ctx p = { .fname = fname ? fname : "-", .err = err,
			       .errlen = errlen };
	struct vac_config_entry e, *v = NULL;
	size_t n = 0, cap = 0, i, linecap = 0;
	char *line = NULL;
	ssize_t len;
	int rc = 0;

	if (err && errlen)
		err[0] = '\0';
	cfg->entries = NULL;
	cfg->count = 0;
	while ((len = getline(&line, &linecap, f)) >= 0) {
		p.line++;
		if (memchr(line, '\0', len)) {
			rc = fail(&p, "NUL byte in line");
			break;
		}
		rc = parse_line(&p, line, &e);
		if (rc < 0)
			break;
		if (rc == 0)
			continue;
		rc = 0;
		for (i = 0; i < n; i++)
			if (!strcmp(v[i].name, e.name))
				break;
		if (i < n) {
			rc = fail(&p, "quota for '%s' already given at line %u",
				  e.name, v[i].line);
			break;
		}
		if (n == cap) {
			struct vac_config_entry *nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				rc = -ENOMEM;
				break;
			}
			v = nv;
		}
		v[n++] = e;
	}
	if (!rc && ferror(f)) {
		rc = -EIO;
		if (err && errlen)
			snprintf(err, errlen, "%s: read error", p.fname);
	}
	free(line);
	if (rc) {
		free(v);
		return rc;
	}
	cfg->entries = v;
	cfg->count = n;
	return 0;
}

void vac_config_free(struct vac_config *cfg)
{
	free(cfg->entries);
	cfg->entries = NULL;
	cfg->count = 0;
}

int vac_config_write(FILE *f, const struct vac_instance *list, size_t count)
{
	const struct vac_space_usage *u;
	size_t i;
	int s;

	fprintf(f, "# VAC quotas (vacctl save); apply with: vacctl apply FILE\n");
	for (i = 0; i < count; i++) {
		fprintf(f, "quota %s", list[i].name);
		for (s = 0; s < VAC_SPACE_COUNT; s++) {
			u = &list[i].space[s];
			/*
			 * A range space (svm_asid, ga_vm_id) has its pending
			 * size: the range the next registration carves, which
			 * is what applying the file should configure.  The
			 * flag, not a list of spaces, says which ones are:
			 * the kernel sends a pending size for every range
			 * space, so a new one needs no change here.
			 */
			fprintf(f, " %s %u", vac_space_to_name(s),
				u->flags & VAC_USAGE_PENDING ? u->pending :
							       u->quota);
		}
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}
