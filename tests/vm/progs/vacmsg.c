// SPDX-License-Identifier: GPL-2.0
/*
 * vacmsg: send one /dev/vac request, built with libnl-3, and print every
 * reply as one line of key=value words, for the VM test scripts.
 *
 *   vacmsg [-a] [-d] [-N] [-r] [-F FLAGS] [-s SEQ] [-D DEV] COMMAND [ARG...]
 *
 *   version | resources | get NAME | inst NAME | del NAME
 *   set NAME SPACE=QUOTA...   (SPACE: vpid svm_asid sev_asid sev_es_asid
 *                             ga_vm_id or a number)
 *   drain NAME 0|1            SET_INSTANCE: VAC_A_DRAINING (1 drain, 0 resume)
 *   subscribe GROUPS          (then: waits for and prints -n N messages)
 *   type N                    a request of type N without attributes
 *
 *   -a  set NLM_F_ACK            -d  set NLM_F_DUMP (get, inst: no NAME)
 *   -r  clear NLM_F_REQUEST      -F  OR FLAGS into nlmsg_flags
 *   -s  nlmsg_seq (default 1)    -n  after the request, read N more
 *   -N  expect no reply at all   -D  device (default /dev/vac)
 *
 * Output lines, one per message:
 *   GET_QUOTA flags=0x0 seq=1 name=a state=configured vpid.quota=0 ...
 *   ERROR flags=0x300 seq=1 error=-22 msg="..." offs=20 miss_type=2
 *   DONE flags=0x2 seq=1
 * Replies are queued by write() itself, so "is there a reply" is decided
 * with poll() and a zero timeout, deterministically.
 *
 * Exit: 0 when no error reply came, 1 when one did, 2 on usage or I/O
 * errors, 3 when -N was given and a reply came.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/msg.h>
#include <netlink/attr.h>

#include "vac.h"

static const char *const space_names[VAC_SPACE_COUNT] = {
	"vpid", "svm_asid", "sev_asid", "sev_es_asid", "ga_vm_id",
};

static const char *const space_fields[VAC_SPACE_A_MAX + 1] = {
	[VAC_SPACE_A_ID] = "id",
	[VAC_SPACE_A_FIRST] = "first",
	[VAC_SPACE_A_CAPACITY] = "capacity",
	[VAC_SPACE_A_RESERVED] = "reserved",
	[VAC_SPACE_A_USED] = "used",
	[VAC_SPACE_A_FREE] = "free",
	[VAC_SPACE_A_QUOTA] = "quota",
	[VAC_SPACE_A_QUOTA_PENDING] = "pending",
	[VAC_SPACE_A_RANGE_FIRST] = "range_first",
	[VAC_SPACE_A_RANGE_LAST] = "range_last",
	[VAC_SPACE_A_EXHAUSTED] = "exhausted",
};

static const char *type_name(int type)
{
	static char buf[32];

	switch (type) {
	case NLMSG_ERROR: return "ERROR";
	case NLMSG_DONE: return "DONE";
	case VAC_MSG_GET_VERSION: return "GET_VERSION";
	case VAC_MSG_GET_RESOURCES: return "GET_RESOURCES";
	case VAC_MSG_SET_QUOTA: return "SET_QUOTA";
	case VAC_MSG_GET_QUOTA: return "GET_QUOTA";
	case VAC_MSG_DEL_QUOTA: return "DEL_QUOTA";
	case VAC_MSG_GET_INSTANCE: return "GET_INSTANCE";
	case VAC_MSG_SUBSCRIBE: return "SUBSCRIBE";
	case VAC_MSG_NOTIFY_INSTANCE_UP: return "INSTANCE_UP";
	case VAC_MSG_NOTIFY_INSTANCE_DOWN: return "INSTANCE_DOWN";
	case VAC_MSG_NOTIFY_QUOTA_SET: return "QUOTA_SET";
	case VAC_MSG_NOTIFY_QUOTA_DEL: return "QUOTA_DEL";
	case VAC_MSG_NOTIFY_QUOTA_EXHAUSTED: return "QUOTA_EXHAUSTED";
	case VAC_MSG_NOTIFY_OVERFLOW: return "OVERFLOW";
	case VAC_MSG_SET_INSTANCE: return "SET_INSTANCE";
	case VAC_MSG_NOTIFY_INSTANCE_DRAINING: return "INSTANCE_DRAINING";
	case VAC_MSG_NOTIFY_INSTANCE_RESUMED: return "INSTANCE_RESUMED";
	}
	snprintf(buf, sizeof(buf), "TYPE%d", type);
	return buf;
}

static void print_space(struct nlattr *nest)
{
	struct nlattr *stb[VAC_SPACE_A_MAX + 1];
	unsigned int id;
	int f;

	if (nla_parse_nested(stb, VAC_SPACE_A_MAX, nest, NULL) < 0 ||
	    !stb[VAC_SPACE_A_ID]) {
		printf(" space=garbage");
		return;
	}
	id = nla_get_u32(stb[VAC_SPACE_A_ID]);
	for (f = VAC_SPACE_A_ID + 1; f <= VAC_SPACE_A_MAX; f++) {
		if (!stb[f])
			continue;
		if (id < VAC_SPACE_COUNT)
			printf(" %s.%s=%u", space_names[id], space_fields[f],
			       nla_get_u32(stb[f]));
		else
			printf(" space%u.%s=%u", id, space_fields[f],
			       nla_get_u32(stb[f]));
	}
}

static int print_error(struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int echo = sizeof(*e);

	printf(" error=%d", e->error);
	if (e->error)
		printf(" (%s)", strerror(-e->error));
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		printf(" capped=1");
	else
		echo = sizeof(*e) - sizeof(e->msg) + e->msg.nlmsg_len;
	printf(" echo_type=%u echo_seq=%u", e->msg.nlmsg_type,
	       e->msg.nlmsg_seq);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return e->error;
	if (nlmsg_datalen(nlh) < (int)NLMSG_ALIGN(echo) ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + NLMSG_ALIGN(echo)),
		      nlmsg_datalen(nlh) - NLMSG_ALIGN(echo), NULL) < 0) {
		printf(" tlvs=garbage");
		return e->error;
	}
	if (tb[NLMSGERR_ATTR_MSG])
		printf(" msg=\"%s\"", nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		printf(" offs=%u", nla_get_u32(tb[NLMSGERR_ATTR_OFFS]));
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		printf(" miss_type=%u", nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
	if (tb[NLMSGERR_ATTR_MISS_NEST])
		printf(" miss_nest=%u", nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]));
	return e->error;
}

/* Print one message; returns its error (0 for data), 1 for DONE. */
static int print_msg(struct nlmsghdr *nlh)
{
	struct nlattr *a;
	int rem, err = 0;

	printf("%s flags=0x%x seq=%u", type_name(nlh->nlmsg_type),
	       nlh->nlmsg_flags, nlh->nlmsg_seq);
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		err = print_error(nlh);
		printf("\n");
		return err;
	}
	if (nlh->nlmsg_type == NLMSG_DONE) {
		printf("\n");
		return 1;
	}
	nlmsg_for_each_attr(a, nlh, 0, rem) {
		switch (nla_type(a)) {
		case VAC_A_VERSION:
			printf(" version=%u", nla_get_u32(a));
			break;
		case VAC_A_NAME:
			printf(" name=%s", nla_get_string(a));
			break;
		case VAC_A_STATE:
			printf(" state=%s", nla_get_u32(a) == VAC_STATE_LIVE ?
			       "live" : "configured");
			break;
		case VAC_A_GROUPS:
			printf(" groups=%u", nla_get_u32(a));
			break;
		case VAC_A_DROPPED:
			printf(" dropped=%u", nla_get_u32(a));
			break;
		case VAC_A_DRAINING:
			printf(" draining=%u", nla_get_u32(a));
			break;
		case VAC_A_VMS:
			printf(" vms=%u", nla_get_u32(a));
			break;
		case VAC_A_VCPUS:
			printf(" vcpus=%u", nla_get_u32(a));
			break;
		case VAC_A_MODULE_VERSION:
			printf(" version=%s", nla_get_string(a));
			break;
		case VAC_A_SRCVERSION:
			printf(" srcversion=%s", nla_get_string(a));
			break;
		case VAC_A_SPACE:
			print_space(a);
			break;
		default:
			printf(" attr%d", nla_type(a));
		}
	}
	printf("\n");
	return 0;
}

