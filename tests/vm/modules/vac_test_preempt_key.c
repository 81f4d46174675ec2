// SPDX-License-Identifier: GPL-2.0
/*
 * Test harness only: hold the kernel's preempt_notifier_key on for the
 * whole boot, so that neither loading and unloading vac.ko nor stock
 * KVM's first and last VM live-patch the scheduler's context switch.
 *
 * Under QEMU TCG with two vCPUs, a CPU that runs into the int3 of a
 * text_poke_bp() on a context-switch site now and then never gets past
 * it, also with Debian's stock kvm-amd: an RCU stall with a CPU in
 * exc_int3 at finish_task_switch() or __schedule() (tests/vm/README.md,
 * "Hangs").  Those sites are the static branches of
 * fire_sched_{in,out}_preempt_notifiers(), which every context switch
 * runs, and the key turns them on and off; held, it never changes.
 * The boots load this module before any test and leave it loaded;
 * kvm/14-preempt-key unloads it to watch vac.ko patch the sites.
 */
#include <linux/module.h>
#include <linux/preempt.h>

static int __init vac_test_preempt_key_init(void)
{
	preempt_notifier_inc();
	return 0;
}

static void __exit vac_test_preempt_key_exit(void)
{
	preempt_notifier_dec();
}

module_init(vac_test_preempt_key_init);
module_exit(vac_test_preempt_key_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VAC VM tests: keep preempt_notifier_key on");
