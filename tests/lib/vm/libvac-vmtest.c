// SPDX-License-Identifier: GPL-2.0
/*
 * libvac-vmtest: libvac against the real /dev/vac, for the VM suite "lib"
 * (tests/vm/guest/lib/).  One subcommand per behaviour; each prints what
 * it checked and exits 0 when everything held, 1 otherwise.
 *
 *   libvac-vmtest version
 *   libvac-vmtest roundtrip NAME     set, get, list, delete a quota
 *   libvac-vmtest errors             kernel ext-ack text reaches the caller
 *   libvac-vmtest eperm              (as nobody) queries ok, mutations EPERM
 *   libvac-vmtest drain NAME         drain and resume the live instance NAME
 *                                    (running no VM), with its events
 *   libvac-vmtest events NAME        notifications, also across a request
 *   libvac-vmtest overflow N         N quota changes vs. the event queue cap
 *   libvac-vmtest threads N          N threads, one handle each
 *   libvac-vmtest choose NVCPUS      print the instance with most headroom
 *   libvac-vmtest kvm-open NAME      vac_kvm_open + KVM_GET_API_VERSION
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <vac/libvac.h>

static void check(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf(ok ? "ok: " : "FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		exit(1);
}

static struct vac_handle *open_or_die(void)
{
	struct vac_handle *h = vac_open(NULL);

	if (!h)
		check(0, "vac_open: %s", strerror(errno));
	return h;
}

static struct vac_quota quota1(int space, uint32_t v)
{
	struct vac_quota q = { .mask = 1U << space };

	q.max[space] = v;
	return q;
}

static int t_version(void)
{
	struct vac_handle *h = open_or_die();
	uint32_t v = 0;
	int rc = vac_version(h, &v);

	check(rc == 0 && v == VAC_PROTOCOL_VERSION,
	      "vac_version rc %d version %u (want %u)", rc, v,
	      VAC_PROTOCOL_VERSION);
	vac_close(h);
	return 0;
}

static int find(const struct vac_instance *l, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i].name, name))
			return (int)i;
	return -1;
}

static int t_roundtrip(const char *name)
{
	struct vac_handle *h = open_or_die();
	struct vac_quota q = { 0 };
	struct vac_instance e, *l;
	size_t n;
	int rc, i;

	/* vpid 0: the space may be absent (SVM host); 0 is always allowed. */
	q.mask = 1U << VAC_SPACE_VPID | 1U << VAC_SPACE_SVM_ASID;
	q.max[VAC_SPACE_VPID] = 0;
	q.max[VAC_SPACE_SVM_ASID] = 3;
	rc = vac_quota_set(h, name, &q);
	check(rc == 0, "set %s vpid 0 svm_asid 3: rc %d %s", name, rc,
	      vac_strerror(h));
	rc = vac_quota_get(h, name, &e);
	check(rc == 0, "get %s: rc %d %s", name, rc, vac_strerror(h));
	check(!strcmp(e.name, name) && e.state == VAC_STATE_CONFIGURED,
	      "entry %s state %s", e.name, vac_state_to_name(e.state));
	check(!e.draining && !e.vms && !e.vcpus,
	      "configured: draining %u vms %u vcpus %u", e.draining, e.vms,
	      e.vcpus);
	rc = vac_instance_drain(h, name, 1);
	check(rc == -ENOENT && strstr(vac_strerror(h), "is not loaded"),
	      "drain of a configured entry: rc %d, message '%s'", rc,
	      vac_strerror(h));
	check(e.space[VAC_SPACE_VPID].quota == 0 &&
	      e.space[VAC_SPACE_SVM_ASID].quota == 3 &&
	      e.space[VAC_SPACE_VPID].used == 0,
	      "quotas vpid %u svm_asid %u, vpid used %u",
	      e.space[VAC_SPACE_VPID].quota, e.space[VAC_SPACE_SVM_ASID].quota,
	      e.space[VAC_SPACE_VPID].used);
	/* Changing one space keeps the other. */
	q = quota1(VAC_SPACE_SVM_ASID, 2);
	rc = vac_quota_set(h, name, &q);
	check(rc == 0, "set %s svm_asid 2: rc %d", name, rc);
	q = quota1(VAC_SPACE_VPID, 0);
	rc = vac_quota_set(h, name, &q);
	check(rc == 0, "set %s vpid 0: rc %d", name, rc);
	vac_quota_get(h, name, &e);
	check(e.space[VAC_SPACE_VPID].quota == 0 &&
	      e.space[VAC_SPACE_SVM_ASID].quota == 2,
	      "after vpid 0: vpid %u svm_asid %u (kept)",
	      e.space[VAC_SPACE_VPID].quota, e.space[VAC_SPACE_SVM_ASID].quota);
	rc = vac_quota_list(h, &l, &n);
	check(rc == 0 && (i = find(l, n, name)) >= 0,
	      "dump of %zu entries holds %s", n, name);
	vac_list_free(l);
	rc = vac_instance_get(h, name, &e);
	check(rc == -ENOENT, "not an instance: rc %d (%s)", rc,
	      vac_strerror(h));
	rc = vac_quota_del(h, name);
	check(rc == 0, "del %s: rc %d %s", name, rc, vac_strerror(h));
	rc = vac_quota_get(h, name, &e);
	check(rc == -ENOENT && vac_strerror(h)[0],
	      "get after del: rc %d, message '%s'", rc, vac_strerror(h));
	vac_close(h);
	return 0;
}

