// SPDX-License-Identifier: GPL-2.0
/*
 * QMP over a unix socket (QEMU's docs/interop/qmp-spec): a greeting, then
 * one JSON object per command and reply.  Messages are parsed as a stream
 * with json-c's tokener rather than split at newlines, so a monitor
 * started with pretty=on works as well.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "qmp.h"

long long qmp_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int qmp_fail(struct qmp *q, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q->error, sizeof(q->error), fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * Read more bytes into q->buf, waiting until @deadline at most: 1 if some
 * came, 0 at end of file, -1 on timeout or error (errno).
 */
static int qmp_fill(struct qmp *q, long long deadline)
{
	struct pollfd p = { .fd = q->fd, .events = POLLIN };
	long long left;
	ssize_t n;
	int rc;

	if (q->start == q->end) {
		q->start = 0;
		q->end = 0;
	}
	for (;;) {
		left = deadline - qmp_now_ms();
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		n = read(q->fd, q->buf + q->end, sizeof(q->buf) - q->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		q->end += n;
		return n > 0;
	}
}

/*
 * The next JSON message from QEMU, by @deadline: 0 and *obj, or QMP_EIO
 * (q->error says why, after "@what: ").
 */
static int qmp_read(struct qmp *q, const char *what, long long deadline,
		    struct json_object **obj)
{
	enum json_tokener_error err;
	int rc;

	q->timed_out = false;
	for (;;) {
		if (q->start < q->end) {
			*obj = json_tokener_parse_ex(q->tok, q->buf + q->start,
						     q->end - q->start);
			err = json_tokener_get_error(q->tok);
			if (err == json_tokener_success) {
				q->start += json_tokener_get_parse_end(q->tok);
				if (json_object_is_type(*obj, json_type_object))
					return 0;
				json_object_put(*obj);
				return qmp_fail(q, QMP_EIO,
					"%s: QEMU sent JSON that is no object",
					what);
			}
			if (err != json_tokener_continue) {
				json_tokener_reset(q->tok);
				return qmp_fail(q, QMP_EIO,
					"%s: bad JSON from QEMU: %s", what,
					json_tokener_error_desc(err));
			}
			/* The tokener keeps the partial message. */
			q->start = q->end;
		}
		rc = qmp_fill(q, deadline);
		if (rc == 0)
			return qmp_fail(q, QMP_EIO,
				"%s: connection closed by QEMU (did it exit?)",
				what);
		if (rc < 0 && errno == ETIMEDOUT) {
			q->timed_out = true;
			return qmp_fail(q, QMP_EIO, "%s: no answer in %d ms",
					what, q->timeout_ms);
		}
		if (rc < 0)
			return qmp_fail(q, QMP_EIO, "%s: read: %s", what,
					strerror(errno));
	}
}

static int qmp_send(struct qmp *q, const char *what, const char *s)
{
	size_t len = strlen(s), off = 0;
	ssize_t n;

	while (off < len) {
		/* MSG_NOSIGNAL: a QEMU that is gone is an error, not SIGPIPE. */
		n = send(q->fd, s + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return qmp_fail(q, QMP_EIO, "%s: send: %s", what,
					strerror(errno));
		off += n;
	}
	return 0;
}

int qmp_exec(struct qmp *q, const char *cmd, struct json_object *args,
	     struct json_object **ret)
{
	long long deadline = qmp_now_ms() + q->timeout_ms;
	struct json_object *req, *msg, *id, *v, *e;
	int rc, n = ++q->next_id;

	if (ret)
		*ret = NULL;
	req = json_object_new_object();
	json_object_object_add(req, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(req, "arguments", args);
	json_object_object_add(req, "id", json_object_new_int(n));
	rc = qmp_send(q, cmd,
		      json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN));
	if (!rc)
		rc = qmp_send(q, cmd, "\n");
	json_object_put(req);
	if (rc)
		return rc;

	for (;;) {
		rc = qmp_read(q, cmd, deadline, &msg);
		if (rc)
			return rc;
		/* Events have no id; a reply to another id is not ours. */
		if (!json_object_object_get_ex(msg, "id", &id) ||
		    !json_object_is_type(id, json_type_int) ||
		    json_object_get_int(id) != n) {
			json_object_put(msg);
			continue;
		}
		break;
	}
	if (json_object_object_get_ex(msg, "return", &v)) {
		if (ret)
			*ret = json_object_get(v);
		rc = 0;
	} else if (json_object_object_get_ex(msg, "error", &e)) {
		rc = qmp_fail(q, QMP_EREPLY, "%s: %s", cmd,
			      qmp_str(e, "desc") ?: "error without description");
	} else {
		rc = qmp_fail(q, QMP_EIO, "%s: reply without return or error",
			      cmd);
	}
	json_object_put(msg);
	return rc;
}

int qmp_open(struct qmp *q, const char *name, const char *path,
	     int timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct json_object *msg;
	int rc;

	memset(q, 0, sizeof(*q));
	q->name = name;
	q->path = path;
	q->timeout_ms = timeout_ms;
	q->fd = -1;
	q->tok = json_tokener_new();
	if (!q->tok)
		return qmp_fail(q, QMP_EIO, "out of memory");
	if (strlen(path) >= sizeof(sa.sun_path))
		return qmp_fail(q, QMP_EIO, "%s: path too long for a socket",
				path);
	strcpy(sa.sun_path, path);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (q->fd < 0)
		return qmp_fail(q, QMP_EIO, "socket: %s", strerror(errno));
	if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)))
		return qmp_fail(q, QMP_EIO, "cannot connect to %s: %s", path,
				strerror(errno));

	/*
	 * QEMU serves one client per QMP socket: a second one is accepted
	 * by the kernel but gets no greeting until the first leaves.
	 */
	rc = qmp_read(q, "greeting", qmp_now_ms() + timeout_ms, &msg);
	if (rc && q->timed_out)
		return qmp_fail(q, QMP_EIO,
				"no QMP greeting on %s in %d ms (is another client connected?)",
				path, timeout_ms);
	if (rc)
		return rc;
	rc = json_object_object_get_ex(msg, "QMP", NULL);
	json_object_put(msg);
	if (!rc)
		return qmp_fail(q, QMP_EIO, "%s: not a QMP socket (no greeting)",
				path);
	return qmp_exec(q, "qmp_capabilities", NULL, NULL);
}

int qmp_wait_close(struct qmp *q, int timeout_ms)
{
	long long deadline = qmp_now_ms() + timeout_ms;
	int rc;

	for (;;) {
		q->start = q->end;	/* what comes now is dropped */
		rc = qmp_fill(q, deadline);
		if (rc == 0 || (rc < 0 && errno != ETIMEDOUT))
			return 0;
		if (rc < 0)
			return -1;
	}
}

void qmp_close(struct qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	if (q->tok)
		json_tokener_free(q->tok);
	q->tok = NULL;
}

const char *qmp_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

long long qmp_int(struct json_object *o, const char *key, long long def)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return def;
	return json_object_get_int64(v);
}
