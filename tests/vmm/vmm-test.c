// SPDX-License-Identifier: GPL-2.0
/*
 * vmm-test - run small real KVM guests through a KVM device and check
 * everything they do.
 *
 * Several VMs, several vCPUs each (one thread per vCPU), KVM ioctls only.
 * Every vCPU runs the real-mode guest of guest.S over and over; each pass
 * makes port I/O exits, an MMIO write and an MMIO read, computes a
 * checksum over guest memory that the host filled with fresh random bytes,
 * writes a pattern the host checks, and halts.  Any unexpected exit, value
 * or memory content is a failure.
 *
 * Every vCPU gets the CPUID the device supports (KVM_GET_SUPPORTED_CPUID),
 * as a VMM passing the host CPU through does: KVM then switches the MSRs
 * such a guest may use (e.g. TSC_AUX with RDTSCP) the way it does for real
 * guests.  Each vCPU gets its own TSC_AUX (0x5a000 + VM * 0x100 + vCPU), as a guest
 * OS sets it to its CPU number: KVM then loads the guest's value on every
 * entry and puts the host's back on the way to userspace, on every host
 * CPU - a host CPU whose own TSC_AUX equals the guest's would hide a KVM
 * that fails to.  Where KVM refuses the MSR (a host without RDTSCP) this
 * is said once and the run goes on.
 *
 *   vmm-test [-d DEVICE] [-m VMS] [-c VCPUS] [-i PASSES] [-t SECONDS]
 *            [-l BYTES] [-w MSEC] [-s STOPFILE] [-p PROGRESSFILE] [-q]
 *
 * Exit status: 0 all passes correct, 1 a check failed, 2 setup failed
 * (device, VM or vCPU creation), 64 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define VMM_MEM_SIZE	0x40000		/* one slot at GPA 0 */
#define VMM_CODE_GPA	0x1000
#define VMM_DATA_GPA	0x10000		/* + vcpu * VMM_DATA_STRIDE */
#define VMM_DATA_STRIDE	0x4000
#define VMM_DST_OFF	0x2000		/* pattern written by the guest */
#define VMM_MMIO_GPA	0x80000		/* no slot: MMIO exits */
#define VMM_MAX_VCPUS	8
#define VMM_MAX_LEN	0x2000

#define VMM_MSR_TSC_AUX	0xc0000103
#define VMM_TSC_AUX(vm, vcpu)	(0x5a000u + (vm) * 0x100u + (vcpu))

#define PORT_SEED	0x10
#define PORT_SUM	0x11
#define PORT_ECHO	0x12
#define ECHO_XOR	0xa5a5a5a5u

extern const unsigned char vmm_guest_code[], vmm_guest_code_end[];

struct opts {
	const char *dev;
	int vms;
	int vcpus;
	long passes;
	long seconds;
	int len;
	long wait_ms;
	const char *stopfile;
	const char *progress;
	bool quiet;
};

struct vm {
	int id;
	int fd;
	uint8_t *mem;
};

struct vcpu {
	struct vm *vm;
	int id;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	long passes;
	long exits;
	bool failed;
	uint64_t rng;
};

static struct opts opt = {
	.dev = "/dev/kvm",
	.vms = 2,
	.vcpus = 2,
	.passes = 5,
	.len = 1024,
};
static int kvm_fd;
static size_t run_size;
/* What the device supports, given to every vCPU as its CPUID. */
static struct kvm_cpuid2 *cpuid;
static atomic_long total_passes;
static atomic_bool stop_all;
static struct timespec t_start;
static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;

static void failf(struct vcpu *c, const char *fmt, ...)
{
	va_list ap;

	flockfile(stderr);
	fprintf(stderr, "vmm-test: FAIL vm%d/vcpu%d pass %ld: ",
		c->vm->id, c->id, c->passes);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	c->failed = true;
	atomic_store(&stop_all, true);
}

