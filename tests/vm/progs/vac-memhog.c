// SPDX-License-Identifier: GPL-2.0
/*
 * vac-memhog: pin as much kernel memory through /dev/vac as one process
 * can, for tests/vm/guest/vac/29-memcg.sh.
 *
 *   vac-memhog NFILES
 *
 * Opens NFILES files (stopping early at EMFILE) plus a probe file, then
 * fills each: a subscription (notifications), a dump nobody reads (its
 * snapshot stays allocated), then requests without reading until the
 * reply queue is full (ENOBUFS).  After each file it writes a GET_VERSION
 * to the probe file: when it is not answered (NLMSG_ERROR ENOMEM, or
 * read() fails with ENOBUFS), kernel memory ran out (the memory cgroup's
 * limit).  It then looks for an answer lost entirely: rounds of a
 * GET_VERSION and a blocking read() of the probe, which must return a
 * message or fail with ENOBUFS at once, never wait forever for the lost
 * answer.  Then it prints one line
 *
 *   READY files=N full=N dumps=N subs=N enomem=N at_limit=0|1 probe=WHAT
 *
 * (WHAT: ENOBUFS when a blocking read() reported a lost answer; EINTR when
 * it blocked for 5 s; answered when 50 rounds all got an answer; none
 * before the limit) and waits.  SIGUSR1 makes it close every file and
 * print CLOSED; it holds nothing more until killed.  At the limit, any
 * memory the process faults in would be charged too (and could invoke
 * the OOM killer): so messages live in static, pre-touched buffers,
 * nothing is printed before READY, and the output file got its first line
 * before the filling started.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "vac.h"

#define MAX_FILES	1024

static char rbuf[VAC_MSG_SIZE_MAX];
static int fds[MAX_FILES];

static struct {
	struct nlmsghdr h;
	struct nlattr a;
	unsigned int groups;
} sub_msg;

static struct nlmsghdr get_msg, dump_msg, version_msg;

static volatile sig_atomic_t close_all;

static void on_alarm(int sig)
{
	(void)sig;
}

static void on_usr1(int sig)
{
	(void)sig;
	close_all = 1;
}

/*
 * Fault in stack for the rest of the run (a signal frame, libc's frames):
 * one volatile store per page, which the compiler cannot drop as it
 * would a memset() of an array nobody reads.
 */
static void __attribute__((noinline)) touch_stack(void)
{
	volatile char pad[128 * 1024];
	size_t i;

	for (i = 0; i < sizeof(pad); i += 256)
		pad[i] = 0;
}

static void hdr(struct nlmsghdr *h, int type, int flags, int len)
{
	h->nlmsg_len = len;
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = 1;
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* An answer in rbuf that says the request ran out of memory. */
static int answer_enomem(void)
{
	const struct nlmsghdr *h = (const void *)rbuf;
	const struct nlmsgerr *e = NLMSG_DATA(h);

	return h->nlmsg_type == NLMSG_ERROR && e->error == -ENOMEM;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int n = argc > 1 ? atoi(argv[1]) : 0, files = 0, full = 0, dumps = 0;
	int subs = 0, enomem = 0, at_limit = 0, probe, i;
	const char *probe_res = "none";

	if (n < 0 || n > MAX_FILES) {
		fprintf(stderr, "usage: vac-memhog NFILES (at most %d)\n",
			MAX_FILES);
		return 2;
	}
	hdr(&get_msg, VAC_MSG_GET_RESOURCES, 0, NLMSG_HDRLEN);
	hdr(&dump_msg, VAC_MSG_GET_QUOTA, NLM_F_DUMP, NLMSG_HDRLEN);
	hdr(&version_msg, VAC_MSG_GET_VERSION, 0, NLMSG_HDRLEN);
	hdr(&sub_msg.h, VAC_MSG_SUBSCRIBE, 0, sizeof(sub_msg));
	sub_msg.a.nla_len = NLA_HDRLEN + 4;
	sub_msg.a.nla_type = VAC_A_GROUPS;
	sub_msg.groups = VAC_GROUP_ALL;
	memset(rbuf, 0, sizeof(rbuf));
	touch_stack();
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("START\n");

	probe = open(VAC_DEVICE_PATH, O_RDWR | O_NONBLOCK);
	if (probe < 0) {
		printf("READY error=open-probe:%s\n", strerror(errno));
		pause();
		return 1;
	}
	/* Open everything first: struct file is charged, without a way out. */
	for (i = 0; i < n; i++) {
		fds[i] = open(VAC_DEVICE_PATH, O_RDWR | O_NONBLOCK);
		if (fds[i] < 0)
			break;
		files++;
	}

	for (i = 0; i < files && !at_limit; i++) {
		int k;

		if (write(fds[i], &sub_msg, sizeof(sub_msg)) > 0)
			subs++;
		if (write(fds[i], &dump_msg, dump_msg.nlmsg_len) > 0)
			dumps++;
		/*
		 * Then requests until the reply queue is full; bounded,
		 * because replies that cannot be allocated do not fill it.
		 */
		errno = 0;
		for (k = 0; k < 400; k++)
			if (write(fds[i], &get_msg, get_msg.nlmsg_len) < 0)
				break;
		if (errno == ENOBUFS)
			full++;
		else if (errno == ENOMEM)
			enomem++;

		/* The probe: is there still memory for an answer? */
		if (write(probe, &version_msg, version_msg.nlmsg_len) < 0) {
			if (errno == ENOMEM)
				enomem++;
			continue;
		}
		if (!readable(probe) ||
		    read(probe, rbuf, sizeof(rbuf)) < 0 || answer_enomem())
			at_limit = 1;
	}

	/*
	 * At the limit: an answer lost for want of memory must be reported
	 * to a blocking reader (ENOBUFS), not leave it waiting.
	 */
	for (i = 0; at_limit && i < 50; i++) {
		if (write(probe, &version_msg, version_msg.nlmsg_len) < 0)
			continue;
		fcntl(probe, F_SETFL, 0);
		alarm(5);
		if (read(probe, rbuf, sizeof(rbuf)) >= 0) {
			probe_res = "answered";
			if (answer_enomem())
				enomem++;
		} else if (errno == ENOBUFS) {
			probe_res = "ENOBUFS";
		} else if (errno == EINTR) {
			probe_res = "EINTR";
		} else {
			probe_res = "error";
		}
		alarm(0);
		fcntl(probe, F_SETFL, O_NONBLOCK);
		if (strcmp(probe_res, "answered"))
			break;
		/* Whatever else the probe holds. */
		while (read(probe, rbuf, sizeof(rbuf)) >= 0)
			;
	}
	printf("READY files=%d full=%d dumps=%d subs=%d enomem=%d at_limit=%d probe=%s\n",
	       files, full, dumps, subs, enomem, at_limit, probe_res);
	while (!close_all)
		pause();
	for (i = 0; i < files; i++)
		close(fds[i]);
	close(probe);
	printf("CLOSED\n");
	for (;;)
		pause();
}
