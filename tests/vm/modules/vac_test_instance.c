// SPDX-License-Identifier: GPL-2.0
/*
 * vac_test_instance.ko: a KVM instance stand-in for the VM tests.
 *
 * It registers with vac.ko like a KVM instance module would and lets the
 * guest test scripts drive vac.ko's in-kernel API step by step through
 * debugfs, /sys/kernel/debug/vac_test-NAME/:
 *
 *   ctl (write one command per write):
 *     enable            take an enable reference on every online CPU, as
 *                       KVM's hardware_enable_all() (all or nothing)
 *     disable           drop them, as hardware_disable_all()
 *     get CPU | put CPU take / drop the reference on one CPU
 *     hotplug 0|1       answer VAC's cpu_online/cpu_offline (default 1),
 *                       or ignore them like a buggy instance
 *     alloc SPACE N     allocate up to N tags (vpid, sev, sev_es); stops at
 *                       the first refusal
 *     free SPACE all|N  free the N most recent (or all) tags of SPACE
 *     spin CPU MS       on CPU, mark this instance's "vCPU" loaded
 *                       (vac_vcpu_load) and busy-wait MS ms, IRQs on
 *     pi_kick           send POSTED_INTR_WAKEUP_VECTOR to this CPU
 *     switched CPU      on CPU, call vac_cpu_switched() as a vCPU load
 *                       would; the answer is last_switched in status
 *     l1tf STATE        vac_l1tf_claim(STATE) (enum vmx_l1d_flush_state:
 *                       0 auto, 1 never, 2 cond, 3 always); its error is
 *                       the write's
 *     l1tf_release      vac_l1tf_release()
 *     itlb 0|1          vac_itlb_multihit_set()
 *     vm_add            vac_vm_add(), as KVM_CREATE_VM: its error (EBUSY
 *                       while draining) is the write's
 *     vm_del            vac_vm_del(), as a VM's destruction
 *     vcpus N           vac_vcpus_add(N), N < 0 for destroyed vCPUs
 *   status (read): "key value" lines: name, usage, held_cpus, vpid, sev,
 *     sev_es (tags held), last_alloc (tags got by the last alloc),
 *     last_err (0 or the errno that stopped it; vpid: 0 returned means
 *     -EDQUOT/-EBUSY, reported as -122), svm_asid_min, svm_asid_max,
 *     pi_wakeups, ga_vm_id_first, ga_vm_id_last (the ga_vm_id range),
 *     ga_logs (GA-log entries VAC routed here), ga_log_last (the last
 *     one's tag), perf_ip, last_switched (0/1, -1 before any switched),
 *     suspends, resumes (calls of the syscore callbacks), l1tf_global
 *     (l1tf_vmx_mitigation), itlb_global (itlb_multihit_kvm_mitigation).
 *   cpus (read): one line per online CPU:
 *     "cpuN mine=0|1 svme=0|1 hsave=0x... hsave_ok=0|1"
 *     svme: EFER.SVME; hsave_ok: MSR_VM_HSAVE_PA == vac_svm_hsave_pa(N).
 *
 * The perf guest callbacks answer PERF_GUEST_ACTIVE and the instruction
 * pointer perf_ip (a module parameter), so a perf sample taken while
 * "spin" runs shows whether vac.ko routed the PMI to this instance.
 *
 * Module parameters beyond name and perf_ip: exclusive=WHAT registers as
 * an exclusive instance (ops->exclusive); pm=0 gives VAC no suspend() /
 * resume(), like an instance that leaves suspend to VAC; l1tf=STATE and
 * itlb=0|1 claim in module init before registering, and fail_init=1 then
 * fails the init, so tests see VAC drop the claims of a failed load.
 *
 * Built only for the tests (tests/vm/modules), twice: vac_test_instance
 * and vac_test_instance2 (same source), so two instances can be loaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/perf_event.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <asm/apic.h>
#include <asm/irq_vectors.h>
#include <asm/msr.h>
#include <asm/vmx.h>

#include "vac_kvm.h"

MODULE_IMPORT_NS(VAC);

static char *name = "test";
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "Instance name to register with vac.ko");

static unsigned long perf_ip = 0x7e570000;
module_param(perf_ip, ulong, 0444);
MODULE_PARM_DESC(perf_ip, "Instruction pointer the perf callbacks report");

static char *exclusive;
module_param(exclusive, charp, 0444);
MODULE_PARM_DESC(exclusive, "Register as exclusive, naming this state");

static bool pm = true;
module_param(pm, bool, 0444);
MODULE_PARM_DESC(pm, "Give VAC suspend/resume callbacks");

static int l1tf = -1;
module_param(l1tf, int, 0444);
MODULE_PARM_DESC(l1tf, "Claim this L1TF flush mode at load (-1: none)");

static int itlb = -1;
module_param(itlb, int, 0444);
MODULE_PARM_DESC(itlb, "Claim this iTLB multihit state at load (-1: none)");

static bool fail_init;
module_param(fail_init, bool, 0444);
MODULE_PARM_DESC(fail_init, "Fail module init after the claims");

/* bugs.c's globals, read back for the status file. */
extern bool itlb_multihit_kvm_mitigation;