/* xorshift64*: fresh data every pass, reproducible per vCPU. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static uint32_t checksum(const uint8_t *p, int len)
{
	uint32_t c = 0;
	int i;

	for (i = 0; i < len; i++)
		c = ((c << 5) | (c >> 27)) + p[i];
	return c;
}

static double elapsed(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t_start.tv_sec) + (t.tv_nsec - t_start.tv_nsec) / 1e9;
}

static bool keep_going(long done)
{
	if (atomic_load(&stop_all))
		return false;
	if (done < opt.passes)
		return true;
	if (opt.seconds && elapsed() < opt.seconds)
		return true;
	if (opt.stopfile && access(opt.stopfile, F_OK) != 0)
		return true;
	return false;
}

static void write_progress(void)
{
	char buf[32];
	FILE *f;

	if (!opt.progress)
		return;
	pthread_mutex_lock(&progress_lock);
	snprintf(buf, sizeof(buf), "%s.tmp", opt.progress);
	f = fopen(buf, "w");
	if (f) {
		fprintf(f, "%ld\n", atomic_load(&total_passes));
		fclose(f);
		rename(buf, opt.progress);
	}
	pthread_mutex_unlock(&progress_lock);
}

static int set_segment(struct kvm_segment *s, uint32_t base)
{
	s->base = base;
	s->selector = base >> 4;
	s->limit = 0xffff;
	return 0;
}

/* Point the vCPU at the start of the guest code for one pass. */
static int setup_pass(struct vcpu *c, uint32_t seed, int len)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(c->fd, KVM_GET_SREGS, &sregs) < 0)
		return -errno;
	set_segment(&sregs.cs, 0);
	set_segment(&sregs.ds, VMM_DATA_GPA + c->id * VMM_DATA_STRIDE);
	set_segment(&sregs.es, VMM_MMIO_GPA);
	set_segment(&sregs.ss, 0);
	sregs.cr0 &= ~1ULL;	/* real mode */
	if (ioctl(c->fd, KVM_SET_SREGS, &sregs) < 0)
		return -errno;

	memset(&regs, 0, sizeof(regs));
	regs.rip = VMM_CODE_GPA;
	regs.rflags = 0x2;
	regs.rbx = seed;
	regs.rcx = len;
	regs.rsp = 0xf00;
	if (ioctl(c->fd, KVM_SET_REGS, &regs) < 0)
		return -errno;
	return 0;
}

static uint32_t io_value(struct kvm_run *run)
{
	uint32_t v;

	memcpy(&v, (uint8_t *)run + run->io.data_offset, sizeof(v));
	return v;
}

