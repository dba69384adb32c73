// SPDX-License-Identifier: GPL-2.0
/*
 * cpuflip - move a task between CPU 0 and CPU 1 as fast as we can.
 *
 *	cpuflip PID SECONDS
 *
 * Until PID is gone or SECONDS have passed, set its CPU affinity to CPU 0,
 * then CPU 1, then 0 again...  Each change makes the scheduler move it
 * (off a CPU it is running on, at its next chance).  Prints
 * "cpuflip: N moves".
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	pid_t pid;
	double end;
	long n = 0;
	cpu_set_t set;

	if (argc != 3) {
		fprintf(stderr, "usage: cpuflip PID SECONDS\n");
		return 2;
	}
	pid = atoi(argv[1]);
	end = now() + atof(argv[2]);
	while (now() < end && kill(pid, 0) == 0) {
		CPU_ZERO(&set);
		CPU_SET(n & 1, &set);
		if (sched_setaffinity(pid, sizeof(set), &set))
			break;
		n++;
		/* Let the task get somewhere between moves. */
		if (!(n & 7))
			sched_yield();
	}
	printf("cpuflip: %ld moves\n", n);
	return 0;
}
