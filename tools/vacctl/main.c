// SPDX-License-Identifier: GPL-2.0
/*
 * vacctl - administer VAC, in the style of iproute2's devlink:
 * vacctl [OPTIONS] OBJECT COMMAND [ARGS].
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"
#include "vacctl.h"

#ifndef VACCTL_VERSION
#define VACCTL_VERSION "0"
#endif

static void usage(FILE *f)
{
	fputs("Usage: vacctl [OPTIONS] COMMAND [ARGS]\n"
	      "\n"
	      "Commands:\n"
	      "  resource show                       tag spaces of the host\n"
	      "  set-quota NAME SPACE N [SPACE N]... create or change a quota\n"
	      "  quota show [NAME]                   quota entries\n"
	      "  quota del NAME                      delete a quota entry\n"
	      "  instance show [NAME]                loaded KVM instances\n"
	      "  instance drain|resume NAME          stop / restart new VMs on NAME\n"
	      "  vector show [NAME]                  interrupt hooks and their instances\n"
	      "  monitor [count N]                   print events until Ctrl-C\n"
	      "  save                                print all quotas as a quota file\n"
	      "  apply FILE                          apply a quota file (all or nothing)\n"
	      "  exec NAME -- CMD [ARG]...           run CMD with /dev/kvm = /dev/kvm-NAME\n"
	      "  version                             versions of vacctl and /dev/vac\n"
	      "  metrics                             all of it in Prometheus' text format\n"
	      "\n"
	      "SPACE is vpid, svm_asid, sev_asid, sev_es_asid or ga_vm_id.\n"
	      "\n"
	      "Commands and their words may be abbreviated to any unique\n"
	      "prefix: vacctl q sh is vacctl quota show.\n"
	      "\n"
	      "Options:\n"
	      "  -b, --batch FILE  run the commands of FILE (- for stdin), one\n"
	      "                    a line, stopping at the first that fails\n"
	      "  -s, --statistics  counters too: allocations refused per space,\n"
	      "                    events per vector and instance\n"
	      "  -j, --json        JSON output\n"
	      "  -p, --pretty      indented JSON (with -j)\n"
	      "  -d, --device PATH use PATH instead of /dev/vac\n"
	      "  -V, --version     print vacctl's version\n"
	      "  -h, --help        this help; COMMAND --help for a command's\n"
	      "\n"
	      "Exit status: 0 ok, 1 usage or bad file, 2 refused by /dev/vac,\n"
	      "3 system error; see vacctl(8).\n", f);
}

/* In a batch, where the command being run comes from ("FILE:LINE"). */
static char err_where[4200];

