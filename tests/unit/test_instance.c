// SPDX-License-Identifier: GPL-2.0
/* Registration and unregistration: errors, leaked tags, RCU-deferred free. */
#include "vac_test.h"

static struct vac_broker *b;

static void setup(void)
{
	test_setup();
	b = test_broker(geo_full);
}

static void teardown(void)
{
	test_check_ok(b);
	vac_broker_destroy(b);
	test_teardown();
}

START_TEST(register_errors)
{
	struct vac_extack ea;
	struct vac_entry *e;
	int cookie;

	e = vac_instance_register(b, "ghost", NULL, NULL, &ea);
	ck_assert_ptr_eq(e, ERR_PTR(-ENOENT));
	ck_assert_msg_has(&ea, "no quota entry for instance ghost");
	e = vac_instance_register(b, "Bad", NULL, NULL, &ea);
	ck_assert_ptr_eq(e, ERR_PTR(-EINVAL));
	ck_assert_msg_has(&ea, "'B' at position 0");

	ck_assert_int_eq(test_quota(b, "a", 1, 1, -1, -1, NULL), 0);
	e = vac_instance_register(b, "a", &cookie, NULL, &ea);
	ck_assert(!IS_ERR(e));
	ck_assert_str_eq(ea.msg, "");
	ck_assert_ptr_eq(vac_instance_priv(e), &cookie);
	ck_assert_str_eq(vac_instance_name(e), "a");
	ck_assert_ptr_eq(vac_instance_register(b, "a", NULL, NULL, &ea),
			 ERR_PTR(-EEXIST));
	ck_assert_msg_has(&ea, "instance a is already registered");
	/* The failed attempt changed nothing. */
	ck_assert_ptr_eq(vac_instance_priv(e), &cookie);
	test_check_ok(b);
	vac_instance_unregister(e);
	ck_assert_ptr_null(vac_instance_priv(e));
}
END_TEST

START_TEST(register_enomem)
{
	struct vac_entry_info info;
	struct vac_entry *e;
	long n;

	ck_assert_int_eq(test_quota(b, "a", 1, 1, 1, 1, NULL), 0);
	/* One owned bitmap per tag space: three allocations. */
	for (n = 0; n < 3; n++) {
		shim_fail_alloc_after(n);
		e = vac_instance_register(b, "a", NULL, NULL, NULL);
		shim_fail_alloc_after(-1);
		ck_assert_ptr_eq(e, ERR_PTR(-ENOMEM));
		ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
		ck_assert_int_eq(info.state, VAC_STATE_CONFIGURED);
		test_check_ok(b);
	}
	e = test_register(b, "a");
	vac_instance_unregister(e);
	ck_assert_int_eq(test_count_events(VAC_EV_INSTANCE_UP, "a"), 1);
}
END_TEST

START_TEST(unregister_releases_leaks)
{
	struct vac_space_info res[VAC_SPACE_COUNT];
	unsigned long warns = shim_printk_count(SHIM_LOG_WARN);
	struct vac_entry_info info;
	struct vac_entry *e, *o;
	u32 t[10], sevt, other;
	bool nf;
	int i;

	ck_assert_int_eq(test_quota(b, "a", 10, 4, 3, -1, NULL), 0);
	ck_assert_int_eq(test_quota(b, "o", 65525, -1, -1, -1, NULL), 0);
	e = test_register(b, "a");
	o = test_register(b, "o");
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_VPID, &t[i], NULL),
				 0);
	ck_assert_int_eq(vac_tag_alloc(e, VAC_SPACE_SEV_ASID, &sevt, NULL), 0);
	ck_assert_int_eq(vac_tag_alloc(o, VAC_SPACE_VPID, &other, NULL), 0);

	/* The module "forgets" its tags. */
	vac_instance_unregister(e);
	ck_assert_uint_eq(shim_printk_count(SHIM_LOG_WARN), warns + 2);
	vac_resources_get(b, res);
	ck_assert_uint_eq(res[VAC_SPACE_VPID].used, 1);	/* o's */
	ck_assert_uint_eq(res[VAC_SPACE_SVM_ASID].used, 0);
	ck_assert_uint_eq(res[VAC_SPACE_SEV_ASID].used, 0);
	ck_assert(test_bit(sevt - 5, b->space[VAC_SPACE_SEV_ASID].reclaim));
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert_int_eq(info.state, VAC_STATE_CONFIGURED);
	ck_assert_uint_eq(info.space[VAC_SPACE_VPID].used, 0);
	ck_assert_uint_eq(info.space[VAC_SPACE_VPID].quota, 10);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].range_first, 0);
	test_check_ok(b);
	/* The released vpids are stale for their next owner. */
	for (i = 0; i < 10; i++)
		ck_assert(test_bit(t[i] - 1, b->space[VAC_SPACE_VPID].stale));
	/* o fills the space: the ten come back flagged. */
	for (i = 0; i < 65524; i++) {
		ck_assert_int_eq(vac_tag_alloc(o, VAC_SPACE_VPID, &other, &nf),
				 0);
		if (nf)
			ck_assert_uint_le(other, t[9]);
	}
	vac_instance_unregister(o);
	/* Unregistering twice is logged, not fatal. */
	vac_instance_unregister(o);
	ck_assert_ptr_nonnull(strstr(shim_printk_last(), "unregistered twice"));
	/* Re-registration starts clean with the same quotas. */
	e = test_register(b, "a");
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert_uint_eq(info.space[VAC_SPACE_SVM_ASID].used, 4);
	ck_assert_uint_eq(info.space[VAC_SPACE_VPID].used, 0);
	vac_instance_unregister(e);
}
END_TEST

