// SPDX-License-Identifier: GPL-2.0
/*
 * hoststate - what KVM leaves behind in the host: MSRs of every online CPU
 * and the CPU number that TSC_AUX gives host userspace, for differential
 * tests of VAC's KVM instances against Debian's stock kvm-amd.
 *
 *   hoststate snap            one line per online CPU and MSR, for diff:
 *                               cpu1 TSC_AUX 0xc0000103 0x0000000000000001
 *                               cpu1 SPEC_CTRL 0x00000048 absent
 *   hoststate cmp [-a NAME] [-b NAME] A B
 *                             compare two snapshots under the per-MSR rules
 *                             below, print every difference
 *   hoststate tscaux [-n N]   on each online CPU in turn (pinned): RDTSCP,
 *                             RDPID if the CPU has it, getcpu() through the
 *                             syscall, the vDSO and glibc; all must name it
 *   hoststate list            the MSRs, their comparison rules and
 *                             whether CPUID enumerates them here
 *
 * MSRs are read through /dev/cpu/N/msr (modprobe msr) by this process
 * pinned to CPU N, so the read runs on that CPU in this process's own
 * system call (smp_call_function_single() calls locally) rather than in
 * an IPI that interrupts whatever runs there.  That makes the per-task
 * MSRs deterministic: KERNEL_GS_BASE then holds this process's user GS
 * base, which snap sets to a canary first (arch_prctl(ARCH_SET_GS)); a
 * read that does not return the canary did not happen where we think,
 * and snap fails.  FS_BASE (this thread's TLS pointer, different in
 * every process) is not read at all.
 *
 * An MSR that CPUID does not enumerate, or that the CPU refuses (#GP:
 * pread() fails with EIO), is "absent" on every read, never 0.
 *
 * Exit status: 0 ok / no difference, 1 differences or a wrong CPU number,
 * 2 cannot check (no /dev/cpu/N/msr, no RDTSCP, unreadable snapshot...),
 * 64 usage.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_CPUS	256
#define KGS_CANARY	0x00007ac0ffee5000ULL	/* canonical user address */

enum rule {
	/* Must be identical: host configuration no KVM may change for good. */
	RULE_EXACT,
	/*
	 * Only zero / non-zero / absent is compared: the value is the
	 * physical address of a page that whichever KVM enabled SVM
	 * allocated, so it differs between modules and loads even when both
	 * do the right thing.  Whether it is still set is what matters.
	 */
	RULE_ZERO,
};

struct msr {
	const char *name;
	uint32_t index;
	enum rule rule;
	bool (*present)(void);	/* NULL: every x86-64 CPU has it */
	const char *why;
};

static bool cpuid_bit(uint32_t leaf, uint32_t sub, int reg, int bit)
{
	unsigned int r[4];

	if (!__get_cpuid_count(leaf, sub, &r[0], &r[1], &r[2], &r[3]))
		return false;
	return r[reg] & (1u << bit);
}

enum { EAX, EBX, ECX, EDX };

static bool has_svm(void)
{
	return cpuid_bit(0x80000001, 0, ECX, 2);
}

/* IBRS, STIBP or SSBD, as AMD (0x80000008) or Intel (7.0) enumerate them. */
static bool has_spec_ctrl(void)
{
	return cpuid_bit(0x80000008, 0, EBX, 14) ||
	       cpuid_bit(0x80000008, 0, EBX, 15) ||
	       cpuid_bit(0x80000008, 0, EBX, 24) ||
	       cpuid_bit(7, 0, EDX, 26) || cpuid_bit(7, 0, EDX, 31);
}

static bool has_virt_ssbd(void)
{
	return cpuid_bit(0x80000008, 0, EBX, 25);
}

static bool has_tsc_scaling(void)
{
	return cpuid_bit(0x8000000a, 0, EDX, 4);
}

static bool has_xsaves(void)
{
	return cpuid_bit(0xd, 1, EAX, 3);
}

static bool is_amd(void)
{
	unsigned int a, b, c, d;

	/* "AuthenticAMD" or Hygon's "HygonGenuine" */
	return __get_cpuid(0, &a, &b, &c, &d) &&
	       ((b == 0x68747541 && d == 0x69746e65) ||
		(b == 0x6f677948 && d == 0x6e65476e));
}

static bool has_vmx(void)
{
	return cpuid_bit(1, 0, ECX, 5);
}

