// SPDX-License-Identifier: GPL-2.0
/*
 * pvbench: micro-benchmarks of the kernel paths that paravirt hooks sit on.
 *
 * Each test is a loop over one kernel operation; we print nanoseconds per
 * operation.  The tests are chosen so that between them they cross every
 * hook class a PARAVIRT_XXL kernel adds on a native boot:
 *
 *   null    - getppid(): entry, exit and the iret path, interrupt flag
 *             changes in the exit work.
 *   pipe    - two processes bounce one byte through two pipes: wakeups,
 *             context switches (CR3 loads, TLS loads, lazy-mode hooks).
 *   fork    - fork()+_exit()+waitpid(): page-table allocation, copying
 *             and teardown, TLB flushes.
 *   fault   - mmap an anonymous area, touch every page, munmap: page
 *             faults (CR2 reads), PTE writes, TLB flushes.
 *
 * Usage: pvbench [rounds] [scale]
 *   Runs every test `rounds` times (default 5), interleaved, and prints
 *   one line per run ("RUN <test> <round> <ns/op>") and then the median
 *   per test ("MEDIAN <test> <ns/op>").  `scale` multiplies the iteration
 *   counts (default 1), for slower or faster machines.
 *
 * Built as a static i386 binary: gcc -m32 -static -O2 -o pvbench pvbench.c
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "bench.h"

#define MAX_ROUNDS	64

/* A system call that does almost nothing: entry and exit dominate. */
static double bench_null(long iters)
{
	double t0 = now_ns();
	long i;

	for (i = 0; i < iters; i++)
		syscall(SYS_getppid);
	return (now_ns() - t0) / iters;
}

struct test {
	const char *name;
	double (*fn)(long iters);
	long iters;		/* per run, before scaling */
	double ns[MAX_ROUNDS];
};

/* Iteration counts sized for a few hundred ms per run under QEMU TCG. */
static struct test tests[] = {
	{ "null",  bench_null,  200000 },
	{ "pipe",  bench_pipe,  10000 },
	{ "fork",  bench_fork,  300 },
	{ "fault", bench_fault, 40 },
};

#define NTESTS	(sizeof(tests) / sizeof(tests[0]))

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	double scale = argc > 2 ? atof(argv[2]) : 1.0;
	unsigned int t;
	int r;

	if (rounds < 1 || rounds > MAX_ROUNDS || scale <= 0) {
		fprintf(stderr, "usage: %s [rounds 1-%d] [scale]\n",
			argv[0], MAX_ROUNDS);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* One untimed warm-up run of each, to fault in code and data. */
	for (t = 0; t < NTESTS; t++)
		tests[t].fn(tests[t].iters / 10 + 1);

	/* Interleave the tests so slow drifts hit all of them alike. */
	for (r = 0; r < rounds; r++) {
		for (t = 0; t < NTESTS; t++) {
			long n = tests[t].iters * scale;

			tests[t].ns[r] = tests[t].fn(n > 0 ? n : 1);
			printf("RUN %s %d %.1f\n", tests[t].name, r,
			       tests[t].ns[r]);
		}
	}
	for (t = 0; t < NTESTS; t++) {
		qsort(tests[t].ns, rounds, sizeof(double), cmp_double);
		printf("MEDIAN %s %.1f\n", tests[t].name,
		       rounds % 2 ? tests[t].ns[rounds / 2] :
		       (tests[t].ns[rounds / 2 - 1] +
			tests[t].ns[rounds / 2]) / 2);
	}
	return 0;
}
