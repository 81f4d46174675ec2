// SPDX-License-Identifier: GPL-2.0
/*
 * vac-fuzz: a fuzzer of /dev/vac, for the VM suites (tests/vm/guest/vac/
 * 30-fuzz.sh, `make fuzz`).
 *
 *   vac-fuzz [-n MESSAGES] [-d SECONDS] [-t THREADS] [-u VMM]
 *            [-s SEED] [-i SECONDS] [-k] [-D DEVICE]
 *
 *   -n  stop after this many messages written (default 100000; 0: no limit)
 *   -d  stop after this many seconds (default 0: no limit)
 *   -t  worker threads (default 4)
 *   -u  how many of them run as user vmm of group kvm (default THREADS / 2;
 *       when started as root)
 *   -s  seed of the PRNG (default: from the clock); printed, so that a run
 *       can be replayed
 *   -i  progress line every SECONDS (default 10; 0: none)
 *   -k  keep the quota entries the run created (default: delete them)
 *   -D  device (default /dev/vac)
 *
 * The root threads run in this process, the vmm threads in a child
 * process (credentials are per process) that drops to user vmm of group
 * kvm (who may open /dev/vac, but not change quotas) with setresuid(); the child also inherits a file root opened, so it writes to
 * a privileged file unprivileged.  Each process has a file all its
 * threads share (replaced with dup2() while the others use it) and each
 * thread a file of its own (closed and reopened, sometimes O_NONBLOCK).
 *
 * Each thread loops over random actions: a write() of a batch of messages
 * (valid requests of every type, built with libnl-3 once at start, then
 * mutated: bits, bytes, types, flags, attribute lengths and types, nesting,
 * truncation, extension, nlmsg_len), random bytes, edge-case writes (0
 * bytes, too long, a bad or half-mapped buffer), read() with random sizes
 * (0, tiny, exact, huge, into a bad or half-mapped buffer; blocking ones
 * that a signal interrupts), poll(), and closing/reopening the file.  All
 * the names it sets quotas for start with "fz"; mutated names may leave
 * that set, so at the end it deletes every quota entry that did not exist
 * when it started.
 *
 * On top of "the kernel did not crash" it checks what the protocol
 * promises (docs/protocol.md) and counts every departure as a violation:
 * write() fails with EINVAL exactly when the framing is bad, EMSGSIZE only
 * above VAC_MSG_SIZE_MAX, and a short write stops at a message boundary;
 * read() returns exactly one whole message of a known type, and a buffer
 * of VAC_MSG_SIZE_MAX bytes is never too small; errors in NLMSG_ERROR are
 * negative errnos; vmm never gets a quota change acknowledged; poll()
 * reports only EPOLLIN/EPOLLOUT.
 *
 * Output ends with
 *   vac-fuzz: N messages in S s (R msg/s), seed X
 * and lines counting the errno results of write(), read() and of the
 * NLMSG_ERROR answers.  Exit: 0, or 1 on a violation or a crashed worker,
 * 2 on a usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netlink/msg.h>
#include <netlink/attr.h>

#include "vac.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

#define MAX_THREADS	64
#define NSEEDS		512	/* valid requests to start from */
#define SEED_MAX	256	/* bytes of one of them, at most */
#define NERR		256	/* errnos counted */
#define RBUF_SIZE	(64 * 1024)
#define MAX_ENTRIES	1100

/* Kinds of messages read. */
enum { K_ERROR, K_DONE, K_DATA, K_NOTIFY, K_OVERFLOW, NKINDS };
static const char *const kind_names[NKINDS] = {
	"NLMSG_ERROR", "NLMSG_DONE", "data", "notifications", "overflow",
};

/* Shared by the processes (MAP_SHARED): totals and the stop flag. */
struct stats {
	unsigned long long msgs;	/* messages written */
	unsigned long long handled;	/* of those, accepted by write() */
	unsigned long long writes, reads, polls, reopens;
	unsigned long long werr[NERR];	/* write(): 0 = success */
	unsigned long long rerr[NERR];	/* read() */
	unsigned long long nlerr[NERR];	/* -error of NLMSG_ERROR answers */
	unsigned long long kinds[NKINDS];	/* messages read, by kind */
	unsigned long long violations;
	int stop;
	char first[512];		/* the first violation */
};

static struct stats *st;
static const char *dev = VAC_DEVICE_PATH;
static unsigned long long max_msgs = 100000;

struct seed_msg {
	int len;
	unsigned char buf[SEED_MAX];
};

static struct seed_msg seeds[NSEEDS];

/* One worker thread. */
struct fz {
	int id;
	bool vmm;
	pthread_t thr;
	uint64_t rng;
	int own;			/* this thread's file, -1 if closed */
	bool own_nb;			/* own opened O_NONBLOCK */
	int listen;			/* subscribed to all, rarely read */
	unsigned char *wbuf;		/* 2 * VAC_MSG_SIZE_MAX */
	unsigned char *rbuf;		/* RBUF_SIZE */
	unsigned char *edge;		/* a page followed by PROT_NONE */
	long page;
	/* counted locally, added to *st at the end */
	unsigned long long handled, writes, reads, polls, reopens;
	unsigned long long werr[NERR], rerr[NERR], nlerr[NERR];
	unsigned long long kinds[NKINDS];
};

/* This process's shared files: [0] its own, [1] root's (vmm only). */
static int shared_fds[2] = { -1, -1 };
static int nshared;