/* One pass of the guest; false on failure (already reported). */
static bool run_pass(struct vcpu *c)
{
	uint8_t *data = c->vm->mem + VMM_DATA_GPA + c->id * VMM_DATA_STRIDE;
	uint32_t seed = (uint32_t)rng_next(&c->rng);
	uint32_t echo = seed ^ ECHO_XOR, sum, v;
	struct kvm_run *run = c->run;
	int len = opt.len, step = 0, i, r;

	if (len <= 0 || len > VMM_MAX_LEN)
		return false;

	for (i = 0; i < len; i++)
		data[i] = (uint8_t)rng_next(&c->rng);
	memset(data + VMM_DST_OFF, 0, (size_t)len);
	sum = checksum(data, len);

	r = setup_pass(c, seed, len);
	if (r) {
		failf(c, "setting registers: %s", strerror(-r));
		return false;
	}

	for (;;) {
		if (ioctl(c->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			failf(c, "KVM_RUN: %s", strerror(errno));
			return false;
		}
		c->exits++;
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			if (run->io.direction != KVM_EXIT_IO_OUT ||
			    run->io.size != 4 || run->io.count != 1) {
				failf(c, "unexpected I/O: port %#x dir %d size %d",
				      run->io.port, run->io.direction,
				      run->io.size);
				return false;
			}
			v = io_value(run);
			if (run->io.port == PORT_SEED && step == 0) {
				if (v != seed) {
					failf(c, "seed %#x, expected %#x", v, seed);
					return false;
				}
			} else if (run->io.port == PORT_SUM && step == 1) {
				if (v != sum) {
					failf(c, "guest checksum %#x, host %#x", v, sum);
					return false;
				}
			} else if (run->io.port == PORT_ECHO && step == 4) {
				if (v != echo) {
					failf(c, "echo %#x, expected %#x", v, echo);
					return false;
				}
			} else {
				failf(c, "OUT to port %#x at step %d", run->io.port, step);
				return false;
			}
			step++;
			break;
		case KVM_EXIT_MMIO:
			if (run->mmio.len != 4) {
				failf(c, "MMIO of %u bytes", run->mmio.len);
				return false;
			}
			if (run->mmio.is_write && step == 2 &&
			    run->mmio.phys_addr == VMM_MMIO_GPA) {
				memcpy(&v, run->mmio.data, 4);
				if (v != sum) {
					failf(c, "MMIO write %#x, expected %#x", v, sum);
					return false;
				}
			} else if (!run->mmio.is_write && step == 3 &&
				   run->mmio.phys_addr == VMM_MMIO_GPA + 4) {
				memcpy(run->mmio.data, &echo, 4);
			} else {
				failf(c, "MMIO %s at %#llx, step %d",
				      run->mmio.is_write ? "write" : "read",
				      (unsigned long long)run->mmio.phys_addr, step);
				return false;
			}
			step++;
			break;
		case KVM_EXIT_HLT:
			if (step != 5) {
				failf(c, "HLT at step %d", step);
				return false;
			}
			for (i = 0; i < len; i++) {
				uint8_t want = (uint8_t)(3 * i + seed);

				if (data[VMM_DST_OFF + i] != want) {
					failf(c, "guest wrote %#x at +%#x, expected %#x",
					      data[VMM_DST_OFF + i], i, want);
					return false;
				}
			}
			return true;
		case KVM_EXIT_FAIL_ENTRY:
			failf(c, "entry failed, reason %#llx",
			      (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
			return false;
		case KVM_EXIT_INTERNAL_ERROR:
			failf(c, "internal error, suberror %u", run->internal.suberror);
			return false;
		case KVM_EXIT_SHUTDOWN:
			failf(c, "guest shutdown (triple fault)");
			return false;
		default:
			failf(c, "unexpected exit reason %u", run->exit_reason);
			return false;
		}
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *c = arg;

	while (keep_going(c->passes)) {
		if (!run_pass(c))
			break;
		c->passes++;
		atomic_fetch_add(&total_passes, 1);
		write_progress();
		if (opt.wait_ms)
			usleep(opt.wait_ms * 1000);
	}
	return NULL;
}

static int setup_vm(struct vm *vm)
{
	struct kvm_userspace_memory_region slot = { 0 };
	size_t n = vmm_guest_code_end - vmm_guest_code;

	vm->fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0) {
		fprintf(stderr, "vmm-test: KVM_CREATE_VM on %s: %s\n",
			opt.dev, strerror(errno));
		return -1;
	}
	vm->mem = mmap(NULL, VMM_MEM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->mem == MAP_FAILED) {
		perror("vmm-test: mmap");
		return -1;
	}
	memcpy(vm->mem + VMM_CODE_GPA, vmm_guest_code, n);
	slot.slot = 0;
	slot.guest_phys_addr = 0;
	slot.memory_size = VMM_MEM_SIZE;
	slot.userspace_addr = (uintptr_t)vm->mem;
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0) {
		fprintf(stderr, "vmm-test: KVM_SET_USER_MEMORY_REGION: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

/* KVM_GET_SUPPORTED_CPUID, growing the buffer while KVM says E2BIG. */
static struct kvm_cpuid2 *get_supported_cpuid(void)
{
	struct kvm_cpuid2 *c;
	int n;

	for (n = 64; n <= 4096; n *= 2) {
		c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
		if (!c) {
			perror("vmm-test");
			return NULL;
		}
		c->nent = n;
		if (!ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c))
			return c;
		free(c);
		if (errno != E2BIG)
			break;
	}
	fprintf(stderr, "vmm-test: KVM_GET_SUPPORTED_CPUID: %s\n",
		strerror(errno));
	return NULL;
}

/* The guest's TSC_AUX; see the top of the file.  -1 on an ioctl error. */
static int set_tsc_aux(struct vcpu *c)
{
	static atomic_bool told;
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} m = {
		.hdr.nmsrs = 1,
		.e.index = VMM_MSR_TSC_AUX,
		.e.data = VMM_TSC_AUX(c->vm->id, c->id),
	};
	int n = ioctl(c->fd, KVM_SET_MSRS, &m);

	if (n < 0) {
		fprintf(stderr, "vmm-test: KVM_SET_MSRS vm%d/vcpu%d: %s\n",
			c->vm->id, c->id, strerror(errno));
		return -1;
	}
	if (n == 0 && !atomic_exchange(&told, true))
		fprintf(stderr, "vmm-test: KVM refuses the guest TSC_AUX (no RDTSCP?): guests run with 0\n");
	return 0;
}

static int setup_vcpu(struct vcpu *c)
{
	c->fd = ioctl(c->vm->fd, KVM_CREATE_VCPU, c->id);
	if (c->fd < 0) {
		fprintf(stderr, "vmm-test: KVM_CREATE_VCPU vm%d/vcpu%d: %s\n",
			c->vm->id, c->id, strerror(errno));
		return -1;
	}
	c->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      c->fd, 0);
	if (c->run == MAP_FAILED) {
		perror("vmm-test: mmap kvm_run");
		return -1;
	}
	c->rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(c->vm->id * 64 + c->id + 1) ^
		 (uint64_t)time(NULL);
	if (ioctl(c->fd, KVM_SET_CPUID2, cpuid) < 0) {
		fprintf(stderr, "vmm-test: KVM_SET_CPUID2 vm%d/vcpu%d: %s\n",
			c->vm->id, c->id, strerror(errno));
		return -1;
	}
	return set_tsc_aux(c);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vmm-test [-d DEVICE] [-m VMS] [-c VCPUS] [-i PASSES] [-t SECONDS]\n"
		"                [-l BYTES] [-w MSEC] [-s STOPFILE] [-p PROGRESSFILE] [-q]\n"
		"  -d  KVM device (default /dev/kvm)\n"
		"  -m  VMs (default 2)        -c  vCPUs per VM, 1..%d (default 2)\n"
		"  -i  passes per vCPU, at least (default 5)\n"
		"  -t  keep running until SECONDS have passed\n"
		"  -s  keep running until STOPFILE exists\n"
		"  -p  write the number of passes done so far to PROGRESSFILE\n"
		"  -l  bytes checksummed per pass, 1..%d (default 1024)\n"
		"  -w  pause MSEC between two passes of a vCPU (leave CPU to others)\n"
		"  -q  print only failures and the summary\n",
		VMM_MAX_VCPUS, VMM_MAX_LEN);
	exit(64);
}

