/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small synchronous QMP client: one QEMU monitor socket, one command at
 * a time.  Replies are matched by "id", so events QEMU sends in between
 * (STOP, RESUME, MIGRATION, ...) are read and dropped.
 */
#ifndef _VAC_MOVE_QMP_H
#define _VAC_MOVE_QMP_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* qmp_exec() results besides 0. */
enum {
	QMP_EREPLY = -1,	/* QEMU answered with an error */
	QMP_EIO = -2,		/* connection lost, timeout, bad JSON */
};

struct qmp {
	const char *name;	/* "source" or "target", for messages */
	const char *path;
	int fd;
	int timeout_ms;		/* for each reply */
	int next_id;
	struct json_tokener *tok;
	char buf[4096];
	size_t start, end;	/* unparsed bytes of buf */
	bool timed_out;		/* the last QMP_EIO was a timeout */
	char error[512];	/* the last QMP_EREPLY or QMP_EIO, for messages */
};

/*
 * Connect to the QMP socket at @path, read the greeting and leave
 * capabilities negotiation.  0, or QMP_EIO / QMP_EREPLY with q->error set.
 */
int qmp_open(struct qmp *q, const char *name, const char *path,
	     int timeout_ms);
void qmp_close(struct qmp *q);

/*
 * Run @cmd with @args (a JSON object, or NULL; taken over either way).
 * On 0, *ret (if @ret) holds QEMU's "return" value, to be put by the
 * caller.  QMP_EREPLY: q->error is QEMU's "desc"; QMP_EIO: what went
 * wrong with the connection.
 */
int qmp_exec(struct qmp *q, const char *cmd, struct json_object *args,
	     struct json_object **ret);

/*
 * Wait up to @timeout_ms for QEMU to close the connection (after quit):
 * 0 if it did, -1 if not.
 */
int qmp_wait_close(struct qmp *q, int timeout_ms);

/* CLOCK_MONOTONIC in ms, for deadlines. */
long long qmp_now_ms(void);

/* Member @key of object @o as a string, or NULL. */
const char *qmp_str(struct json_object *o, const char *key);

/* Member @key of object @o as an integer, or @def if absent. */
long long qmp_int(struct json_object *o, const char *key, long long def);

#endif /* _VAC_MOVE_QMP_H */
