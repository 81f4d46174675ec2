// SPDX-License-Identifier: GPL-2.0-only
/*
 * vac_uret_msrs_test: a 64-bit guest owns the syscall MSRs, KERNEL_GS_BASE
 * and TSC_AUX, and exits to host userspace often; the host must get its
 * own values back every time.
 *
 * KVM loads a guest's STAR, LSTAR, SYSCALL_MASK (long mode, EFER.SCE) and
 * TSC_AUX into the CPU and restores the host's only when the thread
 * returns to userspace (user-return notifier) or the vCPU is put;
 * KERNEL_GS_BASE is switched around each run.  A KVM whose cached host
 * values are wrong leaves the guest's (or zeroes) in the host: a wrong
 * TSC_AUX shows at once as the wrong CPU number from RDTSCP, a wrong
 * KERNEL_GS_BASE as another user GS base, and a wrong STAR, LSTAR or
 * SYSCALL_MASK kills the host at its next system call.
 *
 * The guest sets EFER.SCE, then in each of ITERATIONS rounds writes
 * values of its own to the five MSRs, exits to userspace (GUEST_SYNC) and
 * checks they are still its own.  After each exit the host makes system
 * calls, compares RDTSCP's TSC_AUX with sched_getcpu() and its user GS
 * base with the canary it set.  Written for the VAC project: run on stock
 * KVM and on KVM instances, the results must be the same.
 *
 * Usage: vac_uret_msrs_test [-c CPU] [-n ITERATIONS]
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <sys/syscall.h>

#include "test_util.h"
#include "kvm_util.h"
#include "processor.h"

#define GUEST_STAR		0x0033002800c0ffeeull
#define GUEST_LSTAR		0xffffffff8badf000ull
#define GUEST_SYSCALL_MASK	0x47700ull
#define GUEST_KERNEL_GS_BASE	0x00007f00deadb000ull
#define GUEST_TSC_AUX		0x5a5a0000ull

#define HOST_GS_CANARY		0x00007ac0ffee1000ul

static bool guest_has_tsc_aux;

/* Round @i's value of each MSR (canonical addresses, reserved bits 0). */
static uint64_t star(uint64_t i) { return GUEST_STAR + (i & 0xffff); }
static uint64_t lstar(uint64_t i) { return GUEST_LSTAR + (i << 4); }
static uint64_t sfmask(uint64_t i) { return GUEST_SYSCALL_MASK ^ (i & 0xff); }
static uint64_t kgsbase(uint64_t i) { return GUEST_KERNEL_GS_BASE + (i << 3); }
static uint64_t tscaux(uint64_t i) { return GUEST_TSC_AUX + (i & 0xffff); }

static void guest_code(uint64_t iterations)
{
	uint64_t i;

	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	for (i = 0; i < iterations; i++) {
		wrmsr(MSR_STAR, star(i));
		wrmsr(MSR_LSTAR, lstar(i));
		wrmsr(MSR_SYSCALL_MASK, sfmask(i));
		wrmsr(MSR_KERNEL_GS_BASE, kgsbase(i));
		if (guest_has_tsc_aux)
			wrmsr(MSR_TSC_AUX, tscaux(i));

		GUEST_SYNC(i);

		GUEST_ASSERT(rdmsr(MSR_EFER) & EFER_SCE);
		GUEST_ASSERT_2(rdmsr(MSR_STAR) == star(i), i, rdmsr(MSR_STAR));
		GUEST_ASSERT_2(rdmsr(MSR_LSTAR) == lstar(i), i, rdmsr(MSR_LSTAR));
		GUEST_ASSERT_2(rdmsr(MSR_SYSCALL_MASK) == sfmask(i), i,
			       rdmsr(MSR_SYSCALL_MASK));
		GUEST_ASSERT_2(rdmsr(MSR_KERNEL_GS_BASE) == kgsbase(i), i,
			       rdmsr(MSR_KERNEL_GS_BASE));
		if (guest_has_tsc_aux)
			GUEST_ASSERT_2(rdmsr(MSR_TSC_AUX) == tscaux(i), i,
				       rdmsr(MSR_TSC_AUX));
	}
	GUEST_DONE();
}