enum { T_VPID, T_SEV, T_SEV_ES, T_NR };
static const char *const t_names[T_NR] = { "vpid", "sev", "sev_es" };

#define T_MAX_TAGS	65535

static struct vac_instance *inst;
static struct dentry *dir;
static DEFINE_MUTEX(t_lock);		/* ctl commands */
static bool usage;			/* "enable" done; read by hotplug */
static bool hotplug = true;
static struct cpumask held;		/* CPUs where a get succeeded */
static u32 *tags[T_NR];
static unsigned int ntags[T_NR];
static unsigned int last_alloc;
static int last_err;
static int last_switched = -1;
static atomic_t pi_wakeups = ATOMIC_INIT(0);
static atomic_t ga_logs = ATOMIC_INIT(0);
static u32 ga_log_last;			/* the last GA tag VAC handed over */
static unsigned int suspends, resumes;

/* --- instance callbacks --------------------------------------------------- */

static int t_get_this_cpu(void)
{
	int ret = vac_virt_get_cpu(inst);

	if (!ret)
		cpumask_set_cpu(smp_processor_id(), &held);
	return ret;
}

static void t_put_this_cpu(void)
{
	vac_virt_put_cpu(inst);
	cpumask_clear_cpu(smp_processor_id(), &held);
}

static int t_cpu_online(unsigned int cpu)
{
	int ret = 0;

	if (!READ_ONCE(hotplug) || !READ_ONCE(usage))
		return 0;
	local_irq_disable();
	ret = t_get_this_cpu();
	local_irq_enable();
	return ret;
}

static int t_cpu_offline(unsigned int cpu)
{
	if (!READ_ONCE(hotplug) || !READ_ONCE(usage))
		return 0;
	local_irq_disable();
	t_put_this_cpu();
	local_irq_enable();
	return 0;
}

static unsigned int t_perf_state(void)
{
	return PERF_GUEST_ACTIVE;
}

static unsigned long t_perf_get_ip(void)
{
	return perf_ip;
}

static void t_pi_wakeup(void)
{
	atomic_inc(&pi_wakeups);
}

/* A GA-log entry VAC routed here: KVM would wake the vCPU it names. */
static int t_ga_log(u32 ga_tag)
{
	WRITE_ONCE(ga_log_last, ga_tag);
	atomic_inc(&ga_logs);
	return 0;
}

static void t_reboot(void)
{
	WRITE_ONCE(usage, false);
}

/* Syscore, IRQs off, the last CPU: what KVM's kvm_suspend() does. */
static int t_suspend(void)
{
	suspends++;
	if (usage)
		t_put_this_cpu();
	return 0;
}

static void t_resume(void)
{
	resumes++;
	if (usage && t_get_this_cpu())
		pr_err("resume: cannot take the enable reference back\n");
}

static struct vac_instance_ops t_ops = {
	.owner = THIS_MODULE,
	.cpu_online = t_cpu_online,
	.cpu_offline = t_cpu_offline,
	.perf_state = t_perf_state,
	.perf_get_ip = t_perf_get_ip,
	.pi_wakeup = t_pi_wakeup,
	.ga_log = t_ga_log,
	.reboot = t_reboot,
};