/* Architectural performance monitoring version (CPUID 0xa EAX[7:0]). */
static unsigned int arch_perfmon_version(void)
{
	unsigned int a, b, c, d;

	if (is_amd() || !__get_cpuid(0, &a, &b, &c, &d) || a < 0xa)
		return 0;
	__cpuid_count(0xa, 0, a, b, c, d);
	return a & 0xff;
}

/* IA32_PERFEVTSELn (Intel). */
static bool has_arch_perfmon(void)
{
	return arch_perfmon_version() >= 1;
}

/* IA32_PERF_GLOBAL_CTRL: architectural performance monitoring v2+. */
static bool has_perf_global_ctrl(void)
{
	return arch_perfmon_version() >= 2;
}

/* LS_CFG exists on AMD families 15h to 17h (and Hygon 18h). */
static bool has_ls_cfg(void)
{
	unsigned int a, b, c, d, fam;

	if (!is_amd() || !__get_cpuid(1, &a, &b, &c, &d))
		return false;
	fam = (a >> 8) & 0xf;
	if (fam == 0xf)
		fam += (a >> 20) & 0xff;
	return fam >= 0x15 && fam <= 0x18;
}

/*
 * What a KVM touches on the host, directly or through VMRUN/#VMEXIT and
 * VMSAVE/VMLOAD (STAR..SYSCALL_MASK, KERNEL_GS_BASE, SYSENTER_*), and the
 * configuration around it.
 *
 * An MSR is "absent" where CPUID does not enumerate it, or where RDMSR
 * faults.  Both are needed: QEMU TCG returns 0 for MSRs it does not
 * implement instead of raising #GP, and a 0 there would look like a
 * value.  "absent" on both sides compares equal.
 */
static const struct msr msrs[] = {
	{ "EFER",		0xc0000080, RULE_EXACT, NULL, "SVME must be clear again once no VM exists" },
	{ "STAR",		0xc0000081, RULE_EXACT, NULL, "syscall segments; VMLOAD state" },
	{ "LSTAR",		0xc0000082, RULE_EXACT, NULL, "64-bit syscall entry; VMLOAD state" },
	{ "CSTAR",		0xc0000083, RULE_EXACT, NULL, "compat syscall entry; VMLOAD state" },
	{ "SYSCALL_MASK",	0xc0000084, RULE_EXACT, NULL, "RFLAGS mask on syscall; VMLOAD state" },
	{ "GS_BASE",		0xc0000101, RULE_EXACT, NULL, "kernel per-CPU base (read in the kernel)" },
	{ "KERNEL_GS_BASE",	0xc0000102, RULE_EXACT, NULL, "our user GS base: the canary snap sets" },
	{ "TSC_AUX",		0xc0000103, RULE_EXACT, NULL, "CPU and node number for RDTSCP/RDPID; a user-return MSR of KVM" },
	{ "TSC_RATIO",		0xc0000104, RULE_EXACT, has_tsc_scaling, "TSC scaling: the default ratio when no guest runs" },
	{ "APIC_BASE",		0x0000001b, RULE_EXACT, NULL, "local APIC mode and address" },
	{ "SPEC_CTRL",		0x00000048, RULE_EXACT, has_spec_ctrl, "host speculation controls, switched around VMRUN" },
	{ "SYSENTER_CS",	0x00000174, RULE_EXACT, NULL, "VMLOAD state" },
	{ "SYSENTER_ESP",	0x00000175, RULE_EXACT, NULL, "VMLOAD state (per-CPU entry stack)" },
	{ "SYSENTER_EIP",	0x00000176, RULE_EXACT, NULL, "VMLOAD state" },
	{ "DEBUGCTL",		0x000001d9, RULE_EXACT, NULL, "LBR/BTF; SVM switches it with LBR virtualization" },
	{ "PAT",		0x00000277, RULE_EXACT, NULL, "host memory types; guest PAT lives in the VMCB" },
	{ "XSS",		0x00000da0, RULE_EXACT, has_xsaves, "supervisor XSAVE state mask" },
	{ "PERF_CTL0",		0xc0010000, RULE_EXACT, is_amd, "host PMU event selects" },
	{ "PERF_CTL1",		0xc0010001, RULE_EXACT, is_amd, "host PMU event selects" },
	{ "PERF_CTL2",		0xc0010002, RULE_EXACT, is_amd, "host PMU event selects" },
	{ "PERF_CTL3",		0xc0010003, RULE_EXACT, is_amd, "host PMU event selects" },
	{ "SYSCFG",		0xc0010010, RULE_EXACT, is_amd, "system configuration (SME, MtrrFixDram)" },
	{ "HWCR",		0xc0010015, RULE_EXACT, is_amd, "hardware configuration" },
	{ "VM_CR",		0xc0010114, RULE_EXACT, has_svm, "SVM lock and disable bits" },
	{ "VM_HSAVE_PA",	0xc0010117, RULE_ZERO, has_svm, "host save area: a KVM-allocated page while SVM is on, 0 after" },
	{ "FEATURE_CONTROL",	0x0000003a, RULE_EXACT, has_vmx, "VMX enable and lock: KVM reads, never writes" },
	{ "PERFEVTSEL0",	0x00000186, RULE_EXACT, has_arch_perfmon, "host PMU event selects (Intel)" },
	{ "PERFEVTSEL1",	0x00000187, RULE_EXACT, has_arch_perfmon, "host PMU event selects (Intel)" },
	{ "PERF_GLOBAL_CTRL",	0x0000038f, RULE_EXACT, has_perf_global_ctrl, "host PMU enables; VMX switches it around VM entry" },
	{ "VIRT_SPEC_CTRL",	0xc001011f, RULE_EXACT, has_virt_ssbd, "SSBD through the hypervisor interface" },
	{ "LS_CFG",		0xc0011020, RULE_EXACT, has_ls_cfg, "SSBD on AMD families 15h-17h" },
};

