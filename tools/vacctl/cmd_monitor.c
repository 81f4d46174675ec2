// SPDX-License-Identifier: GPL-2.0
/*
 * vacctl monitor: print notifications until SIGINT / SIGTERM (or COUNT
 * events).  One line per event in text (quota-set adds one indented line
 * per space); one JSON document per line with -j (like `ip -j monitor`).
 * The objects named on the command line are the groups subscribed to, so
 * the kernel sends nothing else.
 */
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "print.h"
#include "show.h"
#include "vacctl.h"

static volatile sig_atomic_t stop, waiting;

/*
 * While waiting for an event, exit at once: output is flushed after every
 * event, and this avoids the window between testing @stop and sleeping in
 * poll().  While printing, finish the event first.
 */
static void on_signal(int sig)
{
	(void)sig;
	if (waiting)
		_exit(VACCTL_OK);
	stop = 1;
}

/* "2026-11-30T08:41:02.123456Z": when the event was read, UTC. */
static void show_timestamp(void)
{
	char buf[64];
	struct timeval tv;
	struct tm tm;
	size_t n;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sizeof(buf) - n, ".%06ldZ", (long)tv.tv_usec);
	print_string(PRINT_JSON, "timestamp", NULL, buf);
	print_string(PRINT_FP, NULL, "[%s] ", buf);
}

static void show_event(const struct vac_event *ev, bool timestamp, bool stats)
{
	print_start();
	if (timestamp)
		show_timestamp();
	print_string(PRINT_ANY, "event", "%s", vac_event_to_name(ev->type));
	switch (ev->type) {
	case VAC_MSG_NOTIFY_OVERFLOW:
		print_uint(PRINT_ANY, "dropped", " dropped %llu", ev->dropped);
		break;
	case VAC_MSG_NOTIFY_QUOTA_EXHAUSTED:
		print_string(PRINT_ANY, "name", " %s", ev->name);
		print_string(PRINT_ANY, "space", " space %s",
			     ev->space >= 0 ? vac_space_to_name(ev->space) :
					      "unknown");
		print_uint(PRINT_ANY, "quota", " quota %llu", ev->quota);
		print_uint(PRINT_ANY, "used", " used %llu", ev->used);
		print_uint(PRINT_ANY, "exhausted", " exhausted %llu",
			   ev->exhausted);
		break;
	case VAC_MSG_NOTIFY_INSTANCE_DRAINING:
		print_string(PRINT_ANY, "name", " %s", ev->name);
		print_uint(PRINT_ANY, "vms", " vms %llu", ev->vms);
		print_uint(PRINT_ANY, "vcpus", " vcpus %llu", ev->vcpus);
		break;
	case VAC_MSG_NOTIFY_QUOTA_SET:
		print_string(PRINT_ANY, "name", " %s", ev->name);
		print_open_object("quota");
		show_entry(&ev->entry, false, stats);
		print_close_object();
		break;
	default:
		print_string(PRINT_ANY, "name", " %s", ev->name);
		break;
	}
	print_nl(0);
	print_end();
}

static const char monitor_help[] =
	"Usage: vacctl monitor [-t] [all | instance | quota]... [count N]\n"
	"Print VAC events as they happen, until Ctrl-C or after N events:\n"
	"instance (up, down, draining, resumed), quota (set, deleted,\n"
	"exhausted), or all (the default); overflow (events lost) always.\n"
	"-t: each event with the time it was read (UTC, microseconds).\n";

enum { MON_ALL, MON_INSTANCE, MON_QUOTA, MON_COUNT, MON_TIME };

static const struct vacctl_word monitor_words[] = {
	{ "all", MON_ALL },
	{ "instance", MON_INSTANCE },
	{ "quota", MON_QUOTA },
	{ "count", MON_COUNT },
	{ "-t", MON_TIME },
	{ "--timestamp", MON_TIME },
};

int cmd_monitor(struct vacctl *c, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	uint32_t count = 0, seen = 0, groups = 0;
	bool timestamp = false;
	struct vac_event ev;
	int i, rc;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(monitor_help, stdout);
		return VACCTL_OK;
	}
	for (i = 0; i < argc; i++) {
		switch (vacctl_lookup("monitor", argv[i],
				      VACCTL_WORDS(monitor_words))) {
		case MON_ALL:
			groups |= VAC_GROUP_ALL;
			break;
		case MON_INSTANCE:
			groups |= VAC_GROUP_INSTANCE;
			break;
		case MON_QUOTA:
			groups |= VAC_GROUP_QUOTA;
			break;
		case MON_TIME:
			timestamp = true;
			break;
		case MON_COUNT:
			if (++i == argc || vacctl_parse_u32(argv[i], &count) ||
			    !count)
				return vacctl_err(VACCTL_USAGE,
						  "monitor: bad count '%s'",
						  i < argc ? argv[i] : "");
			break;
		default:
			return VACCTL_USAGE;
		}
	}
	if (!groups)
		groups = VAC_GROUP_ALL;
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	/* No SA_RESTART: the signal must interrupt poll(). */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = vac_subscribe(c->h, groups);
	if (rc)
		return vacctl_fail(c, "monitor", rc);
	/* On stderr, so scripts can wait for it without parsing stdout. */
	fprintf(stderr, "vacctl: monitoring events (Ctrl-C stops)\n");
	while (!stop && (!count || seen < count)) {
		waiting = 1;
		rc = stop ? 0 : vac_event_next(c->h, &ev, -1);
		waiting = 0;
		if (rc < 0)
			return vacctl_fail(c, "monitor", rc);
		if (rc == 0)
			continue;
		show_event(&ev, timestamp, c->stats);
		seen++;
	}
	return VACCTL_OK;
}
