// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp - hold a Host hardware breakpoint (a perf event, as "perf record
 * -e mem:ADDR:w -a" would) on a kernel address, for CPU 0, until SIGTERM;
 * then print how often it fired.  A Guest running on CPU 0 meanwhile may
 * write to the same linear address in its own address space: that is not
 * the Host's address, so the breakpoint must not fire for it, and the
 * Guest must not get a #DB it never asked for.
 *
 *	hwbp ADDR
 *
 * Exit 0 once SIGTERM ends it, 1 if the breakpoint cannot be set.
 */
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr;
	uint64_t count = 0;
	int fd;

	if (argc != 2)
		return 1;
	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.size = sizeof(attr);
	attr.bp_type = HW_BREAKPOINT_W;
	attr.bp_addr = strtoul(argv[1], NULL, 0);
	attr.bp_len = HW_BREAKPOINT_LEN_4;
	/* Every task on CPU 0, kernel and user. */
	fd = syscall(SYS_perf_event_open, &attr, -1, 0, -1, 0);
	if (fd < 0) {
		perror("hwbp: perf_event_open");
		return 1;
	}
	signal(SIGTERM, on_term);
	printf("hwbp: breakpoint on %#llx set\n",
	       (unsigned long long)attr.bp_addr);
	fflush(stdout);
	while (!stop)
		pause();
	if (read(fd, &count, sizeof(count)) != sizeof(count))
		perror("hwbp: read");
	printf("hwbp: fired %llu times\n", (unsigned long long)count);
	return 0;
}