/* --- helpers ------------------------------------------------------------- */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* xorshift64*: cheap, good enough to pick actions. */
static uint64_t rnd64(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static unsigned int rnd(struct fz *z, unsigned int n)
{
	return n ? (unsigned int)((rnd64(&z->rng) >> 32) % n) : 0;
}

static bool chance(struct fz *z, unsigned int one_in)
{
	return rnd(z, one_in) == 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int stopping(void)
{
	return __atomic_load_n(&st->stop, __ATOMIC_RELAXED);
}

static void count_err(unsigned long long *tab, int err)
{
	tab[err >= 0 && err < NERR ? err : NERR - 1]++;
}

__printf(2, 3)
static void violation(struct fz *z, const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (__atomic_fetch_add(&st->violations, 1, __ATOMIC_RELAXED) < 20)
		printf("vac-fuzz: VIOLATION (thread %d%s): %s\n", z->id,
		       z->vmm ? ", vmm" : "", buf);
	fflush(stdout);
	if (!st->first[0])
		snprintf(st->first, sizeof(st->first), "%s", buf);
}

static void noop_handler(int sig)
{
	(void)sig;
}

/* --- valid requests, built with libnl ------------------------------------ */

static const char *const names[] = {
	"fz0", "fz1", "fz2", "fz3", "fz4", "fz5", "fz6", "fz7",
	"fz-long_name_15", "fz9",
};

/* Names that are wrong for the broker (but well-formed strings). */
static const char *const bad_names[] = {
	"", "FZ", "-fz", "fz/x", "fz.x", "fz name", "fz-long-name-16c",
	"fz\xff", "_fz",
};

static const unsigned int quotas[] = {
	0, 1, 1, 2, 2, 3, 4, 7, 15, 16, 65535, 65536, 0x7fffffff, 0xffffffff,
};

static unsigned int pick_quota(uint64_t *s)
{
	return quotas[rnd64(s) % ARRAY_SIZE(quotas)];
}

static const char *pick_name(uint64_t *s)
{
	if (rnd64(s) % 16)
		return names[rnd64(s) % ARRAY_SIZE(names)];
	return bad_names[rnd64(s) % ARRAY_SIZE(bad_names)];
}

static void put_space(struct nl_msg *m, uint64_t *s)
{
	struct nlattr *n;
	unsigned int id = rnd64(s) % 16 ? rnd64(s) % VAC_SPACE_COUNT :
					   (unsigned int)rnd64(s);

	n = nla_nest_start(m, VAC_A_SPACE | NLA_F_NESTED);
	if (rnd64(s) % 16)
		nla_put_u32(m, VAC_SPACE_A_ID, id);
	if (rnd64(s) % 16)
		nla_put_u32(m, VAC_SPACE_A_QUOTA, pick_quota(s));
	if (!(rnd64(s) % 32))
		nla_put_u32(m, VAC_SPACE_A_CAPACITY, 1);
	nla_nest_end(m, n);
}

/* One request, mostly valid, of a random type; into @out. */
static void build_seed(struct seed_msg *out, uint64_t *s)
{
	static const int types[] = {
		VAC_MSG_GET_VERSION, VAC_MSG_GET_RESOURCES,
		VAC_MSG_SET_QUOTA, VAC_MSG_SET_QUOTA, VAC_MSG_SET_QUOTA,
		VAC_MSG_GET_QUOTA, VAC_MSG_GET_QUOTA,
		VAC_MSG_DEL_QUOTA, VAC_MSG_DEL_QUOTA,
		VAC_MSG_GET_INSTANCE, VAC_MSG_SUBSCRIBE, VAC_MSG_SUBSCRIBE,
		VAC_MSG_SET_INSTANCE, VAC_MSG_SET_INSTANCE,
		NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN,
		VAC_MSG_NOTIFY_INSTANCE_UP, VAC_MSG_NOTIFY_QUOTA_SET,
		VAC_MSG_NOTIFY_OVERFLOW, __VAC_MSG_MAX, 0xffff,
	};
	int type = types[rnd64(s) % ARRAY_SIZE(types)];
	int flags = NLM_F_REQUEST;
	struct nlmsghdr *h;
	struct nl_msg *m;
	int i, n;

	if (rnd64(s) % 2)
		flags |= NLM_F_ACK;
	if ((type == VAC_MSG_GET_QUOTA || type == VAC_MSG_GET_INSTANCE) &&
	    rnd64(s) % 2)
		flags |= NLM_F_DUMP;
	if (!(rnd64(s) % 32))
		flags |= 1 << (rnd64(s) % 16);
	m = nlmsg_alloc_simple(type, flags);
	if (!m)
		exit(2);

	switch (type) {
	case VAC_MSG_SET_QUOTA:
		nla_put_string(m, VAC_A_NAME, pick_name(s));
		n = 1 + rnd64(s) % 3;
		for (i = 0; i < n; i++)
			put_space(m, s);
		break;
	case VAC_MSG_GET_QUOTA:
	case VAC_MSG_GET_INSTANCE:
		if (flags & NLM_F_DUMP)
			break;
		/* fall through */
	case VAC_MSG_DEL_QUOTA:
		nla_put_string(m, VAC_A_NAME, pick_name(s));
		break;
	case VAC_MSG_SUBSCRIBE:
		nla_put_u32(m, VAC_A_GROUPS, rnd64(s) % 8 ? rnd64(s) % 4 :
			    (unsigned int)rnd64(s));
		break;
	case VAC_MSG_SET_INSTANCE:
		/* Half on the instance vac/30-fuzz loads and unloads. */
		nla_put_string(m, VAC_A_NAME,
			       rnd64(s) % 2 ? "fzlive" : pick_name(s));
		nla_put_u32(m, VAC_A_DRAINING, rnd64(s) % 8 ? rnd64(s) % 2 :
			    (unsigned int)rnd64(s));
		break;
	default:
		if (!(rnd64(s) % 8))
			nla_put_u32(m, VAC_A_VERSION, 1);
		break;
	}
	h = nlmsg_hdr(m);
	h->nlmsg_seq = rnd64(s);
	h->nlmsg_pid = rnd64(s) % 4 ? 0 : (unsigned int)rnd64(s);
	out->len = h->nlmsg_len;
	if (out->len > SEED_MAX)
		out->len = SEED_MAX;
	memcpy(out->buf, h, out->len);
	nlmsg_free(m);
}

/* --- mutations ----------------------------------------------------------- */

/* Offsets of the attributes in @b[off..end), nested ones too. */
static int collect_attrs(const unsigned char *b, int off, int end,
			 int *offs, int n, int max, int depth)
{
	while (n < max && end - off >= NLA_HDRLEN) {
		const struct nlattr *a = (const void *)(b + off);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > end - off)
			break;
		offs[n++] = off;
		if (depth < 4 && a->nla_len > 2 * NLA_HDRLEN)
			n = collect_attrs(b, off + NLA_HDRLEN,
					  off + a->nla_len, offs, n, max,
					  depth + 1);
		off += NLA_ALIGN(a->nla_len);
	}
	return n;
}

/*
 * Mutate the message in @b (@len bytes, room for @cap).  @framing: may
 * also break nlmsg_len.  Returns the new length; nlmsg_len follows the
 * body unless a mutation of nlmsg_len itself was picked.
 */
static int mutate(struct fz *z, unsigned char *b, int len, int cap,
		  bool framing)
{
	struct nlmsghdr *h = (void *)b;
	bool len_set = false;
	int offs[32], na, i, k, n = 1 + rnd(z, 3);
	struct nlattr *a;

	while (n--) {
		switch (rnd(z, 12)) {
		case 0:		/* a bit, outside nlmsg_len */
			i = 4 + rnd(z, len - 4);
			b[i] ^= 1 << rnd(z, 8);
			break;
		case 1:		/* a byte of the body */
			if (len > NLMSG_HDRLEN)
				b[NLMSG_HDRLEN + rnd(z, len - NLMSG_HDRLEN)] =
					rnd(z, 256);
			break;
		case 2:		/* the type */
			h->nlmsg_type = chance(z, 4) ? rnd(z, 65536) :
						       rnd(z, 36);
			break;
		case 3:		/* the flags */
			if (chance(z, 4))
				h->nlmsg_flags = rnd(z, 65536);
			else
				h->nlmsg_flags ^= 1 << rnd(z, 16);
			break;
		case 4:		/* an attribute's length or type */
		case 5:
			na = collect_attrs(b, NLMSG_HDRLEN, len, offs, 0, 32, 0);
			if (!na)
				break;
			a = (void *)(b + offs[rnd(z, na)]);
			if (chance(z, 2)) {
				static const int d[] = { -8, -4, -1, 1, 4 };

				if (chance(z, 2))
					a->nla_len += d[rnd(z, 5)];
				else
					a->nla_len = rnd(z, 4) ? rnd(z, 24) :
							rnd(z, 65536);
			} else if (chance(z, 3)) {
				a->nla_type ^= chance(z, 2) ? NLA_F_NESTED :
						NLA_F_NET_BYTEORDER;
			} else {
				a->nla_type = (a->nla_type & ~NLA_TYPE_MASK) |
					(chance(z, 8) ? rnd(z, 0x4000) :
							rnd(z, 14));
			}
			break;
		case 6:		/* truncate */
			if (len > NLMSG_HDRLEN)
				len = NLMSG_HDRLEN + rnd(z, len - NLMSG_HDRLEN);
			break;
		case 7:		/* extend: random bytes or an attribute */
			k = 1 + rnd(z, 32);
			if (len + k > cap)
				break;
			if (chance(z, 2) && k >= NLA_HDRLEN) {
				a = (void *)(b + len);
				a->nla_len = k;
				a->nla_type = rnd(z, 8) | (chance(z, 4) ?
							   NLA_F_NESTED : 0);
				for (i = NLA_HDRLEN; i < k; i++)
					b[len + i] = chance(z, 2) ? 0 :
								    rnd(z, 256);
			} else {
				for (i = 0; i < k; i++)
					b[len + i] = rnd(z, 256);
			}
			len += k;
			break;
		case 8:		/* duplicate an attribute at the end */
			na = collect_attrs(b, NLMSG_HDRLEN, len, offs, 0, 32, 0);
			if (!na)
				break;
			a = (void *)(b + offs[rnd(z, na)]);
			k = NLA_ALIGN(a->nla_len);
			if (len % 4 || len + k > cap)
				break;
			memmove(b + len, a, k);
			len += k;
			break;
		case 9:		/* wrap all attributes in a nest, maybe twice */
			k = len - NLMSG_HDRLEN;
			if (len + NLA_HDRLEN > cap || k + NLA_HDRLEN > 0xffff)
				break;
			memmove(b + NLMSG_HDRLEN + NLA_HDRLEN,
				b + NLMSG_HDRLEN, k);
			a = (void *)(b + NLMSG_HDRLEN);
			a->nla_len = k + NLA_HDRLEN;
			a->nla_type = (chance(z, 2) ? VAC_A_SPACE :
				       rnd(z, 8)) | (chance(z, 4) ? 0 :
						     NLA_F_NESTED);
			len += NLA_HDRLEN;
			break;
		case 10:	/* the name: no NUL, long, odd */
			na = collect_attrs(b, NLMSG_HDRLEN, len, offs, 0, 32, 0);
			for (i = 0; i < na; i++) {
				a = (void *)(b + offs[i]);
				if ((a->nla_type & NLA_TYPE_MASK) ==
				    VAC_A_NAME && a->nla_len > NLA_HDRLEN) {
					b[offs[i] + a->nla_len - 1] =
						chance(z, 2) ? 'a' : rnd(z, 256);
					break;
				}
			}
			break;
		case 11:	/* nlmsg_len itself */
			if (!framing)
				break;
			len_set = true;
			if (chance(z, 2))
				h->nlmsg_len = len + (int)rnd(z, 17) - 8;
			else
				h->nlmsg_len = chance(z, 2) ? rnd(z, 40) :
							      (uint32_t)rnd64(&z->rng);
			break;
		}
	}
	if (!len_set)
		h->nlmsg_len = len;
	return len;
}

/*
 * The kernel's framing rule (docs/protocol.md): message boundaries of
 * @b[0..len).  Returns the number of messages, or -1 if the framing is
 * bad; @bounds (if set) gets the end offset of each message.
 */
static int frames(const unsigned char *b, size_t len, size_t *bounds, int max)
{
	size_t off = 0;
	int n = 0;

	while (off < len) {
		const struct nlmsghdr *h = (const void *)(b + off);
		size_t step;

		if (len - off < NLMSG_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN ||
		    h->nlmsg_len > len - off)
			return -1;
		step = NLMSG_ALIGN(h->nlmsg_len);
		off += step < len - off ? step : len - off;
		if (bounds && n < max)
			bounds[n] = off;
		n++;
	}
	return n;
}

/* --- the actions --------------------------------------------------------- */

static int open_dev(bool nb)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC | (nb ? O_NONBLOCK : 0));

	if (fd < 0 && errno != EINTR && errno != EMFILE)
		fprintf(stderr, "vac-fuzz: open %s: %s\n", dev,
			strerror(errno));
	return fd;
}