#define NR_MSRS (sizeof(msrs) / sizeof(msrs[0]))

static void usage(void)
{
	fprintf(stderr,
		"usage: hoststate snap\n"
		"       hoststate cmp [-a NAME] [-b NAME] SNAP_A SNAP_B\n"
		"       hoststate tscaux [-n ROUNDS]\n"
		"       hoststate list\n");
	exit(64);
}

/* Online CPUs from /sys/devices/system/cpu/online ("0-3,5"). */
static int online_cpus(int *cpus)
{
	char buf[1024], *p, *end;
	int n = 0;
	long a, b;
	FILE *f;

	f = fopen("/sys/devices/system/cpu/online", "r");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		perror("hoststate: /sys/devices/system/cpu/online");
		exit(2);
	}
	fclose(f);
	for (p = buf; *p && *p != '\n'; p = end) {
		a = strtol(p, &end, 10);
		b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		if (end == p || a < 0 || b >= MAX_CPUS || b < a)
			goto bad;
		while (a <= b)
			cpus[n++] = (int)a++;
		if (*end == ',')
			end++;
	}
	if (n)
		return n;
bad:
	fprintf(stderr, "hoststate: cannot parse online CPUs '%s'\n", buf);
	exit(2);
}

static unsigned int sys_getcpu(unsigned int *node)
{
	unsigned int cpu = ~0u;

	if (syscall(SYS_getcpu, &cpu, node, NULL) < 0) {
		perror("hoststate: getcpu");
		exit(2);
	}
	return cpu;
}

/* Move to @cpu and make sure we run there (the syscall, not the vDSO). */
static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "hoststate: pin to cpu%d: %s\n", cpu,
			strerror(errno));
		exit(2);
	}
	if (sys_getcpu(NULL) != (unsigned int)cpu) {
		fprintf(stderr, "hoststate: pinned to cpu%d, running on cpu%u\n",
			cpu, sys_getcpu(NULL));
		exit(2);
	}
}

static int do_snap(void)
{
	int cpus[MAX_CPUS], n, i, fd, rc = 0;
	char path[64];
	size_t m;
	uint64_t v;

	/*
	 * The user GS base is what KERNEL_GS_BASE holds while this process
	 * is in the kernel; glibc does not use GS on x86-64.
	 */
	if (syscall(SYS_arch_prctl, ARCH_SET_GS, KGS_CANARY)) {
		perror("hoststate: arch_prctl(ARCH_SET_GS)");
		return 2;
	}
	n = online_cpus(cpus);
	for (i = 0; i < n; i++) {
		pin(cpus[i]);
		snprintf(path, sizeof(path), "/dev/cpu/%d/msr", cpus[i]);
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "hoststate: %s: %s (modprobe msr)\n",
				path, strerror(errno));
			return 2;
		}
		for (m = 0; m < NR_MSRS; m++) {
			ssize_t r = -1;

			errno = EIO;
			if (!msrs[m].present || msrs[m].present())
				r = pread(fd, &v, sizeof(v), msrs[m].index);
			printf("cpu%d %s 0x%08" PRIx32 " ", cpus[i],
			       msrs[m].name, msrs[m].index);
			if (r == sizeof(v)) {
				printf("0x%016" PRIx64 "\n", v);
			} else if (r < 0 && errno == EIO) {
				printf("absent\n");
			} else {
				fprintf(stderr, "hoststate: %s: read %s: %s\n",
					path, msrs[m].name,
					r < 0 ? strerror(errno) : "short");
				return 2;
			}
			if (msrs[m].index == 0xc0000102 && r == sizeof(v) &&
			    v != KGS_CANARY) {
				fprintf(stderr,
					"hoststate: cpu%d: KERNEL_GS_BASE %#" PRIx64 " is not our canary %#llx: the MSR was not read on that CPU in our context\n",
					cpus[i], v, KGS_CANARY);
				rc = 2;
			}
		}
		close(fd);
	}
	if (fflush(stdout))
		return 2;
	return rc;
}