/* --- commands ------------------------------------------------------------- */

static void t_get_ipi(void *failed)
{
	if (t_get_this_cpu())
		atomic_inc(failed);
}

static void t_put_ipi(void *unused)
{
	t_put_this_cpu();
}

/* KVM's hardware_enable_all(): all CPUs or none. */
static int t_enable(void)
{
	atomic_t failed = ATOMIC_INIT(0);

	if (usage)
		return 0;
	cpus_read_lock();
	on_each_cpu(t_get_ipi, &failed, 1);
	if (atomic_read(&failed))
		on_each_cpu(t_put_ipi, NULL, 1);
	else
		WRITE_ONCE(usage, true);
	cpus_read_unlock();
	return atomic_read(&failed) ? -EBUSY : 0;
}

static int t_disable(void)
{
	cpus_read_lock();
	WRITE_ONCE(usage, false);
	on_each_cpu(t_put_ipi, NULL, 1);
	cpus_read_unlock();
	return 0;
}

static void t_get_one(void *ret)
{
	*(int *)ret = t_get_this_cpu();
}

/* Run @fn(@arg) on @cpu and wait for it; -ENODEV if @cpu is not online. */
static int t_on_cpu(unsigned int cpu, smp_call_func_t fn, void *arg)
{
	int ret = 0;

	cpus_read_lock();
	if (cpu >= nr_cpu_ids || !cpu_online(cpu))
		ret = -ENODEV;
	else
		smp_call_function_single(cpu, fn, arg, 1);
	cpus_read_unlock();
	return ret;
}

static int t_cpu_cmd(bool get, unsigned int cpu)
{
	int ret = 0, err;

	if (!get)
		return t_on_cpu(cpu, t_put_ipi, NULL);
	err = t_on_cpu(cpu, t_get_one, &ret);
	return err ?: ret;
}

static void t_switched_ipi(void *unused)
{
	last_switched = vac_cpu_switched(inst);
}

static int t_space(const char *s)
{
	int i;

	for (i = 0; i < T_NR; i++)
		if (!strcmp(s, t_names[i]))
			return i;
	return -EINVAL;
}

static int t_alloc(int sp, unsigned int n)
{
	int tag;

	last_alloc = 0;
	last_err = 0;
	while (n-- && ntags[sp] < T_MAX_TAGS) {
		if (sp == T_VPID) {
			tag = vac_vpid_alloc(inst);
			/* 0: quota or space exhausted (VAC logged it). */
			if (!tag)
				tag = -EDQUOT;
		} else {
			tag = vac_sev_asid_alloc(inst, sp == T_SEV_ES);
		}
		if (tag <= 0) {
			last_err = tag;
			break;
		}
		tags[sp][ntags[sp]++] = tag;
		last_alloc++;
	}
	return 0;
}

static void t_free(int sp, unsigned int n)
{
	while (n-- && ntags[sp]) {
		u32 tag = tags[sp][--ntags[sp]];

		if (sp == T_VPID)
			vac_vpid_free(inst, tag);
		else
			vac_sev_asid_free(inst, tag);
	}
}

struct t_spin {
	unsigned int ms;
};

static long t_spin_fn(void *arg)
{
	struct t_spin *s = arg;

	preempt_disable();
	vac_vcpu_load(inst);
	mdelay(s->ms);
	vac_vcpu_put(inst);
	preempt_enable();
	return 0;
}

static int t_spin(unsigned int cpu, unsigned int ms)
{
	struct t_spin s = { .ms = min(ms, 5000U) };

	if (cpu >= nr_cpu_ids || !cpu_online(cpu))
		return -ENODEV;
	return work_on_cpu(cpu, t_spin_fn, &s);
}

static int t_pi_kick(void)
{
	unsigned long flags;

	local_irq_save(flags);
	apic->send_IPI_self(POSTED_INTR_WAKEUP_VECTOR);
	local_irq_restore(flags);
	return 0;
}

