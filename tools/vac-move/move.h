/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The move itself: a running QEMU's guest to a QEMU waiting with
 * -incoming defer, both driven over QMP.
 */
#ifndef _VAC_MOVE_MOVE_H
#define _VAC_MOVE_MOVE_H

#include <stdbool.h>

#include "qmp.h"

/* Exit codes (vac-move(1)). */
enum {
	VM_EXIT_OK = 0,
	VM_EXIT_USAGE = 1,
	VM_EXIT_FAIL = 2,	/* QMP, precondition or migration failure */
};

struct move_opts {
	const char *uri;	/* "unix:PATH" */
	bool shared;		/* x-ignore-shared on both sides */
	bool quit_source;
	int timeout_ms;		/* for the migration to complete */
};

/* QEMU's figures of a completed migration (query-migrate). */
struct move_result {
	long long total_ms;
	long long downtime_ms;
	long long setup_ms;
	long long ram_bytes;	/* RAM transferred */
};

/*
 * Move @src's guest to @dst.  VM_EXIT_OK with @r filled in, or
 * VM_EXIT_FAIL after a message on stderr.
 */
int move_vm(struct qmp *src, struct qmp *dst, const struct move_opts *o,
	    struct move_result *r);

/* "vac-move: MSG" on stderr; returns @code. */
int move_err(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* _VAC_MOVE_MOVE_H */