/* One line of a snapshot. */
struct entry {
	int cpu;
	const struct msr *msr;
	char value[24];		/* "0x%016x" or "absent" */
	bool matched;
};

struct snap {
	const char *path;
	struct entry *e;
	int n;
};

static const struct msr *msr_by_name(const char *name)
{
	size_t m;

	for (m = 0; m < NR_MSRS; m++)
		if (!strcmp(msrs[m].name, name))
			return &msrs[m];
	return NULL;
}

static void load_snap(struct snap *s, const char *path)
{
	char line[256], name[64], idx[32], val[32];
	int cap = 0, lineno = 0, cpu;
	FILE *f;

	s->path = path;
	s->n = 0;
	s->e = NULL;
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "hoststate: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		struct entry *e;

		lineno++;
		if (sscanf(line, "cpu%d %63s %31s %31s", &cpu, name, idx, val) != 4 ||
		    !msr_by_name(name) ||
		    (strcmp(val, "absent") && strlen(val) != 18)) {
			fprintf(stderr, "hoststate: %s:%d: not a snapshot line: %s",
				path, lineno, line);
			exit(2);
		}
		if (s->n == cap) {
			cap = cap ? 2 * cap : 64;
			s->e = realloc(s->e, cap * sizeof(*s->e));
			if (!s->e) {
				perror("hoststate");
				exit(2);
			}
		}
		e = &s->e[s->n++];
		e->cpu = cpu;
		e->msr = msr_by_name(name);
		snprintf(e->value, sizeof(e->value), "%s", val);
		e->matched = false;
	}
	fclose(f);
	if (!s->n) {
		fprintf(stderr, "hoststate: %s: empty snapshot\n", path);
		exit(2);
	}
}

/* The value as the MSR's rule compares it. */
static const char *normal(const struct entry *e)
{
	if (e->msr->rule == RULE_ZERO && strcmp(e->value, "absent"))
		return strtoull(e->value, NULL, 16) ? "non-zero" : "zero";
	return e->value;
}

static int do_cmp(int argc, char **argv)
{
	const char *na = "A", *nb = "B";
	struct snap a, b;
	int ch, i, j, diffs = 0, same = 0;

	while ((ch = getopt(argc, argv, "a:b:")) != -1) {
		switch (ch) {
		case 'a': na = optarg; break;
		case 'b': nb = optarg; break;
		default: usage();
		}
	}
	if (argc - optind != 2)
		usage();
	load_snap(&a, argv[optind]);
	load_snap(&b, argv[optind + 1]);

	for (i = 0; i < a.n; i++) {
		struct entry *ea = &a.e[i], *eb = NULL;

		for (j = 0; j < b.n; j++) {
			if (b.e[j].cpu == ea->cpu && b.e[j].msr == ea->msr) {
				eb = &b.e[j];
				break;
			}
		}
		if (!eb) {
			printf("DIFF cpu%d %s (%#x): %s %s, not in %s\n",
			       ea->cpu, ea->msr->name, ea->msr->index, na,
			       ea->value, nb);
			diffs++;
			continue;
		}
		eb->matched = true;
		if (strcmp(normal(ea), normal(eb))) {
			printf("DIFF cpu%d %s (%#x): %s %s, %s %s",
			       ea->cpu, ea->msr->name, ea->msr->index,
			       na, ea->value, nb, eb->value);
			if (ea->msr->rule == RULE_ZERO)
				printf(" (compared as %s / %s)", normal(ea),
				       normal(eb));
			printf(" -- %s\n", ea->msr->why);
			diffs++;
		} else {
			same++;
		}
	}
	for (j = 0; j < b.n; j++) {
		if (!b.e[j].matched) {
			printf("DIFF cpu%d %s (%#x): %s %s, not in %s\n",
			       b.e[j].cpu, b.e[j].msr->name, b.e[j].msr->index,
			       nb, b.e[j].value, na);
			diffs++;
		}
	}
	printf("hoststate: %s vs %s: %d values equal, %d differ\n",
	       na, nb, same, diffs);
	free(a.e);
	free(b.e);
	return diffs ? 1 : 0;
}