/* A file to use: own or shared.  Sets *own_blocking. */
static int pick_fd(struct fz *z, bool *own_blocking)
{
	*own_blocking = false;
	if (z->own >= 0 && (nshared == 0 || chance(z, 2))) {
		*own_blocking = !z->own_nb;
		return z->own;
	}
	if (nshared)
		return shared_fds[rnd(z, nshared)];
	return -1;
}

static void check_reply(struct fz *z, const unsigned char *b, ssize_t n,
			size_t bufsize)
{
	const struct nlmsghdr *h = (const void *)b;
	const struct nlmsgerr *e;
	int t;

	if (n < NLMSG_HDRLEN || n > VAC_MSG_SIZE_MAX || h->nlmsg_len != n) {
		violation(z, "read() of %zu returned %zd bytes, nlmsg_len %u",
			  bufsize, n, n >= 4 ? h->nlmsg_len : 0);
		return;
	}
	t = h->nlmsg_type;
	if (t != NLMSG_ERROR && t != NLMSG_DONE &&
	    (t < NLMSG_MIN_TYPE || t >= __VAC_MSG_MAX)) {
		violation(z, "reply of unknown type %d", t);
		return;
	}
	if (t == NLMSG_DONE)
		z->kinds[K_DONE]++;
	else if (t == VAC_MSG_NOTIFY_OVERFLOW)
		z->kinds[K_OVERFLOW]++;
	else if (t >= VAC_MSG_NOTIFY_INSTANCE_UP)
		z->kinds[K_NOTIFY]++;
	else if (t != NLMSG_ERROR)
		z->kinds[K_DATA]++;
	if (t != NLMSG_ERROR)
		return;
	z->kinds[K_ERROR]++;
	if (n < (ssize_t)(NLMSG_HDRLEN + sizeof(*e))) {
		violation(z, "NLMSG_ERROR of %zd bytes", n);
		return;
	}
	e = (const void *)(b + NLMSG_HDRLEN);
	if (e->error > 0 || e->error <= -4096) {
		violation(z, "NLMSG_ERROR with error %d", e->error);
		return;
	}
	count_err(z->nlerr, -e->error);
	if (!e->error && z->vmm &&
	    (e->msg.nlmsg_type == VAC_MSG_SET_QUOTA ||
	     e->msg.nlmsg_type == VAC_MSG_DEL_QUOTA))
		violation(z, "vmm's quota change (type %u) was acked",
			  e->msg.nlmsg_type);
}