/* The host's view, right after an exit to userspace. */
static void check_host(bool host_rdtscp, uint64_t i)
{
	unsigned long gs = 0;
	unsigned int aux, lo, hi;
	int cpu;

	/* A system call through the host's LSTAR, STAR and SYSCALL_MASK. */
	TEST_ASSERT(syscall(SYS_getpid) == getpid(), "getpid() disagrees");
	TEST_ASSERT(!syscall(SYS_arch_prctl, ARCH_GET_GS, &gs),
		    "arch_prctl(ARCH_GET_GS) failed");
	TEST_ASSERT(gs == HOST_GS_CANARY,
		    "exit %lu: host user GS base 0x%lx, not 0x%lx: KERNEL_GS_BASE not restored",
		    (unsigned long)i, gs, HOST_GS_CANARY);
	if (!host_rdtscp)
		return;
	/* RDTSCP and getcpu() on the same CPU: retry if we migrated. */
	do {
		cpu = sched_getcpu();
		__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	} while (sched_getcpu() != cpu);
	TEST_ASSERT((aux & 0xfff) == (unsigned int)cpu,
		    "exit %lu on CPU %d: host TSC_AUX 0x%x (RDTSCP), the guest's or a lost value",
		    (unsigned long)i, cpu, aux);
}

int main(int argc, char *argv[])
{
	uint64_t iterations = 2000, n = 0;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	bool host_rdtscp;
	int opt, cpu = -1;

	while ((opt = getopt(argc, argv, "c:n:h")) != -1) {
		switch (opt) {
		case 'c':
			cpu = atoi(optarg);
			break;
		case 'n':
			iterations = strtoull(optarg, NULL, 0);
			break;
		default:
			printf("usage: %s [-c CPU] [-n ITERATIONS]\n", argv[0]);
			exit(opt == 'h' ? 0 : 1);
		}
	}
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		TEST_ASSERT(!sched_setaffinity(0, sizeof(set), &set),
			    "cannot pin to CPU %d", cpu);
	}
	TEST_ASSERT(!syscall(SYS_arch_prctl, ARCH_SET_GS, HOST_GS_CANARY),
		    "arch_prctl(ARCH_SET_GS) failed");
	host_rdtscp = this_cpu_has(X86_FEATURE_RDTSCP);

	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	/* (The vCPU's CPUID is what KVM supports: its TSC_AUX is writable.) */
	guest_has_tsc_aux = kvm_cpu_has(X86_FEATURE_RDTSCP) ||
			    kvm_cpu_has(X86_FEATURE_RDPID);
	sync_global_to_guest(vm, guest_has_tsc_aux);
	vcpu_args_set(vcpu, 1, iterations);
	pr_info("%lu exits, guest TSC_AUX %s, host RDTSCP %s\n",
		(unsigned long)iterations, guest_has_tsc_aux ? "yes" : "no",
		host_rdtscp ? "checked" : "absent");

	check_host(host_rdtscp, 0);
	for (;;) {
		vcpu_run(vcpu);
		TEST_ASSERT(vcpu->run->exit_reason == KVM_EXIT_IO,
			    "exit reason %u (%s), want KVM_EXIT_IO",
			    vcpu->run->exit_reason,
			    exit_reason_str(vcpu->run->exit_reason));
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			TEST_ASSERT(uc.args[1] == n, "sync %lu, want %lu",
				    (unsigned long)uc.args[1], (unsigned long)n);
			check_host(host_rdtscp, n);
			n++;
			break;
		case UCALL_DONE:
			TEST_ASSERT(n == iterations, "done after %lu syncs, want %lu",
				    (unsigned long)n, (unsigned long)iterations);
			kvm_vm_free(vm);
			pr_info("%lu exits to userspace, host MSRs intact\n",
				(unsigned long)n);
			return 0;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT_2(uc, "round %lu, read 0x%lx");
			break;
		default:
			TEST_FAIL("unexpected ucall %lu", uc.cmd);
		}
	}
}