int vacctl_err(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("vacctl: ", stderr);
	if (err_where[0])
		fprintf(stderr, "%s: ", err_where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

struct vac_handle *vacctl_handle(struct vacctl *c)
{
	const char *path = c->device ? c->device : VAC_DEVICE_PATH;

	if (c->h)
		return c->h;
	c->h = vac_open(path);
	if (!c->h)
		vacctl_err(VACCTL_SYSTEM, "cannot open %s: %s%s", path,
			   strerror(errno),
			   errno == ENOENT ? " (is vac.ko loaded?)" : "");
	return c->h;
}

int vacctl_fail(struct vacctl *c, const char *what, int err)
{
	const char *msg = c->h ? vac_strerror(c->h) : "";

	if (!msg[0])
		msg = strerror(-err);
	/* Errors of the transport are system errors, not refusals. */
	if (err == -EBADMSG || err == -EIO || err == -EPIPE || err == -ENOMEM)
		return vacctl_err(VACCTL_SYSTEM, "%s: %s", what, msg);
	return vacctl_err(VACCTL_REFUSED, "%s: %s", what, msg);
}

bool vacctl_is_help(const char *arg)
{
	return arg && (!strcmp(arg, "-h") || !strcmp(arg, "--help") ||
		       !strcmp(arg, "help"));
}

int vacctl_parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int vacctl_parse_quota(int argc, char **argv, struct vac_quota *q)
{
	int i, space;
	uint32_t v;

	memset(q, 0, sizeof(*q));
	for (i = 0; i < argc; i += 2) {
		space = vac_space_from_name(argv[i]);
		if (space < 0)
			return vacctl_err(VACCTL_USAGE,
				"unknown space '%s' (expected vpid, svm_asid, sev_asid, sev_es_asid or ga_vm_id)",
				argv[i]);
		if (q->mask & (1U << space))
			return vacctl_err(VACCTL_USAGE, "space '%s' given twice",
					  argv[i]);
		if (i + 1 >= argc)
			return vacctl_err(VACCTL_USAGE,
					  "missing number after '%s'", argv[i]);
		if (vacctl_parse_u32(argv[i + 1], &v))
			return vacctl_err(VACCTL_USAGE,
				"bad number '%s' for %s (0 to 4294967295)",
				argv[i + 1], argv[i]);
		q->mask |= 1U << space;
		q->max[space] = v;
	}
	if (!q->mask)
		return vacctl_err(VACCTL_USAGE,
				  "no space given (e.g. vpid 1024 svm_asid 7)");
	return 0;
}

int cmd_version(struct vacctl *c, int argc, char **argv)
{
	uint32_t v;
	int err;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		printf("Usage: vacctl version\n"
		       "Print vacctl's version and /dev/vac's protocol version.\n");
		return VACCTL_OK;
	}
	if (argc > 0)
		return vacctl_err(VACCTL_USAGE, "version: unexpected '%s'",
				  argv[0]);
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	err = vac_version(c->h, &v);
	if (err)
		return vacctl_fail(c, "version", err);
	print_start();
	print_string(PRINT_ANY, "vacctl", "vacctl %s", VACCTL_VERSION);
	print_uint(PRINT_ANY, "protocol", " protocol %llu", v);
	print_nl(0);
	print_end();
	return VACCTL_OK;
}

static int (*const command_fns[])(struct vacctl *c, int argc, char **argv) = {
	cmd_resource, cmd_set_quota, cmd_quota, cmd_instance, cmd_monitor,
	cmd_save, cmd_apply, cmd_exec, cmd_version, cmd_metrics, cmd_vector,
};

/* The ids index command_fns[]. */
static const struct vacctl_word command_words[] = {
	{ "resource", 0 },
	{ "set-quota", 1 },
	{ "quota", 2 },
	{ "instance", 3 },
	{ "monitor", 4 },
	{ "save", 5 },
	{ "apply", 6 },
	{ "exec", 7 },
	{ "version", 8 },
	{ "metrics", 9 },
	{ "vector", 10 },
};

#define CMD_EXEC	7

/* Run the command of @argv (its word first); its exit code. */
static int run_command(struct vacctl *c, int argc, char **argv, bool batch)
{
	int id;

	if (!strcmp(argv[0], "help")) {
		usage(stdout);
		return VACCTL_OK;
	}
	id = vacctl_lookup(NULL, argv[0], VACCTL_WORDS(command_words));
	if (id < 0)
		return VACCTL_USAGE;
	if (batch && id == CMD_EXEC)
		return vacctl_err(VACCTL_USAGE, "exec does not run in a batch");
	return command_fns[id](c, argc - 1, argv + 1);
}

#define BATCH_MAX_WORDS	64

/*
 * -b FILE: one command a line, words split at blanks, '#' to the end of
 * the line a comment.  The first command that fails stops the batch with
 * its exit code; its error names the file and line.
 */
static int run_batch(struct vacctl *c, const char *fname)
{
	FILE *f = strcmp(fname, "-") ? fopen(fname, "r") : stdin;
	char *line = NULL, *words[BATCH_MAX_WORDS], *p;
	unsigned int lineno = 0;
	size_t cap = 0;
	int n, rc = VACCTL_OK;

	if (!f)
		return vacctl_err(VACCTL_USAGE, "batch: cannot open %s: %s",
				  fname, strerror(errno));
	while (rc == VACCTL_OK && getline(&line, &cap, f) >= 0) {
		lineno++;
		p = strchr(line, '#');
		if (p)
			*p = '\0';
		n = 0;
		for (p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
			if (n == BATCH_MAX_WORDS) {
				n = -1;
				break;
			}
			words[n++] = p;
		}
		snprintf(err_where, sizeof(err_where), "%s:%u", fname, lineno);
		if (n < 0)
			rc = vacctl_err(VACCTL_USAGE, "more than %d words",
					BATCH_MAX_WORDS);
		else if (n > 0)
			rc = run_command(c, n, words, true);
		err_where[0] = '\0';
		if (fflush(stdout) || ferror(stdout))
			rc = vacctl_err(VACCTL_SYSTEM, "write error on stdout");
	}
	if (rc == VACCTL_OK && ferror(f))
		rc = vacctl_err(VACCTL_SYSTEM, "batch: reading %s: %s", fname,
				strerror(errno));
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "batch",	required_argument,	NULL, 'b' },
		{ "statistics",	no_argument,		NULL, 's' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "pretty",	no_argument,		NULL, 'p' },
		{ "device",	required_argument,	NULL, 'd' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *batch = NULL;
	struct vacctl c = { 0 };
	int o, rc;

	/* '+': options come before the command, as with devlink. */
	opterr = 0;
	while ((o = getopt_long(argc, argv, "+:b:sjpd:Vh", opts, NULL)) != -1) {
		switch (o) {
		case 'b':
			batch = optarg;
			break;
		case 's':
			c.stats = true;
			break;
		case 'j':
			c.json = true;
			break;
		case 'p':
			c.pretty = true;
			break;
		case 'd':
			c.device = optarg;
			break;
		case 'V':
			printf("vacctl %s\n", VACCTL_VERSION);
			return VACCTL_OK;
		case 'h':
			usage(stdout);
			return VACCTL_OK;
		case ':':
			return vacctl_err(VACCTL_USAGE, "%s needs %s",
					  argv[optind - 1],
					  optopt == 'b' ? "a file" : "a path");
		default:
			return vacctl_err(VACCTL_USAGE,
					  "unknown option '%s' (try vacctl --help)",
					  argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (batch && argc > 0)
		return vacctl_err(VACCTL_USAGE,
				  "-b runs the file's commands: unexpected '%s'",
				  argv[0]);
	if (!batch && argc == 0) {
		usage(stderr);
		return VACCTL_USAGE;
	}
	print_init(stdout, c.json, c.pretty);
	if (batch)
		rc = run_batch(&c, batch);
	else
		rc = run_command(&c, argc, argv, false);
	vac_close(c.h);
	if (fflush(stdout) || ferror(stdout))
		return vacctl_err(VACCTL_SYSTEM, "write error on stdout");
	return rc;
}