/* RCU: a reader holding an entry keeps it alive through vac_quota_del(). */
static volatile int del_done;

static void *deleter(void *arg)
{
	(void)arg;
	rcu_register_thread();
	ck_assert_int_eq(vac_quota_del(b, "gone", NULL), 0);
	__atomic_store_n(&del_done, 1, __ATOMIC_SEQ_CST);
	rcu_unregister_thread();
	return NULL;
}

START_TEST(rcu_deferred_free)
{
	struct vac_entry *e;
	pthread_t th;

	ck_assert_int_eq(test_quota(b, "gone", 7, -1, -1, -1, NULL), 0);
	rcu_read_lock();
	e = vac_entry_find(b, "gone");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(pthread_create(&th, NULL, deleter, NULL), 0);
	/* Same read-side section: wait until the entry is unlinked. */
	while (vac_entry_find(b, "gone"))
		caa_cpu_relax();
	/*
	 * The deleter now waits for a grace period, which cannot end while
	 * we are inside this section: it has not returned, and the entry is
	 * still readable (a premature kfree would be a use-after-free that
	 * ASan reports here).
	 */
	ck_assert_int_eq(__atomic_load_n(&del_done, __ATOMIC_SEQ_CST), 0);
	ck_assert_str_eq(e->name, "gone");
	ck_assert_uint_eq(e->sp[VAC_SPACE_VPID].quota, 7);
	rcu_read_unlock();
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_int_eq(del_done, 1);
	ck_assert_int_eq(test_count_events(VAC_EV_QUOTA_DEL, "gone"), 1);
	ck_assert_uint_eq(b->space[VAC_SPACE_VPID].reserved, 0);
}
END_TEST

/* The last event recorded (tlog), or NULL. */
static const struct vac_event *last_event(void)
{
	return tlog.nr_ev ? &tlog.ev[tlog.nr_ev - 1] : NULL;
}

