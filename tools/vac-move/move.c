// SPDX-License-Identifier: GPL-2.0
/*
 * The steps of a move, as docs/vac-move.md lists them: check both QEMUs,
 * optionally keep shared RAM in place (x-ignore-shared), start the
 * incoming side, migrate, poll until done, check the target runs.
 *
 * Everything that can be refused is checked before the first change, so a
 * refused move leaves both QEMUs as they were.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "move.h"

/*
 * How often query-migrate is asked: a move with shared RAM takes some
 * tens of milliseconds, and a coarser poll would often wait longer than that.
 */
#define POLL_MS		25

int move_err(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("vac-move: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

static int qmp_err(struct qmp *q)
{
	return move_err(VM_EXIT_FAIL, "%s: %s", q->name, q->error);
}

static void sleep_ms(int ms)
{
	usleep(ms * 1000);
}

/* QEMU's run state (query-status "status") into @buf. */
static int run_state(struct qmp *q, char *buf, size_t len)
{
	struct json_object *r;

	if (qmp_exec(q, "query-status", NULL, &r))
		return qmp_err(q);
	snprintf(buf, len, "%s", qmp_str(r, "status") ?: "unknown");
	json_object_put(r);
	return 0;
}

static int check_states(struct qmp *src, struct qmp *dst)
{
	char st[64];

	if (run_state(src, st, sizeof(st)))
		return VM_EXIT_FAIL;
	if (strcmp(st, "running"))
		return move_err(VM_EXIT_FAIL,
				"source %s: the guest is %s, not running",
				src->path, st);
	if (run_state(dst, st, sizeof(st)))
		return VM_EXIT_FAIL;
	if (strcmp(st, "inmigrate"))
		return move_err(VM_EXIT_FAIL,
				"target %s is %s, not waiting for an incoming migration (start it with -incoming defer)",
				dst->path, st);
	return 0;
}

/*
 * The mem-path of memory backend @id into *path (malloc'ed), NULL if @q
 * has no such file backend.
 */
static int mem_path(struct qmp *q, const char *id, char **path)
{
	struct json_object *args = json_object_new_object(), *r;
	char obj[256];
	int rc;

	*path = NULL;
	snprintf(obj, sizeof(obj), "/objects/%s", id);
	json_object_object_add(args, "path", json_object_new_string(obj));
	json_object_object_add(args, "property",
			       json_object_new_string("mem-path"));
	rc = qmp_exec(q, "qom-get", args, &r);
	if (rc == QMP_EREPLY)
		return 0;
	if (rc)
		return qmp_err(q);
	if (json_object_is_type(r, json_type_string))
		*path = strdup(json_object_get_string(r));
	json_object_put(r);
	return 0;
}

/*
 * x-ignore-shared leaves every shared RAM block out of the stream: the
 * target must map the very same memory, which only a file backend can
 * give it (a shared memfd is the source process's own).  Each shared
 * backend of the source must therefore be a file the target's backend of
 * the same id maps too; without any, --shared would copy all RAM anyway.
 */
static int check_shared(struct qmp *src, struct qmp *dst)
{
	struct json_object *list, *m, *v;
	char *sp = NULL, *dp = NULL;
	const char *id;
	size_t i, n = 0;
	int rc = 0;

	if (qmp_exec(src, "query-memdev", NULL, &list))
		return qmp_err(src);
	for (i = 0; !rc && i < json_object_array_length(list); i++) {
		m = json_object_array_get_idx(list, i);
		if (!json_object_object_get_ex(m, "share", &v) ||
		    !json_object_get_boolean(v))
			continue;
		id = qmp_str(m, "id") ?: "?";
		rc = mem_path(src, id, &sp);
		if (!rc && !sp)
			rc = move_err(VM_EXIT_FAIL,
				      "--shared: the source's shared memory backend %s is no memory-backend-file: its RAM would not reach the target",
				      id);
		if (!rc)
			rc = mem_path(dst, id, &dp);
		if (!rc && (!dp || strcmp(sp, dp)))
			rc = move_err(VM_EXIT_FAIL,
				      "--shared: memory backend %s maps %s on the source but %s on the target",
				      id, sp, dp ?: "no file");
		free(sp);
		free(dp);
		sp = NULL;
		dp = NULL;
		n++;
	}
	json_object_put(list);
	if (!rc && !n)
		rc = move_err(VM_EXIT_FAIL,
			      "--shared: no memory backend of the source has share=on (without --shared its RAM is copied)");
	return rc;
}

static int set_ignore_shared(struct qmp *q)
{
	struct json_object *args = json_object_new_object();
	struct json_object *caps = json_object_new_array();
	struct json_object *cap = json_object_new_object();

	json_object_object_add(cap, "capability",
			       json_object_new_string("x-ignore-shared"));
	json_object_object_add(cap, "state", json_object_new_boolean(1));
	json_object_array_add(caps, cap);
	json_object_object_add(args, "capabilities", caps);
	if (qmp_exec(q, "migrate-set-capabilities", args, NULL))
		return qmp_err(q);
	return 0;
}

static int migrate_cmd(struct qmp *q, const char *cmd, const char *uri)
{
	struct json_object *args = json_object_new_object();

	json_object_object_add(args, "uri", json_object_new_string(uri));
	if (qmp_exec(q, cmd, args, NULL))
		return qmp_err(q);
	return 0;
}

static bool is_socket(const char *path)
{
	struct stat st;

	return !lstat(path, &st) && S_ISSOCK(st.st_mode);
}

/* A socket left at @path by an earlier move goes; anything else stays. */
static int clear_socket(const char *path)
{
	if (is_socket(path))
		unlink(path);
	else if (!access(path, F_OK))
		return move_err(VM_EXIT_FAIL,
				"%s exists and is not a socket: choose another --uri",
				path);
	return 0;
}

/*
 * QEMU 7.2 listens before it answers migrate-incoming; waiting for the
 * socket costs nothing then, and spares the source a refused connection
 * (a failed migration) should a QEMU answer first.
 */
static int wait_socket(struct qmp *dst, const char *path)
{
	long long deadline = qmp_now_ms() + dst->timeout_ms;

	while (!is_socket(path)) {
		if (qmp_now_ms() >= deadline)
			return move_err(VM_EXIT_FAIL,
					"target: no migration socket %s %d ms after migrate-incoming",
					path, dst->timeout_ms);
		sleep_ms(10);
	}
	return 0;
}

/*
 * Poll the source until the migration is over.  At o->timeout_ms it is
 * cancelled, so the guest keeps running on the source rather than hang
 * in between; a migration that completes while it is cancelled counts.
 */
static int wait_migration(struct qmp *src, const struct move_opts *o,
			  struct move_result *r)
{
	long long deadline = qmp_now_ms() + o->timeout_ms;
	struct json_object *m, *ram;
	bool cancelled = false;
	char st[64];

	for (;;) {
		if (qmp_exec(src, "query-migrate", NULL, &m))
			return qmp_err(src);
		snprintf(st, sizeof(st), "%s", qmp_str(m, "status") ?: "none");
		if (!strcmp(st, "completed"))
			break;
		if (!strcmp(st, "failed") || !strcmp(st, "cancelled")) {
			if (cancelled)
				move_err(0, "migration not completed in %d s: cancelled, the guest runs on the source",
					 o->timeout_ms / 1000);
			else
				move_err(0, "migration %s: %s (the guest stays on the source; the target QEMU's output tells its side)",
					 st, qmp_str(m, "error-desc") ?:
					 "QEMU gave no reason");
			json_object_put(m);
			return VM_EXIT_FAIL;
		}
		json_object_put(m);
		if (qmp_now_ms() >= deadline) {
			if (cancelled)
				return move_err(VM_EXIT_FAIL,
						"migration neither completed nor cancelled (status %s)",
						st);
			if (qmp_exec(src, "migrate_cancel", NULL, NULL))
				return qmp_err(src);
			cancelled = true;
			deadline = qmp_now_ms() + src->timeout_ms;
		}
		sleep_ms(POLL_MS);
	}
	r->total_ms = qmp_int(m, "total-time", -1);
	r->downtime_ms = qmp_int(m, "downtime", -1);
	r->setup_ms = qmp_int(m, "setup-time", -1);
	r->ram_bytes = json_object_object_get_ex(m, "ram", &ram) ?
		qmp_int(ram, "transferred", -1) : 0;
	json_object_put(m);
	if (r->total_ms < 0 || r->downtime_ms < 0 || r->setup_ms < 0 ||
	    r->ram_bytes < 0)
		return move_err(VM_EXIT_FAIL,
				"query-migrate: completed without total-time, downtime, setup-time or ram");
	return 0;
}

/* The target resumes the guest once it has loaded the last of the state. */
static int wait_target_running(struct qmp *dst)
{
	long long deadline = qmp_now_ms() + dst->timeout_ms;
	char st[64];

	for (;;) {
		if (run_state(dst, st, sizeof(st)))
			return VM_EXIT_FAIL;
		if (!strcmp(st, "running"))
			return 0;
		if (qmp_now_ms() >= deadline)
			return move_err(VM_EXIT_FAIL,
					"target %s is %s after the migration, not running",
					dst->path, st);
		sleep_ms(POLL_MS);
	}
}

static int quit_source(struct qmp *src)
{
	/* QEMU may close the socket before its answer is read: that is fine. */
	if (qmp_exec(src, "quit", NULL, NULL) == QMP_EREPLY ||
	    src->timed_out)
		return qmp_err(src);
	if (qmp_wait_close(src, src->timeout_ms))
		return move_err(VM_EXIT_FAIL,
				"source %s still there %d ms after quit",
				src->path, src->timeout_ms);
	return 0;
}

int move_vm(struct qmp *src, struct qmp *dst, const struct move_opts *o,
	    struct move_result *r)
{
	const char *sock = o->uri + strlen("unix:");
	int rc;

	rc = check_states(src, dst);
	if (!rc && o->shared)
		rc = check_shared(src, dst);
	if (!rc)
		rc = clear_socket(sock);
	if (rc)
		return rc;

	/* Both sides must agree on which blocks travel. */
	if (o->shared && (set_ignore_shared(dst) || set_ignore_shared(src)))
		return VM_EXIT_FAIL;
	rc = migrate_cmd(dst, "migrate-incoming", o->uri);
	if (!rc)
		rc = wait_socket(dst, sock);
	if (!rc)
		rc = migrate_cmd(src, "migrate", o->uri);
	if (!rc)
		rc = wait_migration(src, o, r);
	if (!rc)
		rc = wait_target_running(dst);
	if (!rc && o->quit_source)
		rc = quit_source(src);
	/* QEMU removes its listening socket itself; one left over goes. */
	if (is_socket(sock))
		unlink(sock);
	return rc;
}
