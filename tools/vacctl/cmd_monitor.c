// SPDX-License-Identifier: GPL-2.0
/*
 * vacctl monitor: print notifications until SIGINT / SIGTERM (or COUNT
 * events).  One line per event in text (quota-set adds one indented line
 * per space); one JSON document per line with -j (like `ip -j monitor`).
 */
#include <signal.h>
#include <string.h>
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

static void show_event(const struct vac_event *ev)
{
	print_start();
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
		show_entry(&ev->entry, false);
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
	"Usage: vacctl monitor [count N]\n"
	"Print VAC events (instance up/down/draining/resumed, quota\n"
	"set/deleted/exhausted, overflow) as they happen, until Ctrl-C or\n"
	"after N events.\n";

int cmd_monitor(struct vacctl *c, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	uint32_t count = 0, seen = 0;
	struct vac_event ev;
	int rc;

	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(monitor_help, stdout);
		return VACCTL_OK;
	}
	if (argc == 2 && !strcmp(argv[0], "count")) {
		if (vacctl_parse_u32(argv[1], &count) || !count)
			return vacctl_err(VACCTL_USAGE,
					  "monitor: bad count '%s'", argv[1]);
	} else if (argc > 0) {
		return vacctl_err(VACCTL_USAGE, "monitor: unexpected '%s'",
				  argv[0]);
	}
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	/* No SA_RESTART: the signal must interrupt poll(). */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = vac_subscribe(c->h, VAC_GROUP_ALL);
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
		show_event(&ev);
		seen++;
	}
	return VACCTL_OK;
}