static int t_command(char *line)
{
	char cmd[16], arg1[16] = "", arg2[16] = "";
	unsigned int a, b;
	int n, sp;

	n = sscanf(line, "%15s %15s %15s", cmd, arg1, arg2);
	if (n < 1)
		return -EINVAL;

	if (!strcmp(cmd, "enable"))
		return t_enable();
	if (!strcmp(cmd, "disable"))
		return t_disable();
	if (!strcmp(cmd, "pi_kick"))
		return t_pi_kick();
	if (!strcmp(cmd, "l1tf") && n == 2 && !kstrtouint(arg1, 10, &a))
		return vac_l1tf_claim(THIS_MODULE, a);
	if (!strcmp(cmd, "l1tf_release")) {
		vac_l1tf_release(THIS_MODULE);
		return 0;
	}
	if (!strcmp(cmd, "itlb") && n == 2 && !kstrtouint(arg1, 10, &a))
		return vac_itlb_multihit_set(THIS_MODULE, !!a);
	if ((!strcmp(cmd, "get") || !strcmp(cmd, "put")) && n == 2 &&
	    !kstrtouint(arg1, 10, &a))
		return t_cpu_cmd(cmd[0] == 'g', a);
	if (!strcmp(cmd, "switched") && n == 2 && !kstrtouint(arg1, 10, &a))
		return t_on_cpu(a, t_switched_ipi, NULL);
	if (!strcmp(cmd, "hotplug") && n == 2 && !kstrtouint(arg1, 10, &a)) {
		WRITE_ONCE(hotplug, !!a);
		return 0;
	}
	/* What KVM_CREATE_VM, VM destruction and vCPU creation report. */
	if (!strcmp(cmd, "vm_add"))
		return vac_vm_add(inst);
	if (!strcmp(cmd, "vm_del")) {
		vac_vm_del(inst);
		return 0;
	}
	if (!strcmp(cmd, "vcpus") && n == 2 && !kstrtoint(arg1, 10, &sp)) {
		vac_vcpus_add(inst, sp);
		return 0;
	}
	if (!strcmp(cmd, "spin") && n == 3 && !kstrtouint(arg1, 10, &a) &&
	    !kstrtouint(arg2, 10, &b))
		return t_spin(a, b);
	if (!strcmp(cmd, "alloc") && n == 3 && !kstrtouint(arg2, 10, &a)) {
		sp = t_space(arg1);
		return sp < 0 ? sp : t_alloc(sp, a);
	}
	if (!strcmp(cmd, "free") && n == 3) {
		sp = t_space(arg1);
		if (sp < 0)
			return sp;
		if (!strcmp(arg2, "all"))
			a = UINT_MAX;
		else if (kstrtouint(arg2, 10, &a))
			return -EINVAL;
		t_free(sp, a);
		return 0;
	}
	return -EINVAL;
}

static ssize_t t_ctl_write(struct file *f, const char __user *ubuf,
			   size_t len, loff_t *off)
{
	char buf[64];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	mutex_lock(&t_lock);
	ret = t_command(strim(buf));
	mutex_unlock(&t_lock);
	return ret < 0 ? ret : len;
}

static const struct file_operations t_ctl_fops = {
	.owner = THIS_MODULE,
	.write = t_ctl_write,
	.llseek = noop_llseek,
};