static bool cpu_has_rdtscp(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid(0x80000001, &a, &b, &c, &d) && (d & (1u << 27));
}

static bool cpu_has_rdpid(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (c & (1u << 22));
}

static uint32_t rdtscp_aux(void)
{
	uint32_t lo, hi, aux;

	asm volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	return aux;
}

static uint64_t rdpid(void)
{
	uint64_t v;

	/* rdpid %rax, spelled out for assemblers that lack it */
	asm volatile(".byte 0xf3, 0x0f, 0xc7, 0xf8" : "=a"(v));
	return v;
}

/*
 * Linux puts (node << 12) | cpu into TSC_AUX (setup_getcpu()); RDTSCP and
 * RDPID hand it to userspace, and the vDSO's getcpu() uses RDPID where
 * the CPU has it.  A KVM that leaves a guest's TSC_AUX behind makes all of
 * them lie about the CPU.
 */
static int do_tscaux(int argc, char **argv)
{
	int cpus[MAX_CPUS], n, i, r, ch, rounds = 3, bad = 0;
	bool has_rdpid = cpu_has_rdpid();

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		switch (ch) {
		case 'n': rounds = atoi(optarg); break;
		default: usage();
		}
	}
	if (optind != argc || rounds < 1)
		usage();
	if (!cpu_has_rdtscp()) {
		fprintf(stderr, "hoststate: the CPU has no RDTSCP: TSC_AUX cannot be checked\n");
		return 2;
	}
	n = online_cpus(cpus);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			unsigned int node = ~0u, vcpu = ~0u, vnode = ~0u;
			unsigned int scpu, want;
			uint32_t aux;
			uint64_t pid = 0;
			int gcpu;
			bool ok;

			pin(cpus[i]);
			scpu = sys_getcpu(&node);
			if (getcpu(&vcpu, &vnode)) {
				perror("hoststate: getcpu()");
				return 2;
			}
			gcpu = sched_getcpu();
			aux = rdtscp_aux();
			if (has_rdpid)
				pid = rdpid();
			want = (node << 12) | (unsigned int)cpus[i];
			ok = scpu == (unsigned int)cpus[i] && vcpu == scpu &&
			     vnode == node && gcpu == cpus[i] && aux == want &&
			     (!has_rdpid || pid == want);
			printf("cpu%d round %d: getcpu %u node %u, vdso getcpu %u node %u, sched_getcpu %d, RDTSCP TSC_AUX %#x",
			       cpus[i], r + 1, scpu, node, vcpu, vnode, gcpu,
			       aux);
			if (has_rdpid)
				printf(", RDPID %#" PRIx64, pid);
			else
				printf(", RDPID absent");
			if (ok) {
				printf(": ok\n");
				continue;
			}
			printf(": WRONG, want %#x (cpu %d node %u)", want,
			       cpus[i], node);
			if (aux != want)
				printf("; TSC_AUX names cpu %u node %u",
				       aux & 0xfff, aux >> 12);
			printf("\n");
			bad++;
		}
	}
	printf("hoststate: tscaux: %d CPU(s) x %d round(s), %d wrong\n",
	       n, rounds, bad);
	return bad ? 1 : 0;
}

static int do_list(void)
{
	size_t m;

	for (m = 0; m < NR_MSRS; m++)
		printf("%-15s %#010x %-5s %-7s %s\n", msrs[m].name,
		       msrs[m].index,
		       msrs[m].rule == RULE_EXACT ? "exact" : "zero",
		       !msrs[m].present || msrs[m].present() ? "present" : "absent",
		       msrs[m].why);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "snap") && argc == 2)
		return do_snap();
	if (!strcmp(argv[1], "cmp"))
		return do_cmp(argc - 1, argv + 1);
	if (!strcmp(argv[1], "tscaux"))
		return do_tscaux(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list") && argc == 2)
		return do_list();
	usage();
}