/* One read() of @size bytes into @buf; returns the result. */
static ssize_t do_read(struct fz *z, int fd, void *buf, size_t size,
		       bool real_buf)
{
	ssize_t n = read(fd, buf, size);
	int err = n < 0 ? errno : 0;

	z->reads++;
	count_err(z->rerr, err);
	if (n > 0 && real_buf)
		check_reply(z, buf, n, size);
	if (n < 0 && err != EAGAIN && err != EMSGSIZE && err != EFAULT &&
	    err != EINTR && err != ENOMEM)
		violation(z, "read() of %zu: %s", size, strerror(err));
	if (n < 0 && err == EMSGSIZE && size >= VAC_MSG_SIZE_MAX)
		violation(z, "read() of %zu bytes: EMSGSIZE", size);
	return n;
}

static size_t read_size(struct fz *z)
{
	static const size_t sizes[] = {
		0, 1, 15, 16, 20, 36, 64, 100, 256, 1024, 8191,
		VAC_MSG_SIZE_MAX, RBUF_SIZE,
	};

	if (chance(z, 4))
		return rnd(z, 600);
	return sizes[rnd(z, ARRAY_SIZE(sizes))];
}

/* Read until nothing is left (or @max reads); no blocking. */
static void drain(struct fz *z, int fd, bool blocking, int max)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (max-- > 0 && !stopping()) {
		if (blocking && (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN)))
			return;
		if (do_read(z, fd, z->rbuf, VAC_MSG_SIZE_MAX, true) < 0 &&
		    errno != EINTR)
			return;
	}
}