START_TEST(drain)
{
	struct vac_entry_info info;
	struct vac_extack ea;
	struct vac_entry *e;

	ck_assert_int_eq(vac_instance_set_draining(b, "a", true, &ea), -ENOENT);
	ck_assert_msg_has(&ea, "no quota entry for instance a");
	ck_assert_int_eq(test_quota(b, "a", 1, 1, -1, -1, NULL), 0);
	ck_assert_int_eq(vac_instance_set_draining(b, "a", true, &ea), -ENOENT);
	ck_assert_msg_has(&ea, "instance a is not loaded");
	ck_assert_int_eq(vac_instance_set_draining(b, "A", true, &ea), -EINVAL);

	e = test_register(b, "a");
	ck_assert_int_eq(vac_instance_vm_add(e), 0);
	vac_instance_vcpus_add(e, 1);
	vac_instance_vcpus_add(e, 1);
	ck_assert_int_eq(vac_instance_vm_add(e), 0);
	vac_instance_vcpus_add(e, 1);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert(!info.draining);
	ck_assert_uint_eq(info.vms, 2);
	ck_assert_uint_eq(info.vcpus, 3);

	/* Draining: no new VM, the running ones stay counted. */
	ck_assert_int_eq(vac_instance_set_draining(b, "a", true, &ea), 0);
	ck_assert_int_eq(test_count_events(VAC_EV_INSTANCE_DRAINING, "a"), 1);
	ck_assert_uint_eq(last_event()->vms, 2);
	ck_assert_uint_eq(last_event()->vcpus, 3);
	ck_assert_int_eq(vac_instance_vm_add(e), -EBUSY);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert(info.draining);
	ck_assert_uint_eq(info.vms, 2);
	/* Again: no error, no second event. */
	ck_assert_int_eq(vac_instance_set_draining(b, "a", true, &ea), 0);
	ck_assert_int_eq(test_count_events(VAC_EV_INSTANCE_DRAINING, "a"), 1);
	vac_instance_vcpus_add(e, -2);
	vac_instance_vm_del(e);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert_uint_eq(info.vms, 1);
	ck_assert_uint_eq(info.vcpus, 1);
	test_check_ok(b);

	/* Resumed: VMs come again. */
	ck_assert_int_eq(vac_instance_set_draining(b, "a", false, &ea), 0);
	ck_assert_int_eq(test_count_events(VAC_EV_INSTANCE_RESUMED, "a"), 1);
	ck_assert_int_eq(vac_instance_vm_add(e), 0);
	vac_instance_vm_del(e);

	/* Unregistering ends draining; the next registration takes VMs. */
	ck_assert_int_eq(vac_instance_set_draining(b, "a", true, &ea), 0);
	vac_instance_vcpus_add(e, -1);
	vac_instance_vm_del(e);
	vac_instance_unregister(e);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert(!info.draining);
	ck_assert_uint_eq(info.vms, 0);
	test_check_ok(b);
	e = test_register(b, "a");
	ck_assert_int_eq(vac_instance_vm_add(e), 0);
	vac_instance_vm_del(e);
	vac_instance_unregister(e);
}
END_TEST

START_TEST(instance_id)
{
	struct vac_instance_id id = {
		.version = "6.1.192-3+vac.0123456789ab",
		.srcversion = "0123456789ABCDEF01234567",
	};
	struct vac_entry_info info;
	struct vac_entry *e;

	ck_assert_int_eq(test_quota(b, "a", 1, 1, -1, -1, NULL), 0);
	e = vac_instance_register(b, "a", NULL, &id, NULL);
	ck_assert(!IS_ERR(e));
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert_str_eq(info.id.version, id.version);
	ck_assert_str_eq(info.id.srcversion, id.srcversion);
	/* What the module said goes with it. */
	vac_instance_unregister(e);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert_str_eq(info.id.version, "");
	ck_assert_str_eq(info.id.srcversion, "");
	e = vac_instance_register(b, "a", NULL, NULL, NULL);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert_str_eq(info.id.version, "");
	vac_instance_unregister(e);
}
END_TEST

START_TEST(unregister_with_vms_counted)
{
	unsigned long warns = shim_printk_count(SHIM_LOG_WARN);
	struct vac_entry_info info;
	struct vac_entry *e;

	ck_assert_int_eq(test_quota(b, "a", 1, 1, -1, -1, NULL), 0);
	e = test_register(b, "a");
	ck_assert_int_eq(vac_instance_vm_add(e), 0);
	vac_instance_vcpus_add(e, 4);
	/* A module that forgot its VMs: logged, and the counts start over. */
	vac_instance_unregister(e);
	ck_assert_uint_eq(shim_printk_count(SHIM_LOG_WARN), warns + 1);
	ck_assert_int_eq(vac_quota_get(b, "a", &info, NULL), 0);
	ck_assert_uint_eq(info.vms, 0);
	ck_assert_uint_eq(info.vcpus, 0);
}
END_TEST

static Suite *instance_suite(void)
{
	Suite *s = suite_create("instance");
	TCase *tc = tcase_create("instance");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, register_errors);
	tcase_add_test(tc, register_enomem);
	tcase_add_test(tc, unregister_releases_leaks);
	tcase_add_test(tc, rcu_deferred_free);
	tcase_add_test(tc, drain);
	tcase_add_test(tc, unregister_with_vms_counted);
	tcase_add_test(tc, instance_id);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run(instance_suite());
}