static int t_status_show(struct seq_file *m, void *v)
{
	unsigned int min_asid, max_asid;
	u32 ga_first, ga_last;
	int i;

	mutex_lock(&t_lock);
	vac_svm_asid_range(inst, &min_asid, &max_asid);
	vac_ga_vm_id_range(inst, &ga_first, &ga_last);
	seq_printf(m, "name %s\n", name);
	seq_printf(m, "usage %d\n", READ_ONCE(usage));
	seq_printf(m, "held_cpus %*pbl\n", cpumask_pr_args(&held));
	for (i = 0; i < T_NR; i++)
		seq_printf(m, "%s %u\n", t_names[i], ntags[i]);
	seq_printf(m, "last_alloc %u\n", last_alloc);
	seq_printf(m, "last_err %d\n", last_err);
	seq_printf(m, "last_switched %d\n", last_switched);
	seq_printf(m, "svm_asid_min %u\n", min_asid);
	seq_printf(m, "svm_asid_max %u\n", max_asid);
	seq_printf(m, "pi_wakeups %d\n", atomic_read(&pi_wakeups));
	seq_printf(m, "ga_vm_id_first %u\n", ga_first);
	seq_printf(m, "ga_vm_id_last %u\n", ga_last);
	seq_printf(m, "ga_logs %d\n", atomic_read(&ga_logs));
	seq_printf(m, "ga_log_last 0x%x\n", READ_ONCE(ga_log_last));
	seq_printf(m, "perf_ip 0x%lx\n", perf_ip);
	seq_printf(m, "suspends %u\n", READ_ONCE(suspends));
	seq_printf(m, "resumes %u\n", READ_ONCE(resumes));
	seq_printf(m, "l1tf_global %d\n", READ_ONCE(l1tf_vmx_mitigation));
	seq_printf(m, "itlb_global %d\n",
		   READ_ONCE(itlb_multihit_kvm_mitigation));
	mutex_unlock(&t_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(t_status);

static int t_cpus_show(struct seq_file *m, void *v)
{
	unsigned int cpu;
	u64 efer, hsave;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (rdmsrl_safe_on_cpu(cpu, MSR_EFER, &efer) ||
		    rdmsrl_safe_on_cpu(cpu, MSR_VM_HSAVE_PA, &hsave)) {
			seq_printf(m, "cpu%u msr-error\n", cpu);
			continue;
		}
		seq_printf(m, "cpu%u mine=%d svme=%d hsave=0x%llx hsave_ok=%d\n",
			   cpu, cpumask_test_cpu(cpu, &held),
			   !!(efer & EFER_SVME), hsave,
			   hsave && hsave == vac_svm_hsave_pa(cpu));
	}
	cpus_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(t_cpus);

/* --- module --------------------------------------------------------------- */

static void t_free_tags(void)
{
	int i;

	for (i = 0; i < T_NR; i++) {
		kvfree(tags[i]);
		tags[i] = NULL;
	}
}

static int __init t_init(void)
{
	char dname[32];
	int i;

	for (i = 0; i < T_NR; i++) {
		tags[i] = kvcalloc(T_MAX_TAGS, sizeof(u32), GFP_KERNEL);
		if (!tags[i]) {
			t_free_tags();
			return -ENOMEM;
		}
	}

	/* Claims before registering, as KVM makes them in module init. */
	if (l1tf >= 0 && vac_l1tf_claim(THIS_MODULE, l1tf))
		goto fail;
	if (itlb >= 0 && vac_itlb_multihit_set(THIS_MODULE, itlb))
		goto fail;
	if (fail_init)
		goto fail;

	if (exclusive && *exclusive)
		t_ops.exclusive = exclusive;
	if (pm) {
		t_ops.suspend = t_suspend;
		t_ops.resume = t_resume;
	}
	inst = vac_register_instance(name, &t_ops);
	if (IS_ERR(inst)) {
		t_free_tags();
		return PTR_ERR(inst);
	}

	snprintf(dname, sizeof(dname), "vac_test-%s", name);
	dir = debugfs_create_dir(dname, NULL);
	debugfs_create_file("ctl", 0200, dir, NULL, &t_ctl_fops);
	debugfs_create_file("status", 0444, dir, NULL, &t_status_fops);
	debugfs_create_file("cpus", 0444, dir, NULL, &t_cpus_fops);
	return 0;

fail:
	/* Claims stay behind on purpose: VAC drops them (module GOING). */
	t_free_tags();
	return -EINVAL;
}

static void __exit t_exit(void)
{
	debugfs_remove_recursive(dir);
	/* Leftovers (tags, references) are VAC's to take back and log. */
	vac_unregister_instance(inst);
	t_free_tags();
}

module_init(t_init);
module_exit(t_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VAC test instance (VM tests only)");
/* Shown by VAC as the instance's version (vac/24-sysfs). */
MODULE_VERSION("1.0-test");