static void reopen(struct fz *z, int fd)
{
	int nfd;

	z->reopens++;
	if (fd == z->own || fd < 0) {
		if (z->own >= 0)
			close(z->own);
		z->own_nb = chance(z, 2);
		z->own = open_dev(z->own_nb);
		return;
	}
	/* root's file stays root's: vmm cannot open one like it. */
	if (fd == shared_fds[1])
		return;
	/* A shared file: replace it under the other threads' feet. */
	nfd = open_dev(true);
	if (nfd < 0)
		return;
	dup2(nfd, fd);
	close(nfd);
}

/*
 * write() @len bytes of @b (our buffer) to @fd and check the result
 * against the framing rule.  @nmsg: messages the buffer holds, counted.
 */
static void do_write(struct fz *z, int fd, bool blocking, size_t len,
		     int nmsg)
{
	size_t bounds[600];
	int nf = frames(z->wbuf, len, bounds, 600);
	ssize_t n = write(fd, z->wbuf, len);
	int err = n < 0 ? errno : 0;
	int i;

	z->writes++;
	count_err(z->werr, err);
	__atomic_fetch_add(&st->msgs, nmsg, __ATOMIC_RELAXED);

	if (n >= 0) {
		if (len > VAC_MSG_SIZE_MAX || nf < 0) {
			violation(z, "write() of %zu bytes, framing %s, returned %zd",
				  len, nf < 0 ? "bad" : "ok", n);
			return;
		}
		for (i = 0; i < nf && i < 600; i++)
			if (bounds[i] == (size_t)n)
				break;
		if (i == nf || i == 600) {
			violation(z, "write() of %zu bytes returned %zd, not at a message boundary",
				  len, n);
			return;
		}
		z->handled += i + 1;
		if ((size_t)n < len)	/* the reply cap: make room */
			goto full;
		return;
	}
	switch (err) {
	case EINVAL:
		if (len && len <= VAC_MSG_SIZE_MAX && nf >= 0)
			violation(z, "write() of %zu well-framed bytes: EINVAL",
				  len);
		return;
	case EMSGSIZE:
		if (len <= VAC_MSG_SIZE_MAX)
			violation(z, "write() of %zu bytes: EMSGSIZE", len);
		return;
	case ENOBUFS:
		if (nf < 0 || len > VAC_MSG_SIZE_MAX)
			violation(z, "write() of %zu badly framed bytes: ENOBUFS",
				  len);
		goto full;
	case EINTR:
	case ENOMEM:
		return;
	default:
		violation(z, "write() of %zu bytes: %s", len, strerror(err));
		return;
	}
full:
	if (chance(z, 2))
		drain(z, fd, blocking, 400);
	else
		reopen(z, fd);
}

/*
 * Append a seed, mutated maybe, at @off of wbuf; returns the new end
 * (padded), and in @end (if set) where the message itself ends.
 */
static size_t add_msg(struct fz *z, size_t off, bool framing, size_t *end)
{
	const struct seed_msg *s = &seeds[rnd(z, NSEEDS)];
	unsigned char *b;
	int len;

	off = NLMSG_ALIGN(off);
	if (end)
		*end = off;
	if (off + SEED_MAX + 72 > 2 * VAC_MSG_SIZE_MAX)
		return off;
	b = z->wbuf + off;
	memcpy(b, s->buf, s->len);
	len = s->len;
	((struct nlmsghdr *)b)->nlmsg_seq = rnd64(&z->rng);
	if (!chance(z, 3))
		len = mutate(z, b, len, SEED_MAX + 64, framing);
	if (end)
		*end = off + len;
	/* Padding: zero, as libnl leaves it, or garbage (ignored). */
	while ((off + len) % 4)
		b[len++] = chance(z, 2) ? 0 : rnd(z, 256);
	return off + len;
}

static void act_batch(struct fz *z, int fd, bool blocking)
{
	int k = chance(z, 4) ? 1 : 1 + rnd(z, 48);
	bool framing = chance(z, 16);
	size_t off = 0, end = 0;
	int i;

	for (i = 0; i < k; i++)
		off = add_msg(z, off, framing && chance(z, k), &end);
	/* the last message need not be padded */
	if (chance(z, 2))
		off = end;
	do_write(z, fd, blocking, off, k);
}

static void act_random(struct fz *z, int fd, bool blocking)
{
	size_t len = chance(z, 8) ? rnd(z, VAC_MSG_SIZE_MAX + 64) :
				    1 + rnd(z, 64);
	size_t i;

	for (i = 0; i < len; i++)
		z->wbuf[i] = rnd(z, 256);
	if (len >= NLMSG_HDRLEN && chance(z, 2)) {
		/* a plausible header over random attributes */
		struct nlmsghdr *h = (void *)z->wbuf;

		h->nlmsg_len = len;
		h->nlmsg_type = NLMSG_MIN_TYPE + rnd(z, 14);
		h->nlmsg_flags = NLM_F_REQUEST | (chance(z, 2) ? NLM_F_ACK : 0);
	}
	do_write(z, fd, blocking, len, 1);
}

/* write() edge cases: 0 bytes, too many, bad or half-mapped buffers. */
static void act_write_edge(struct fz *z, int fd)
{
	size_t len;
	ssize_t n;
	int err;

	z->writes++;
	__atomic_fetch_add(&st->msgs, 1, __ATOMIC_RELAXED);
	switch (rnd(z, 4)) {
	case 0:
		n = write(fd, z->wbuf, 0);
		err = n < 0 ? errno : 0;
		count_err(z->werr, err);
		if (err != EINVAL)
			violation(z, "write() of 0 bytes: %zd", n);
		return;
	case 1:
		len = VAC_MSG_SIZE_MAX + 1 + rnd(z, VAC_MSG_SIZE_MAX - 1);
		add_msg(z, 0, false, NULL);
		n = write(fd, z->wbuf, len);
		err = n < 0 ? errno : 0;
		count_err(z->werr, err);
		if (err != EMSGSIZE)
			violation(z, "write() of %zu bytes: %zd", len, n);
		return;
	case 2:
		n = write(fd, z->edge + z->page, 20);	/* PROT_NONE */
		break;
	default:
		/* a request whose tail lies in an unmapped page */
		len = add_msg(z, 0, false, NULL);
		memcpy(z->edge + z->page - len / 2, z->wbuf, len / 2);
		n = write(fd, z->edge + z->page - len / 2, len);
		break;
	}
	err = n < 0 ? errno : 0;
	count_err(z->werr, err);
	if (err != EFAULT)
		violation(z, "write() from a bad buffer: %zd (%s)", n,
			  strerror(err));
}