static int t_errors(void)
{
	struct vac_handle *h = open_or_die();
	struct vac_resource res[LIBVAC_SPACES];
	struct vac_quota q;
	int rc;

	q = quota1(VAC_SPACE_SVM_ASID, 1);
	rc = vac_quota_set(h, "Bad!", &q);
	check(rc == -EINVAL && vac_strerror(h)[0],
	      "invalid name refused by the kernel: rc %d, message '%s'", rc,
	      vac_strerror(h));
	rc = vac_quota_del(h, "never-set");
	check(rc == -ENOENT && vac_strerror(h)[0],
	      "del unknown: rc %d, message '%s'", rc, vac_strerror(h));
	rc = vac_instance_drain(h, "never-set", 1);
	check(rc == -ENOENT &&
	      !strcmp(vac_strerror(h), "no quota entry for instance never-set"),
	      "drain unknown: rc %d, message '%s'", rc, vac_strerror(h));
	rc = vac_instance_drain(h, "Bad!", 0);
	check(rc == -EINVAL && vac_strerror(h)[0],
	      "drain of an invalid name refused by the kernel: rc %d, message '%s'",
	      rc, vac_strerror(h));
	rc = vac_resources(h, res);
	check(rc == 0, "resources: rc %d", rc);
	/* More than the whole svm_asid space. */
	q = quota1(VAC_SPACE_SVM_ASID, res[VAC_SPACE_SVM_ASID].capacity + 1);
	rc = vac_quota_set(h, "toobig", &q);
	check(rc < 0 && vac_strerror(h)[0],
	      "svm_asid %u > capacity %u refused: rc %d, message '%s'",
	      q.max[VAC_SPACE_SVM_ASID], res[VAC_SPACE_SVM_ASID].capacity,
	      rc, vac_strerror(h));
	check(vac_quota_get(h, "toobig", &(struct vac_instance){ 0 }) ==
	      -ENOENT, "refused quota left no entry");
	/* A good call clears the message. */
	rc = vac_resources(h, res);
	check(rc == 0 && !vac_strerror(h)[0], "message cleared on success");
	vac_close(h);
	return 0;
}

static int t_eperm(void)
{
	struct vac_handle *h = open_or_die();
	struct vac_resource res[LIBVAC_SPACES];
	struct vac_instance *l;
	struct vac_quota q = quota1(VAC_SPACE_SVM_ASID, 1);
	size_t n;
	int rc;

	check(geteuid() != 0, "running unprivileged (uid %d)", geteuid());
	rc = vac_resources(h, res);
	check(rc == 0, "resources as nobody: rc %d", rc);
	rc = vac_quota_list(h, &l, &n);
	check(rc == 0, "quota dump as nobody: rc %d", rc);
	vac_list_free(l);
	rc = vac_quota_set(h, "p", &q);
	check(rc == -EPERM && vac_strerror(h)[0],
	      "set as nobody: rc %d, message '%s'", rc, vac_strerror(h));
	rc = vac_quota_del(h, "p");
	check(rc == -EPERM, "del as nobody: rc %d", rc);
	rc = vac_instance_drain(h, "p", 1);
	check(rc == -EPERM &&
	      !strcmp(vac_strerror(h),
		      "draining or resuming an instance needs CAP_SYS_ADMIN"),
	      "drain as nobody: rc %d, message '%s'", rc, vac_strerror(h));
	vac_close(h);
	return 0;
}

static void expect_event(struct vac_handle *h, uint32_t type,
			 const char *name)
{
	struct vac_event ev;
	int rc = vac_event_next(h, &ev, -1);

	check(rc == 1 && ev.type == type && !strcmp(ev.name, name),
	      "event %s %s (got rc %d: %s %s)", vac_event_to_name(type), name,
	      rc, rc == 1 ? vac_event_to_name(ev.type) : vac_strerror(h),
	      rc == 1 ? ev.name : "");
}