static long parse_num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < min || v > max) {
		fprintf(stderr, "vmm-test: bad number '%s' (%ld..%ld)\n", s, min, max);
		usage();
	}
	return v;
}

int main(int argc, char **argv)
{
	struct vcpu *cpus;
	struct vm *vms;
	long exits = 0;
	int ch, i, j, api, failed = 0;

	while ((ch = getopt(argc, argv, "d:m:c:i:t:l:w:s:p:qh")) != -1) {
		switch (ch) {
		case 'd': opt.dev = optarg; break;
		case 'm': opt.vms = parse_num(optarg, 1, 64); break;
		case 'c': opt.vcpus = parse_num(optarg, 1, VMM_MAX_VCPUS); break;
		case 'i': opt.passes = parse_num(optarg, 1, 1L << 40); break;
		case 't': opt.seconds = parse_num(optarg, 0, 1L << 30); break;
		case 'l': opt.len = parse_num(optarg, 1, VMM_MAX_LEN); break;
		case 'w': opt.wait_ms = parse_num(optarg, 0, 60000); break;
		case 's': opt.stopfile = optarg; break;
		case 'p': opt.progress = optarg; break;
		case 'q': opt.quiet = true; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	kvm_fd = open(opt.dev, O_RDWR | O_CLOEXEC);
	if (kvm_fd < 0) {
		fprintf(stderr, "vmm-test: open %s: %s\n", opt.dev, strerror(errno));
		return 2;
	}
	api = ioctl(kvm_fd, KVM_GET_API_VERSION, 0);
	if (api != KVM_API_VERSION) {
		fprintf(stderr, "vmm-test: %s: API version %d, expected %d\n",
			opt.dev, api, KVM_API_VERSION);
		return 2;
	}
	run_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if ((long)run_size <= 0) {
		fprintf(stderr, "vmm-test: KVM_GET_VCPU_MMAP_SIZE: %s\n", strerror(errno));
		return 2;
	}

	cpuid = get_supported_cpuid();
	if (!cpuid)
		return 2;

	vms = calloc(opt.vms, sizeof(*vms));
	cpus = calloc((size_t)opt.vms * opt.vcpus, sizeof(*cpus));
	if (!vms || !cpus) {
		perror("vmm-test");
		return 2;
	}
	for (i = 0; i < opt.vms; i++) {
		vms[i].id = i;
		if (setup_vm(&vms[i]))
			return 2;
		for (j = 0; j < opt.vcpus; j++) {
			struct vcpu *c = &cpus[i * opt.vcpus + j];

			c->vm = &vms[i];
			c->id = j;
			if (setup_vcpu(c))
				return 2;
		}
	}
	if (!opt.quiet)
		printf("vmm-test: %s: %d VM(s) x %d vCPU(s), %d bytes per pass\n",
		       opt.dev, opt.vms, opt.vcpus, opt.len);

	clock_gettime(CLOCK_MONOTONIC, &t_start);
	write_progress();
	for (i = 0; i < opt.vms * opt.vcpus; i++) {
		if (pthread_create(&cpus[i].thread, NULL, vcpu_thread, &cpus[i])) {
			perror("vmm-test: pthread_create");
			return 2;
		}
	}
	for (i = 0; i < opt.vms * opt.vcpus; i++) {
		struct vcpu *c = &cpus[i];

		pthread_join(c->thread, NULL);
		exits += c->exits;
		if (c->failed)
			failed++;
		if (!opt.quiet)
			printf("vmm-test: vm%d/vcpu%d: %ld passes, %ld exits%s\n",
			       c->vm->id, c->id, c->passes, c->exits,
			       c->failed ? ", FAILED" : "");
	}
	printf("vmm-test: %s: %s: %d VM(s) x %d vCPU(s), %ld passes, %ld exits, %.1f s\n",
	       opt.dev, failed ? "FAIL" : "PASS", opt.vms, opt.vcpus,
	       atomic_load(&total_passes), exits, elapsed());

	for (i = 0; i < opt.vms * opt.vcpus; i++) {
		munmap(cpus[i].run, run_size);
		close(cpus[i].fd);
	}
	for (i = 0; i < opt.vms; i++) {
		munmap(vms[i].mem, VMM_MEM_SIZE);
		close(vms[i].fd);
	}
	close(kvm_fd);
	return failed ? 1 : 0;
}
