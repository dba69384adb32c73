// SPDX-License-Identifier: GPL-2.0
/*
 * maxgap - how long can this CPU be kept from us?  Sleeps 1 ms at a time
 * until SIGTERM (or SECONDS), then prints the longest time one of those
 * sleeps took, in ms: the Host's scheduling latency while something else
 * runs on the same CPU (pin both with taskset).
 *
 *	maxgap [SECONDS]	prints "maxgap: N ms over M wakeups"
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	double limit = argc > 1 ? atof(argv[1]) * 1e3 : 600e3;
	double start = now_ms(), last = start, gap = 0, t;
	struct timespec ms = { 0, 1000000 };
	long wakeups = 0;

	signal(SIGTERM, on_term);
	printf("maxgap: running\n");
	fflush(stdout);
	while (!stop && last - start < limit) {
		nanosleep(&ms, NULL);
		t = now_ms();
		if (t - last > gap)
			gap = t - last;
		last = t;
		wakeups++;
	}
	printf("maxgap: %.0f ms over %ld wakeups\n", gap, wakeups);
	return 0;
}
