// SPDX-License-Identifier: GPL-2.0
/*
 * vac-perf-route: does a PMI taken on a CPU reach the perf guest
 * callbacks of the instance whose vCPU is loaded there?
 *
 *   vac-perf-route CPU IP CTL CMD
 *
 * Opens a sampling cpu-clock event on CPU (every 200 us, sample IP), then
 * writes CMD to the file CTL (a test instance's debugfs ctl, e.g.
 * "spin 1 300": mark its vCPU loaded on CPU 1 and busy-wait 300 ms), or,
 * when CTL is "-", sleeps CMD milliseconds instead.  Then it reads the
 * samples and prints one line:
 *
 *   samples=N guest=G match=M
 *
 * guest: samples perf marked as taken in a guest (misc cpumode
 * GUEST_KERNEL or GUEST_USER), i.e. perf_guest_state() was non-zero;
 * match: guest samples whose IP is IP (hex), i.e. perf_guest_get_ip()
 * answered with that instance's value.  Exit 0 unless an error occurred.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define DATA_PAGES	64

static int perf_open(struct perf_event_attr *attr, int cpu)
{
	return syscall(SYS_perf_event_open, attr, -1, cpu, -1, 0);
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.sample_period = 200000,
		.sample_type = PERF_SAMPLE_IP,
		.disabled = 1,
	};
	struct perf_event_mmap_page *meta;
	unsigned long samples = 0, guest = 0, match = 0;
	uint64_t want, head, tail;
	size_t psz = sysconf(_SC_PAGESIZE), dsz = DATA_PAGES * psz;
	unsigned char *data;
	int cpu, fd, ctl;
	void *map;

	if (argc != 5) {
		fprintf(stderr, "usage: %s CPU IP CTL|- CMD|MS\n", argv[0]);
		return 2;
	}
	cpu = atoi(argv[1]);
	want = strtoull(argv[2], NULL, 16);

	fd = perf_open(&attr, cpu);
	if (fd < 0) {
		perror("perf_event_open");
		return 1;
	}
	map = mmap(NULL, psz + dsz, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	meta = map;
	data = (unsigned char *)map + psz;

	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	if (strcmp(argv[3], "-")) {
		ctl = open(argv[3], O_WRONLY);
		if (ctl < 0 || write(ctl, argv[4], strlen(argv[4])) < 0) {
			fprintf(stderr, "%s: %s\n", argv[3], strerror(errno));
			return 1;
		}
		close(ctl);
	} else {
		struct timespec ts = { atoi(argv[4]) / 1000,
				       (atoi(argv[4]) % 1000) * 1000000L };

		nanosleep(&ts, NULL);
	}
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);

	head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	tail = meta->data_tail;
	while (tail < head) {
		struct perf_event_header hdr;
		uint64_t ip;
		size_t off = tail % dsz, i;
		unsigned char rec[64];

		for (i = 0; i < sizeof(hdr); i++)
			((unsigned char *)&hdr)[i] = data[(off + i) % dsz];
		if (hdr.size < sizeof(hdr) || hdr.size > sizeof(rec))
			break;
		for (i = 0; i < hdr.size; i++)
			rec[i] = data[(off + i) % dsz];
		if (hdr.type == PERF_RECORD_SAMPLE) {
			unsigned int mode = hdr.misc &
					    PERF_RECORD_MISC_CPUMODE_MASK;

			memcpy(&ip, rec + sizeof(hdr), sizeof(ip));
			samples++;
			if (mode == PERF_RECORD_MISC_GUEST_KERNEL ||
			    mode == PERF_RECORD_MISC_GUEST_USER) {
				guest++;
				if (ip == want)
					match++;
			}
		}
		tail += hdr.size;
	}
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);

	printf("samples=%lu guest=%lu match=%lu\n", samples, guest, match);
	return 0;
}