static void act_read(struct fz *z, int fd, bool blocking)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int k = 1 + rnd(z, 8);
	size_t size;

	while (k--) {
		size = read_size(z);
		/* never block on an empty file (others may read it too) */
		if (blocking && (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN)))
			return;
		switch (rnd(z, 16)) {
		case 0:		/* an unmapped buffer */
			do_read(z, fd, z->edge + z->page, size, false);
			break;
		case 1:		/* the message runs into an unmapped page */
			size = 20 + rnd(z, 200);
			do_read(z, fd, z->edge + z->page - size / 2, size,
				false);
			break;
		default:
			do_read(z, fd, z->rbuf, size, true);
			break;
		}
	}
}

static void act_poll(struct fz *z, int fd)
{
	struct pollfd p[3];
	int i, n = 1, r;

	p[0].fd = fd;
	p[0].events = chance(z, 4) ? POLLOUT : POLLIN | POLLOUT;
	for (i = 0; i < nshared && n < 3; i++) {
		p[n].fd = shared_fds[i];
		p[n].events = POLLIN | POLLOUT | POLLPRI;
		n++;
	}
	z->polls++;
	r = poll(p, n, chance(z, 8) ? 1 : 0);
	if (r < 0) {
		if (errno != EINTR)
			violation(z, "poll(): %s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++)
		if (p[i].revents & ~(POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM))
			violation(z, "poll() revents 0x%x", p[i].revents);
}

/* A blocking read() on an empty own file, ended by a signal (EINTR). */
static void act_wait(struct fz *z)
{
	if (z->own < 0 || z->own_nb)
		return;
	drain(z, z->own, true, 400);
	do_read(z, z->own, z->rbuf, VAC_MSG_SIZE_MAX, true);
}

/*
 * (Re)open the listener: a file subscribed to every group that is read
 * only now and then, so that its notifications overflow.
 */
static void listen_open(struct fz *z)
{
	struct nlmsghdr *h;
	struct nl_msg *m;

	if (z->listen >= 0)
		close(z->listen);
	z->reopens++;
	z->listen = open_dev(true);
	if (z->listen < 0)
		return;
	m = nlmsg_alloc_simple(VAC_MSG_SUBSCRIBE, NLM_F_REQUEST);
	if (!m)
		return;
	nla_put_u32(m, VAC_A_GROUPS, VAC_GROUP_ALL);
	h = nlmsg_hdr(m);
	memcpy(z->wbuf, h, h->nlmsg_len);
	do_write(z, z->listen, false, h->nlmsg_len, 1);
	nlmsg_free(m);
}

static void *worker(void *arg)
{
	struct fz *z = arg;
	unsigned long long mine = 0;
	bool blocking;
	int fd, a;

	z->own_nb = chance(z, 2);
	z->own = open_dev(z->own_nb);
	z->listen = -1;
	listen_open(z);
	while (!stopping()) {
		fd = pick_fd(z, &blocking);
		if (fd < 0) {
			reopen(z, -1);
			continue;
		}
		a = rnd(z, 1000);
		if (a < 600)
			act_batch(z, fd, blocking);
		else if (a < 640)
			act_random(z, fd, blocking);
		else if (a < 655)
			act_write_edge(z, fd);
		else if (a < 850)
			act_read(z, fd, blocking);
		else if (a < 880)
			drain(z, fd, blocking, 400);
		else if (a < 960)
			act_poll(z, fd);
		else if (a < 990)
			reopen(z, fd);
		else if (a < 991 && z->listen >= 0 && chance(z, 4))
			drain(z, z->listen, false, 400);
		else if (a < 992 && chance(z, 8))
			listen_open(z);
		else if (a >= 995)
			act_wait(z);
		if (++mine % 64 == 0 && max_msgs &&
		    __atomic_load_n(&st->msgs, __ATOMIC_RELAXED) >= max_msgs)
			__atomic_store_n(&st->stop, 1, __ATOMIC_RELAXED);
	}
	if (z->own >= 0)
		close(z->own);
	if (z->listen >= 0)
		close(z->listen);
	return NULL;
}

/* Add a thread's counts to the shared totals. */
static void merge(struct fz *z)
{
	int i;

#define ADD(f) __atomic_fetch_add(&st->f, z->f, __ATOMIC_RELAXED)
	ADD(handled);
	ADD(writes);
	ADD(reads);
	ADD(polls);
	ADD(reopens);
	for (i = 0; i < NERR; i++) {
		ADD(werr[i]);
		ADD(rerr[i]);
		ADD(nlerr[i]);
	}
	for (i = 0; i < NKINDS; i++)
		ADD(kinds[i]);
#undef ADD
}

/*
 * Run @n workers (ids from @first) in this process until the stop flag;
 * the calling thread interrupts them with SIGUSR1 now and then (EINTR
 * for blocking reads), and, in the parent, stops the run and reports
 * progress.
 */
/*
 * The unprivileged workers' identity: user vmm of group kvm, whom
 * 60-vac.rules lets open /dev/vac (docs/protocol.md, "Who may do what").
 */
static uid_t unpriv_uid;
static gid_t unpriv_gid;

static int unpriv_ids(void)
{
	struct passwd *pw = getpwnam("vmm");
	struct group *gr = getgrnam("kvm");

	if (!pw || !gr) {
		fprintf(stderr, "vac-fuzz: no user vmm or group kvm\n");
		return -1;
	}
	unpriv_uid = pw->pw_uid;
	unpriv_gid = gr->gr_gid;
	return 0;
}

static void run_workers(int first, int n, bool vmm, uint64_t seed,
			bool parent, double limit, int interval)
{
	static struct fz zs[MAX_THREADS];
	struct sigaction sa = { .sa_handler = noop_handler };
	uint64_t srng = seed ^ (vmm ? 0x5555 : 0);
	double t0 = now(), next = t0 + interval;
	int i;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: EINTR */
	for (i = 0; i < n; i++) {
		struct fz *z = &zs[i];
		uint64_t s = seed + 0x1000 * (first + i + 1);

		z->id = first + i;
		z->vmm = vmm;
		z->rng = splitmix(&s) | 1;
		z->page = sysconf(_SC_PAGESIZE);
		z->wbuf = calloc(1, 2 * VAC_MSG_SIZE_MAX);
		z->rbuf = malloc(RBUF_SIZE);
		z->edge = mmap(NULL, 2 * z->page, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (!z->wbuf || !z->rbuf || z->edge == MAP_FAILED ||
		    mprotect(z->edge + z->page, z->page, PROT_NONE)) {
			perror("vac-fuzz: memory");
			exit(2);
		}
		if (pthread_create(&z->thr, NULL, worker, z)) {
			perror("vac-fuzz: pthread_create");
			exit(2);
		}
	}
	while (!stopping()) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		double t;

		nanosleep(&ts, NULL);
		if (n)
			pthread_kill(zs[rnd64(&srng) % n].thr, SIGUSR1);
		if (!parent)
			continue;
		t = now();
		if ((limit > 0 && t - t0 >= limit) ||
		    (max_msgs && __atomic_load_n(&st->msgs, __ATOMIC_RELAXED) >=
		     max_msgs))
			__atomic_store_n(&st->stop, 1, __ATOMIC_RELAXED);
		if (interval > 0 && t >= next) {
			printf("vac-fuzz: %llu messages, %.0f s\n",
			       __atomic_load_n(&st->msgs, __ATOMIC_RELAXED),
			       t - t0);
			fflush(stdout);
			next += interval;
		}
	}
	/* (Signals until each joins: it may be in a blocking read.) */
	for (i = 0; i < n; i++) {
		struct timespec ts;

		for (;;) {
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 50 * 1000 * 1000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			if (!pthread_timedjoin_np(zs[i].thr, NULL, &ts))
				break;
			pthread_kill(zs[i].thr, SIGUSR1);
		}
		merge(&zs[i]);
	}
}

/* --- quota entries: before and after ------------------------------------- */

/* Names of every quota entry (GET_QUOTA dump); returns how many, or -1. */
static int entry_names(char (*out)[VAC_NAME_LEN], int max)
{
	static unsigned char buf[VAC_MSG_SIZE_MAX];
	struct nlattr *tb[VAC_A_MAX + 1];
	struct nlmsghdr *h;
	struct nl_msg *m;
	int fd, n = 0;
	ssize_t r;

	fd = open_dev(false);
	if (fd < 0)
		return -1;
	m = nlmsg_alloc_simple(VAC_MSG_GET_QUOTA, NLM_F_REQUEST | NLM_F_DUMP);
	h = nlmsg_hdr(m);
	r = write(fd, h, h->nlmsg_len);
	nlmsg_free(m);
	if (r < 0)
		goto fail;
	for (;;) {
		r = read(fd, buf, sizeof(buf));
		if (r < 0)
			goto fail;
		h = (void *)buf;
		if (h->nlmsg_type == NLMSG_DONE)
			break;
		if (h->nlmsg_type != VAC_MSG_GET_QUOTA)
			goto fail;
		if (nlmsg_parse(h, 0, tb, VAC_A_MAX, NULL) < 0 ||
		    !tb[VAC_A_NAME])
			goto fail;
		if (n < max)
			snprintf(out[n++], VAC_NAME_LEN, "%s",
				 nla_get_string(tb[VAC_A_NAME]));
	}
	close(fd);
	return n;
fail:
	fprintf(stderr, "vac-fuzz: cannot list the quota entries\n");
	close(fd);
	return -1;
}

static char before[MAX_ENTRIES][VAC_NAME_LEN], after[MAX_ENTRIES][VAC_NAME_LEN];

/* Delete every entry not in @before; returns 0, or -1 if one stays. */
static int cleanup(int nbefore)
{
	unsigned char buf[VAC_MSG_SIZE_MAX];
	int nafter = entry_names(after, MAX_ENTRIES);
	int i, j, fd, err, deleted = 0, ret = 0;
	struct nlmsghdr *h;
	struct nl_msg *m;

	if (nafter < 0)
		return -1;
	fd = open_dev(false);
	if (fd < 0)
		return -1;
	for (i = 0; i < nafter; i++) {
		for (j = 0; j < nbefore; j++)
			if (!strcmp(after[i], before[j]))
				break;
		if (j < nbefore)
			continue;
		m = nlmsg_alloc_simple(VAC_MSG_DEL_QUOTA,
				       NLM_F_REQUEST | NLM_F_ACK);
		nla_put_string(m, VAC_A_NAME, after[i]);
		h = nlmsg_hdr(m);
		err = -EIO;
		if (write(fd, h, h->nlmsg_len) > 0 &&
		    read(fd, buf, sizeof(buf)) >= (ssize_t)(NLMSG_HDRLEN + 4))
			err = ((struct nlmsgerr *)(buf + NLMSG_HDRLEN))->error;
		nlmsg_free(m);
		if (!err) {
			deleted++;
		} else if (err == -EBUSY) {
			/* an instance module uses it: not the fuzzer's */
			printf("vac-fuzz: quota entry %s is in use, left\n",
			       after[i]);
		} else {
			printf("vac-fuzz: cannot delete quota entry %s: %s\n",
			       after[i], strerror(-err));
			ret = -1;
		}
	}
	close(fd);
	printf("vac-fuzz: deleted %d quota entr%s the run created\n", deleted,
	       deleted == 1 ? "y" : "ies");
	return ret;
}

/* --- main ---------------------------------------------------------------- */

static void print_errs(const char *what, const unsigned long long *tab)
{
	int i;

	printf("vac-fuzz: %s:", what);
	for (i = 0; i < NERR; i++) {
		if (!tab[i])
			continue;
		if (!i)
			printf(" ok %llu", tab[i]);
		else if (i == NERR - 1)
			printf(" other %llu", tab[i]);
		else
			printf(" %s %llu", strerrorname_np(i) ?: "?", tab[i]);
	}
	printf("\n");
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vac-fuzz [-n MESSAGES] [-d SECONDS] [-t THREADS] [-u VMM]\n"
		"                [-s SEED] [-i SECONDS] [-k] [-D DEVICE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int threads = 4, vmm = -1, interval = 10, keep = 0, c, i;
	uint64_t seed = 0, s;
	bool seeded = false;
	double limit = 0, t0, secs;
	int nbefore = 0, rc = 0, status;
	pid_t child = -1;

	while ((c = getopt(argc, argv, "n:d:t:u:s:i:kD:h")) != -1) {
		switch (c) {
		case 'n':
			max_msgs = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			limit = strtod(optarg, NULL);
			break;
		case 't':
			threads = atoi(optarg);
			break;
		case 'u':
			vmm = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			seeded = true;
			break;
		case 'i':
			interval = atoi(optarg);
			break;
		case 'k':
			keep = 1;
			break;
		case 'D':
			dev = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || threads < 1 || threads > MAX_THREADS)
		usage();
	if (geteuid() != 0)
		vmm = 0;		/* already unprivileged */
	else if (vmm < 0)
		vmm = threads / 2;
	if (vmm > threads)
		usage();
	if (!seeded) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = ts.tv_sec * 1000000007ULL ^ ts.tv_nsec ^ getpid();
	}

	st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (st == MAP_FAILED) {
		perror("vac-fuzz: mmap");
		return 2;
	}
	s = seed;
	for (i = 0; i < NSEEDS; i++)
		build_seed(&seeds[i], &s);
	if (!keep && geteuid() == 0) {
		nbefore = entry_names(before, MAX_ENTRIES);
		if (nbefore < 0)
			return 2;
	}
	printf("vac-fuzz: seed %llu, %d threads (%d as vmm), limit:",
	       (unsigned long long)seed, threads, vmm);
	if (max_msgs)
		printf(" %llu messages", max_msgs);
	if (limit > 0)
		printf("%s %.0f s", max_msgs ? " or" : "", limit);
	printf("%s\n", max_msgs || limit > 0 ? "" : " none");
	fflush(stdout);

	/* A file root opened, for the vmm process only. */
	if (vmm && unpriv_ids())
		return 2;
	shared_fds[1] = open_dev(true);
	if (shared_fds[1] < 0)
		return 2;
	t0 = now();
	if (vmm) {
		child = fork();
		if (child < 0) {
			perror("vac-fuzz: fork");
			return 2;
		}
	}
	if (child == 0) {
		if (setresgid(unpriv_gid, unpriv_gid, unpriv_gid) ||
		    setgroups(1, &unpriv_gid) ||
		    setresuid(unpriv_uid, unpriv_uid, unpriv_uid)) {
			perror("vac-fuzz: setresuid");
			_exit(2);
		}
		shared_fds[0] = open_dev(true);
		nshared = 2;
		run_workers(threads - vmm, vmm, true, seed, false, 0, 0);
		_exit(0);
	}
	close(shared_fds[1]);
	shared_fds[1] = -1;
	shared_fds[0] = open_dev(true);
	if (shared_fds[0] < 0)
		return 2;
	nshared = 1;
	run_workers(0, threads - vmm, false, seed, true, limit, interval);
	if (child > 0) {
		if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			printf("vac-fuzz: the vmm process failed (status 0x%x)\n",
			       status);
			rc = 1;
		}
	}
	secs = now() - t0;
	close(shared_fds[0]);

	printf("vac-fuzz: %llu messages in %.1f s (%.0f msg/s), seed %llu\n",
	       st->msgs, secs, st->msgs / secs, (unsigned long long)seed);
	printf("vac-fuzz: %llu messages accepted by write(); %llu writes, %llu reads, %llu polls, %llu reopens\n",
	       st->handled, st->writes, st->reads, st->polls, st->reopens);
	print_errs("write", st->werr);
	print_errs("read", st->rerr);
	print_errs("answers", st->nlerr);
	printf("vac-fuzz: read:");
	for (i = 0; i < NKINDS; i++)
		printf(" %s %llu", kind_names[i], st->kinds[i]);
	printf("\n");
	if (!keep && geteuid() == 0 && cleanup(nbefore))
		rc = 1;
	printf("vac-fuzz: %llu violations\n", st->violations);
	if (st->violations) {
		printf("vac-fuzz: first violation: %s\n", st->first);
		rc = 1;
	}
	return rc;
}
