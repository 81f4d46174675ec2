/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vacctl: shared declarations of the subcommands.
 */
#ifndef _VACCTL_H
#define _VACCTL_H

#include <stdbool.h>
#include <vac/libvac.h>

/* Exit codes, documented in vacctl(8). */
#define VACCTL_OK	0	/* success */
#define VACCTL_USAGE	1	/* bad command line or bad quota file */
#define VACCTL_REFUSED	2	/* /dev/vac refused the request */
#define VACCTL_SYSTEM	3	/* cannot open /dev/vac, not root, no device,
				 * mount or I/O failure */

struct vacctl {
	const char *device;	/* -d PATH, default /dev/vac */
	bool json, pretty;
	bool stats;		/* -s: counters too (quota show, vector show, ...) */
	struct vac_handle *h;	/* opened on demand by vacctl_handle() */
};

/* Print "vacctl: <fmt>" on stderr; return @code. */
int vacctl_err(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Open /dev/vac (once); NULL after printing the error. */
struct vac_handle *vacctl_handle(struct vacctl *c);
/* Report a failed library call on @what; returns the exit code. */
int vacctl_fail(struct vacctl *c, const char *what, int err);
/* True when @arg asks for help (-h, --help, help). */
bool vacctl_is_help(const char *arg);
/* Strict decimal 0..4294967295 (as in quota files); 0 or -1. */
int vacctl_parse_u32(const char *s, uint32_t *out);
/* Parse "SPACE N [SPACE N]..." into @q; returns 0 or prints and 1. */
int vacctl_parse_quota(int argc, char **argv, struct vac_quota *q);

/* A command word and what it means to the caller; aliases share @id. */
struct vacctl_word {
	const char *name;
	int id;
};

/*
 * The @id of the word @arg names: equal to one, or else a prefix of one
 * only (aliases count once).  -1, after saying "@what: unknown command"
 * or "... is ambiguous (a, b)", when it names none or several (@what
 * NULL: a command of vacctl itself).
 */
int vacctl_lookup(const char *what, const char *arg,
		  const struct vacctl_word *words, size_t n);

#define VACCTL_WORDS(w)	(w), sizeof(w) / sizeof((w)[0])

int cmd_resource(struct vacctl *c, int argc, char **argv);
int cmd_set_quota(struct vacctl *c, int argc, char **argv);
int cmd_quota(struct vacctl *c, int argc, char **argv);
int cmd_instance(struct vacctl *c, int argc, char **argv);
int cmd_monitor(struct vacctl *c, int argc, char **argv);
int cmd_save(struct vacctl *c, int argc, char **argv);
int cmd_apply(struct vacctl *c, int argc, char **argv);
int cmd_exec(struct vacctl *c, int argc, char **argv);
int cmd_version(struct vacctl *c, int argc, char **argv);
int cmd_metrics(struct vacctl *c, int argc, char **argv);
int cmd_vector(struct vacctl *c, int argc, char **argv);

#endif /* _VACCTL_H */