static int space_id(const char *s)
{
	char *end;
	long v;
	int i;

	for (i = 0; i < VAC_SPACE_COUNT; i++)
		if (!strcmp(s, space_names[i]))
			return i;
	v = strtol(s, &end, 0);
	return *end ? -1 : (int)v;
}

static void usage(void)
{
	fprintf(stderr, "usage: vacmsg [-adNr] [-F FLAGS] [-s SEQ] [-n N] "
		"[-D DEV] version|resources|get NAME|inst NAME|del NAME|"
		"set NAME SPACE=QUOTA...|drain NAME 0|1|subscribe GROUPS|"
		"type N\n");
	exit(2);
}

static int read_one(int fd, char *buf, size_t len)
{
	ssize_t n = read(fd, buf, len);

	if (n < 0) {
		perror("vacmsg: read");
		exit(2);
	}
	if ((size_t)n < NLMSG_HDRLEN ||
	    ((struct nlmsghdr *)buf)->nlmsg_len != (size_t)n) {
		fprintf(stderr, "vacmsg: bad reply of %zd bytes\n", n);
		exit(2);
	}
	return print_msg((struct nlmsghdr *)buf);
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

int main(int argc, char **argv)
{
	const char *dev = VAC_DEVICE_PATH;
	int flags = NLM_F_REQUEST, extra = 0, more = 0, opt;
	int no_reply = 0, dump = 0, type, fd, err = 0, r, i;
	unsigned int seq = 1;
	static char buf[VAC_MSG_SIZE_MAX];
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	const char *cmd;

	/* Line by line, also into files: listeners are watched while they
	 * wait. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "adNrF:s:n:D:")) != -1) {
		switch (opt) {
		case 'a': flags |= NLM_F_ACK; break;
		case 'd': flags |= NLM_F_DUMP; dump = 1; break;
		case 'N': no_reply = 1; break;
		case 'r': flags &= ~NLM_F_REQUEST; break;
		case 'F': extra = strtol(optarg, NULL, 0); break;
		case 's': seq = strtoul(optarg, NULL, 0); break;
		case 'n': more = atoi(optarg); break;
		case 'D': dev = optarg; break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	cmd = argv[optind++];

	if (!strcmp(cmd, "version"))
		type = VAC_MSG_GET_VERSION;
	else if (!strcmp(cmd, "resources"))
		type = VAC_MSG_GET_RESOURCES;
	else if (!strcmp(cmd, "set"))
		type = VAC_MSG_SET_QUOTA;
	else if (!strcmp(cmd, "get"))
		type = VAC_MSG_GET_QUOTA;
	else if (!strcmp(cmd, "inst"))
		type = VAC_MSG_GET_INSTANCE;
	else if (!strcmp(cmd, "del"))
		type = VAC_MSG_DEL_QUOTA;
	else if (!strcmp(cmd, "subscribe"))
		type = VAC_MSG_SUBSCRIBE;
	else if (!strcmp(cmd, "drain"))
		type = VAC_MSG_SET_INSTANCE;
	else if (!strcmp(cmd, "type") && optind < argc)
		type = strtol(argv[optind++], NULL, 0);
	else
		usage();

	msg = nlmsg_alloc_simple(type, flags | extra);
	if (!msg)
		return 2;
	nlmsg_hdr(msg)->nlmsg_seq = seq;
	if ((type == VAC_MSG_SET_QUOTA || type == VAC_MSG_DEL_QUOTA ||
	     type == VAC_MSG_SET_INSTANCE ||
	     ((type == VAC_MSG_GET_QUOTA || type == VAC_MSG_GET_INSTANCE) &&
	      !dump)) && optind < argc)
		nla_put_string(msg, VAC_A_NAME, argv[optind++]);
	if (type == VAC_MSG_SET_INSTANCE && optind < argc)
		nla_put_u32(msg, VAC_A_DRAINING,
			    strtoul(argv[optind++], NULL, 0));
	if (type == VAC_MSG_SUBSCRIBE && optind < argc)
		nla_put_u32(msg, VAC_A_GROUPS,
			    strtoul(argv[optind++], NULL, 0));
	for (; type == VAC_MSG_SET_QUOTA && optind < argc; optind++) {
		char *eq = strchr(argv[optind], '=');
		struct nlattr *nest;

		if (!eq)
			usage();
		*eq = '\0';
		nest = nla_nest_start(msg, VAC_A_SPACE | NLA_F_NESTED);
		nla_put_u32(msg, VAC_SPACE_A_ID, space_id(argv[optind]));
		nla_put_u32(msg, VAC_SPACE_A_QUOTA, strtoul(eq + 1, NULL, 0));
		nla_nest_end(msg, nest);
	}

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "vacmsg: %s: %s\n", dev, strerror(errno));
		return 2;
	}
	nlh = nlmsg_hdr(msg);
	if (write(fd, nlh, nlh->nlmsg_len) != (ssize_t)nlh->nlmsg_len) {
		fprintf(stderr, "vacmsg: write: %s\n", strerror(errno));
		return 2;
	}
	nlmsg_free(msg);

	if (no_reply) {
		if (!readable(fd)) {
			printf("no reply\n");
			return 0;
		}
		read_one(fd, buf, sizeof(buf));
		return 3;
	}
	if (dump) {
		/* Messages until NLMSG_DONE or an error. */
		do {
			r = read_one(fd, buf, sizeof(buf));
		} while (r == 0);
		err = r < 0;
	} else {
		/* Everything write() queued: data and/or ack, or nothing. */
		if (!readable(fd))
			printf("no reply\n");
		while (readable(fd))
			if (read_one(fd, buf, sizeof(buf)) < 0)
				err = 1;
	}
	for (i = 0; i < more; i++)
		read_one(fd, buf, sizeof(buf));
	close(fd);
	return err;
}