static int t_events(const char *name)
{
	struct vac_handle *mon = open_or_die(), *adm = open_or_die();
	struct vac_quota q = quota1(VAC_SPACE_SVM_ASID, 1);
	struct vac_event ev;
	uint32_t v;
	int rc;

	rc = vac_subscribe(mon, VAC_GROUP_ALL);
	check(rc == 0, "subscribe: rc %d %s", rc, vac_strerror(mon));
	check(vac_event_next(mon, &ev, 0) == 0, "no event yet");
	check(vac_quota_set(adm, name, &q) == 0, "set %s svm_asid 1", name);
	expect_event(mon, VAC_MSG_NOTIFY_QUOTA_SET, name);

	/* Two events wait in the kernel while mon makes a request. */
	q = quota1(VAC_SPACE_SVM_ASID, 2);
	check(vac_quota_set(adm, name, &q) == 0, "set %s svm_asid 2", name);
	check(vac_quota_del(adm, name) == 0, "del %s", name);
	rc = vac_version(mon, &v);
	check(rc == 0, "request on the subscribed handle: rc %d", rc);
	check(vac_event_pending(mon) == 2,
	      "both events were queued during the request (%zu)",
	      vac_event_pending(mon));
	expect_event(mon, VAC_MSG_NOTIFY_QUOTA_SET, name);
	expect_event(mon, VAC_MSG_NOTIFY_QUOTA_DEL, name);

	/* Unsubscribed: nothing more. */
	check(vac_subscribe(mon, 0) == 0, "unsubscribe");
	check(vac_quota_set(adm, name, &q) == 0, "set %s", name);
	check(vac_quota_del(adm, name) == 0, "del %s", name);
	check(vac_event_next(mon, &ev, 0) == 0, "no event after unsubscribe");
	vac_close(mon);
	vac_close(adm);
	return 0;
}

/* @name: a live instance running no VM, not draining; left so. */
static int t_drain(const char *name)
{
	struct vac_handle *mon = open_or_die(), *adm = open_or_die();
	struct vac_resource res[LIBVAC_SPACES];
	struct vac_instance e;
	struct vac_event ev;
	int rc;

	rc = vac_instance_get(adm, name, &e);
	check(rc == 0 && !e.draining && !e.vms && !e.vcpus,
	      "%s live, not draining, no VM: rc %d draining %u vms %u vcpus %u",
	      name, rc, e.draining, e.vms, e.vcpus);
	check(vac_subscribe(mon, VAC_GROUP_INSTANCE) == 0,
	      "subscribe instance");
	rc = vac_instance_drain(adm, name, 1);
	check(rc == 0, "drain %s: rc %d %s", name, rc, vac_strerror(adm));
	rc = vac_event_next(mon, &ev, 5000);
	check(rc == 1 && ev.type == VAC_MSG_NOTIFY_INSTANCE_DRAINING &&
	      !strcmp(ev.name, name) && !ev.vms && !ev.vcpus,
	      "event %s %s vms %u vcpus %u (rc %d)",
	      rc == 1 ? vac_event_to_name(ev.type) : "none",
	      rc == 1 ? ev.name : "", ev.vms, ev.vcpus, rc);
	rc = vac_instance_get(adm, name, &e);
	check(rc == 0 && e.draining == 1, "%s reads draining %u", name,
	      e.draining);
	check(vac_resources(adm, res) == 0, "resources");
	check(vac_instance_score(res, &e, 1, 0) == -1,
	      "a draining instance scores -1");
	rc = vac_instance_drain(adm, name, 1);
	check(rc == 0, "drain again: rc %d %s", rc, vac_strerror(adm));
	rc = vac_instance_drain(adm, name, 0);
	check(rc == 0, "resume %s: rc %d %s", name, rc, vac_strerror(adm));
	rc = vac_event_next(mon, &ev, 5000);
	check(rc == 1 && ev.type == VAC_MSG_NOTIFY_INSTANCE_RESUMED &&
	      !strcmp(ev.name, name),
	      "next event %s %s (none for draining again; rc %d)",
	      rc == 1 ? vac_event_to_name(ev.type) : "none",
	      rc == 1 ? ev.name : "", rc);
	rc = vac_instance_drain(adm, name, 0);
	check(rc == 0, "resume again: rc %d", rc);
	check(vac_event_next(mon, &ev, 200) == 0, "and no more events");
	rc = vac_instance_get(adm, name, &e);
	check(rc == 0 && !e.draining, "%s reads draining %u", name,
	      e.draining);
	vac_close(mon);
	vac_close(adm);
	return 0;
}

