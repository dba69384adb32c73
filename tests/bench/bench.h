/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two micro-benchmark programs share: lgbench.c (native against
 * a Guest, tools/bench.sh) and pvbench.c (a native boot with and without
 * the paravirt hooks, tools/bench-native.sh).  The clock, and the loops
 * both time the same way, so their figures mean the same thing: each
 * returns nanoseconds per operation over ITERS operations.
 *
 * Each program is one file built alone (gcc -m32 -static), so this header
 * holds static functions; include it after the system headers.
 */
#ifndef LG_BENCH_H
#define LG_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Wait for a child that must exit 0. */
static void reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "child %d failed (status %#x)\n",
			pid, status);
		exit(1);
	}
}

/* One round trip = two context switches and four pipe operations. */
static double bench_pipe(long iters)
{
	int ping[2], pong[2];
	double t0;
	char c = 0;
	pid_t pid;
	long i;

	if (pipe(ping) || pipe(pong))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		for (i = 0; i < iters; i++)
			if (read(ping[0], &c, 1) != 1 ||
			    write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	t0 = now_ns();
	for (i = 0; i < iters; i++)
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			die("pipe ping-pong");
	t0 = (now_ns() - t0) / iters;
	waitpid(pid, NULL, 0);
	close(ping[0]);
	close(ping[1]);
	close(pong[0]);
	close(pong[1]);
	return t0;
}

/* A whole process lifetime, with the parent's memory to copy. */
static double bench_fork(long iters)
{
	double t0 = now_ns();
	long i;

	for (i = 0; i < iters; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			_exit(0);
		reap(pid);
	}
	return (now_ns() - t0) / iters;
}

/* Cost per page of faulting in and unmapping anonymous memory. */
#define FAULT_PAGES	256

static double bench_fault(long iters)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = FAULT_PAGES * page;
	double t0 = now_ns();
	long i, j;

	for (i = 0; i < iters; i++) {
		volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		for (j = 0; j < FAULT_PAGES; j++)
			p[j * page] = 1;
		munmap((void *)p, len);
	}
	return (now_ns() - t0) / ((double)iters * FAULT_PAGES);
}

#endif /* LG_BENCH_H */
