// SPDX-License-Identifier: GPL-2.0
/*
 * vac-move - move a running QEMU guest to a QEMU waiting for it, over
 * their QMP sockets: how a guest leaves a KVM instance that is to be
 * upgraded for another one (docs/vac-move.md, vac-move(1)).
 *
 *   vac-move [-j] [-p] [--shared] [--quit-source] [--uri unix:PATH]
 *            [--timeout SECS] SRC_QMP DST_QMP
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "move.h"
#include "qmp.h"

#ifndef VAC_MOVE_VERSION
#define VAC_MOVE_VERSION "0"
#endif

/*
 * The longest a QMP answer may take.  Each is quick (the migration runs
 * in the background and is polled), so this only bounds a QEMU that hangs
 * or a QMP socket another client holds.
 */
#define REPLY_MS	10000

static void usage(FILE *f)
{
	fputs("Usage: vac-move [OPTIONS] SRC_QMP DST_QMP\n"
	      "\n"
	      "Move the running guest of the QEMU whose QMP socket is SRC_QMP to the\n"
	      "QEMU at DST_QMP, started with the same options and -incoming defer.\n"
	      "\n"
	      "Options:\n"
	      "  --shared         RAM is in shared file backends both QEMUs map:\n"
	      "                   keep it in place (x-ignore-shared), move device state\n"
	      "  --quit-source    quit the source QEMU after the move\n"
	      "  --uri unix:PATH  migration socket (default: DST_QMP.mig)\n"
	      "  --timeout SECS   cancel a migration not done in SECS (default 60)\n"
	      "  -j, --json       JSON output\n"
	      "  -p, --pretty     indented JSON (implies -j)\n"
	      "  -V, --version    print vac-move's version\n"
	      "  -h, --help       this help\n"
	      "\n"
	      "Exit status: 0 moved, 1 usage, 2 QMP or migration failure;\n"
	      "see vac-move(1).\n", f);
}

/* A whole number of seconds, 1 to a day. */
static int parse_secs(const char *s, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > 86400)
		return -1;
	*out = (int)v;
	return 0;
}

static void print_result(const struct move_result *r, bool shared,
			 bool json, bool pretty)
{
	struct json_object *o;

	if (!json) {
		printf("moved in %lld ms, downtime %lld ms, RAM sent %lld kB%s\n",
		       r->total_ms, r->downtime_ms, r->ram_bytes / 1024,
		       shared ? " (shared memory)" : "");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "total_ms",
			       json_object_new_int64(r->total_ms));
	json_object_object_add(o, "downtime_ms",
			       json_object_new_int64(r->downtime_ms));
	json_object_object_add(o, "ram_kb",
			       json_object_new_int64(r->ram_bytes / 1024));
	json_object_object_add(o, "shared", json_object_new_boolean(shared));
	json_object_object_add(o, "setup_ms",
			       json_object_new_int64(r->setup_ms));
	puts(json_object_to_json_string_ext(o, pretty ?
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
		JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

int main(int argc, char **argv)
{
	enum { OPT_SHARED = 256, OPT_QUIT, OPT_URI, OPT_TIMEOUT };
	static const struct option opts[] = {
		{ "json",	 no_argument,	    NULL, 'j' },
		{ "pretty",	 no_argument,	    NULL, 'p' },
		{ "shared",	 no_argument,	    NULL, OPT_SHARED },
		{ "quit-source", no_argument,	    NULL, OPT_QUIT },
		{ "uri",	 required_argument, NULL, OPT_URI },
		{ "timeout",	 required_argument, NULL, OPT_TIMEOUT },
		{ "version",	 no_argument,	    NULL, 'V' },
		{ "help",	 no_argument,	    NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct move_opts mo = { .timeout_ms = 60000 };
	struct move_result res = { 0 };
	struct qmp src = { .fd = -1 }, dst = { .fd = -1 };
	bool json = false, pretty = false;
	char *uri = NULL;
	int o, secs, rc;

	opterr = 0;
	while ((o = getopt_long(argc, argv, ":jpVh", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			json = true;
			break;
		case 'p':
			pretty = true;
			json = true;
			break;
		case OPT_SHARED:
			mo.shared = true;
			break;
		case OPT_QUIT:
			mo.quit_source = true;
			break;
		case OPT_URI:
			mo.uri = optarg;
			break;
		case OPT_TIMEOUT:
			if (parse_secs(optarg, &secs))
				return move_err(VM_EXIT_USAGE,
						"--timeout wants whole seconds from 1 to 86400, not '%s'",
						optarg);
			mo.timeout_ms = secs * 1000;
			break;
		case 'V':
			printf("vac-move %s\n", VAC_MOVE_VERSION);
			return VM_EXIT_OK;
		case 'h':
			usage(stdout);
			return VM_EXIT_OK;
		case ':':
			return move_err(VM_EXIT_USAGE, "%s needs an argument",
					argv[optind - 1]);
		default:
			return move_err(VM_EXIT_USAGE,
					"unknown option '%s' (try vac-move --help)",
					argv[optind - 1]);
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return VM_EXIT_USAGE;
	}

	/*
	 * A unix socket only: a move stays on one host, where the target
	 * can map the source's shared RAM.
	 */
	if (!mo.uri) {
		if (asprintf(&uri, "unix:%s.mig", argv[optind + 1]) < 0)
			return move_err(VM_EXIT_FAIL, "out of memory");
		mo.uri = uri;
	}
	if (strncmp(mo.uri, "unix:", 5) || !mo.uri[5])
		return move_err(VM_EXIT_USAGE, "--uri must be unix:PATH, not '%s'",
				mo.uri);
	if (strlen(mo.uri + 5) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return move_err(VM_EXIT_USAGE,
				"migration socket path %s is too long (use --uri)",
				mo.uri + 5);

	signal(SIGPIPE, SIG_IGN);
	if (qmp_open(&src, "source", argv[optind], REPLY_MS)) {
		rc = move_err(VM_EXIT_FAIL, "source: %s", src.error);
		goto out;
	}
	if (qmp_open(&dst, "target", argv[optind + 1], REPLY_MS)) {
		rc = move_err(VM_EXIT_FAIL, "target: %s", dst.error);
		goto out;
	}
	rc = move_vm(&src, &dst, &mo, &res);
	if (!rc) {
		print_result(&res, mo.shared, json, pretty);
		if (fflush(stdout) || ferror(stdout))
			rc = move_err(VM_EXIT_FAIL, "write error on stdout");
	}
out:
	qmp_close(&src);
	qmp_close(&dst);
	free(uri);
	return rc;
}
