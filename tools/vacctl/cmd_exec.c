// SPDX-License-Identifier: GPL-2.0
/*
 * vacctl exec NAME -- CMD [ARG]...: run an unmodified VMM so that the
 * /dev/kvm it opens is /dev/kvm-NAME.
 *
 * In a new mount namespace (so nothing changes for the rest of the host):
 * mark every mount slave (host mounts still propagate in, ours never
 * propagate out), then bind-mount /dev/kvm-NAME over /dev/kvm.
 *
 * When /dev/kvm does not exist (the usual case with VAC: the stock kvm
 * module is not loaded) there is nothing to bind onto, and creating the
 * file in /dev would create it for the whole host, /dev being one shared
 * devtmpfs.  So in the namespace /dev is replaced by a private tmpfs that
 * mirrors the old one: each directory (pts, shm, mqueue, ...) and each
 * node is bind-mounted from the old /dev, symlinks are copied, and
 * /dev/kvm is an extra bind of /dev/kvm-NAME.  Nothing else is dropped or
 * changed: the command runs with vacctl's credentials and environment.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vacctl.h"

static int bind(const char *src, const char *dst, bool rec)
{
	return mount(src, dst, NULL, MS_BIND | (rec ? MS_REC : 0), NULL);
}

/* Create an empty regular file to bind a non-directory onto. */
static int placeholder(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Mirror one entry of the old /dev (open as @dfd) into the new /dev. */
static int mirror(int dfd, const char *name)
{
	char src[64 + NAME_MAX], dst[16 + NAME_MAX], link[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return -1;
	snprintf(src, sizeof(src), "/proc/self/fd/%d/%s", dfd, name);
	snprintf(dst, sizeof(dst), "/dev/%s", name);
	if (S_ISLNK(st.st_mode)) {
		n = readlinkat(dfd, name, link, sizeof(link) - 1);
		if (n < 0)
			return -1;
		link[n] = '\0';
		if (symlink(link, dst))
			return -1;
		return lchown(dst, st.st_uid, st.st_gid);
	}
	if (S_ISDIR(st.st_mode)) {
		if (mkdir(dst, st.st_mode & 07777))
			return -1;
		return bind(src, dst, true);
	}
	if (placeholder(dst))
		return -1;
	return bind(src, dst, false);
}

/* Replace /dev, in this namespace only, by a mirror plus /dev/kvm. */
static int shadow_dev(const char *kvm)
{
	struct stat st;
	struct dirent *d;
	DIR *dir;
	int dfd;

	dfd = open("/dev", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fstat(dfd, &st))
		return vacctl_err(VACCTL_SYSTEM, "exec: open /dev: %s",
				  strerror(errno));
	if (mount("vac-dev", "/dev", "tmpfs", MS_NOSUID, "mode=755"))
		return vacctl_err(VACCTL_SYSTEM,
				  "exec: mount a private /dev: %s",
				  strerror(errno));
	if (chmod("/dev", st.st_mode & 07777) ||
	    chown("/dev", st.st_uid, st.st_gid))
		return vacctl_err(VACCTL_SYSTEM, "exec: private /dev: %s",
				  strerror(errno));
	dir = fdopendir(dup(dfd));
	if (!dir)
		return vacctl_err(VACCTL_SYSTEM, "exec: read /dev: %s",
				  strerror(errno));
	while ((d = readdir(dir))) {
		/* A dangling /dev/kvm link is replaced, not mirrored. */
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..") ||
		    !strcmp(d->d_name, "kvm"))
			continue;
		if (mirror(dfd, d->d_name))
			fprintf(stderr,
				"vacctl: exec: warning: /dev/%s not carried into the private /dev: %s\n",
				d->d_name, strerror(errno));
	}
	closedir(dir);
	close(dfd);
	if (placeholder("/dev/kvm") || bind(kvm, "/dev/kvm", false))
		return vacctl_err(VACCTL_SYSTEM, "exec: bind %s on /dev/kvm: %s",
				  kvm, strerror(errno));
	return 0;
}

static const char exec_help[] =
	"Usage: vacctl exec NAME -- CMD [ARG]...\n"
	"Run CMD (an unmodified VMM) in a private mount namespace where\n"
	"/dev/kvm is /dev/kvm-NAME.  Needs root; instance NAME must be live.\n";

int cmd_exec(struct vacctl *c, int argc, char **argv)
{
	struct vac_instance inst;
	char kvm[32 + VAC_NAME_LEN];
	struct stat st;
	const char *name;
	int err;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(exec_help, stdout);
		return VACCTL_OK;
	}
	if (argc < 3 || strcmp(argv[1], "--")) {
		fputs(exec_help, stderr);
		return VACCTL_USAGE;
	}
	name = argv[0];
	if (!vac_name_valid(name))
		return vacctl_err(VACCTL_USAGE, "exec: invalid instance name '%s'",
				  name);
	if (geteuid() != 0)
		return vacctl_err(VACCTL_SYSTEM,
				  "exec: must be run as root (it mounts /dev/kvm-%s over /dev/kvm)",
				  name);
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	err = vac_instance_get(c->h, name, &inst);
	if (err == -ENOENT)
		return vacctl_err(VACCTL_REFUSED,
				  "exec: instance %s is not live (%s)", name,
				  vac_strerror(c->h));
	if (err)
		return vacctl_fail(c, "exec", err);
	if (inst.state != VAC_STATE_LIVE)
		return vacctl_err(VACCTL_REFUSED, "exec: instance %s is not live",
				  name);
	snprintf(kvm, sizeof(kvm), "/dev/kvm-%s", name);
	if (stat(kvm, &st))
		return vacctl_err(VACCTL_SYSTEM, "exec: %s: %s", kvm,
				  strerror(errno));
	if (!S_ISCHR(st.st_mode))
		return vacctl_err(VACCTL_SYSTEM,
				  "exec: %s is not a character device", kvm);

	if (unshare(CLONE_NEWNS))
		return vacctl_err(VACCTL_SYSTEM, "exec: unshare mount namespace: %s",
				  strerror(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL))
		return vacctl_err(VACCTL_SYSTEM, "exec: make / rslave: %s",
				  strerror(errno));
	if (!stat("/dev/kvm", &st)) {
		if (bind(kvm, "/dev/kvm", false))
			return vacctl_err(VACCTL_SYSTEM,
					  "exec: bind %s on /dev/kvm: %s", kvm,
					  strerror(errno));
	} else if (shadow_dev(kvm)) {
		return VACCTL_SYSTEM;
	}

	vac_close(c->h);
	c->h = NULL;
	fflush(NULL);
	execvp(argv[2], argv + 2);
	err = errno;
	vacctl_err(err == ENOENT ? 127 : 126, "exec: %s: %s", argv[2],
		   strerror(err));
	return err == ENOENT ? 127 : 126;
}