static int t_overflow(int n)
{
	struct vac_handle *mon = open_or_die(), *adm = open_or_die();
	struct vac_quota q;
	struct vac_event ev;
	long got = 0, dropped = 0, overflows = 0;
	int i, rc;

	check(vac_subscribe(mon, VAC_GROUP_QUOTA) == 0, "subscribe quota");
	for (i = 0; i < n; i++) {
		q = quota1(VAC_SPACE_SVM_ASID, i & 1);
		rc = vac_quota_set(adm, "flood", &q);
		if (rc)
			check(0, "set %d: rc %d %s", i, rc, vac_strerror(adm));
	}
	check(vac_quota_del(adm, "flood") == 0, "del flood");
	while ((rc = vac_event_next(mon, &ev, 0)) == 1) {
		if (ev.type == VAC_MSG_NOTIFY_OVERFLOW) {
			overflows++;
			dropped += ev.dropped;
		} else {
			got++;
		}
	}
	check(rc == 0, "drained (rc %d)", rc);
	printf("# %d changes + 1 delete: %ld events, %ld dropped in %ld overflow reports\n",
	       n, got, dropped, overflows);
	check(got + dropped == n + 1, "every event delivered or counted");
	if (n + 1 > VAC_NOTIFY_QUEUE_MAX)
		check(overflows >= 1 && got <= VAC_NOTIFY_QUEUE_MAX,
		      "overflow reported and the queue stayed bounded");
	vac_close(mon);
	vac_close(adm);
	return 0;
}

static void *worker(void *arg)
{
	long id = (long)arg, i;
	struct vac_handle *h = vac_open(NULL);
	struct vac_instance *l, e;
	char name[VAC_NAME_LEN];
	struct vac_quota q;
	size_t n;

	if (!h)
		return (void *)1L;
	snprintf(name, sizeof(name), "thr%ld", id);
	for (i = 0; i < 50; i++) {
		q = quota1(VAC_SPACE_SVM_ASID, (uint32_t)(i & 1));
		if (vac_quota_set(h, name, &q) || vac_quota_get(h, name, &e) ||
		    e.space[VAC_SPACE_SVM_ASID].quota != (uint32_t)(i & 1) ||
		    vac_quota_list(h, &l, &n)) {
			fprintf(stderr, "thread %ld: %s\n", id, vac_strerror(h));
			vac_close(h);
			return (void *)1L;
		}
		vac_list_free(l);
	}
	vac_quota_del(h, name);
	vac_close(h);
	return NULL;
}

static int t_threads(int n)
{
	pthread_t t[32];
	void *ret;
	int i, bad = 0;

	if (n > 32)
		n = 32;
	for (i = 0; i < n; i++)
		check(!pthread_create(&t[i], NULL, worker, (void *)(long)i),
		      "thread %d started", i);
	for (i = 0; i < n; i++) {
		pthread_join(t[i], &ret);
		bad += ret != NULL;
	}
	check(!bad, "%d threads x 50 set/get/dump, one handle each: %d failed",
	      n, bad);
	return 0;
}

static int t_choose(unsigned int vcpus)
{
	struct vac_handle *h = open_or_die();
	char name[VAC_NAME_LEN];
	int rc = vac_instance_choose(h, vcpus, 0, name);

	if (rc) {
		fprintf(stderr, "choose: %s\n", vac_strerror(h));
		vac_close(h);
		return 1;
	}
	printf("%s\n", name);
	vac_close(h);
	return 0;
}

static int t_kvm_open(const char *name)
{
	struct vac_handle *h = open_or_die();
	int fd = vac_kvm_open(h, name), v, fl;

	check(fd >= 0, "vac_kvm_open(%s): %d %s", name, fd,
	      fd < 0 ? vac_strerror(h) : "");
	fl = fcntl(fd, F_GETFD);
	check(fl & FD_CLOEXEC, "opened with O_CLOEXEC");
	v = ioctl(fd, KVM_GET_API_VERSION, 0);
	check(v == KVM_API_VERSION, "KVM_GET_API_VERSION = %d", v);
	close(fd);
	vac_close(h);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : NULL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "version"))
		return t_version();
	if (!strcmp(cmd, "roundtrip") && arg)
		return t_roundtrip(arg);
	if (!strcmp(cmd, "errors"))
		return t_errors();
	if (!strcmp(cmd, "eperm"))
		return t_eperm();
	if (!strcmp(cmd, "events") && arg)
		return t_events(arg);
	if (!strcmp(cmd, "drain") && arg)
		return t_drain(arg);
	if (!strcmp(cmd, "overflow") && arg)
		return t_overflow(atoi(arg));
	if (!strcmp(cmd, "threads") && arg)
		return t_threads(atoi(arg));
	if (!strcmp(cmd, "choose") && arg)
		return t_choose((unsigned int)atoi(arg));
	if (!strcmp(cmd, "kvm-open") && arg)
		return t_kvm_open(arg);
	fprintf(stderr, "usage: see the top of tests/lib/vm/libvac-vmtest.c\n");
	return 2;
}
