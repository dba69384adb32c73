// SPDX-License-Identifier: GPL-2.0
/*
 * lgbench: the kernel paths whose cost an lguest Guest pays, timed the same
 * way natively on the Host and inside a Guest (tools/bench.sh runs both in
 * one QEMU session with -icount shift=0, where one nanosecond of the
 * guest's clocks is one instruction).
 *
 *   lgbench micro ROUNDS [SCALE]
 *	getpid	getpid(): a system call that does nothing
 *	read	read() of one byte from /dev/zero
 *	pipe	a byte bounced between two processes through two pipes
 *		(one round trip: two context switches)
 *	fork	fork() + _exit() + waitpid()
 *	exec	fork() + execve("/bin/true") + waitpid()
 *	fault	mmap of anonymous memory, one write per page, munmap (per page)
 *	user	a loop that never enters the kernel: the control, whose
 *		Guest/native ratio must be 1
 *   lgbench cmd NAME ROUNDS PROGRAM [ARGS...]
 *	runs PROGRAM ROUNDS times (fork, exec, wait), each run timed whole
 *   lgbench one NAME ITERS
 *	one run of micro test NAME, ITERS operations (tests/bench/exits-*.sh
 *	count the Host's exits around it)
 *
 * Every run prints "BENCH <name> <round> <value> <unit>"; the unit is ns
 * per operation for the micro tests and ms per run for cmd.  The caller
 * takes the medians.  Rounds are interleaved so a slow drift hits every
 * test alike.  Build: gcc -m32 -static -O2 -o lgbench lgbench.c
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "bench.h"

static double bench_getpid(long iters)
{
	double t0 = now_ns();
	long i;

	/* Not the libc wrapper: some versions cache the answer. */
	for (i = 0; i < iters; i++)
		syscall(SYS_getpid);
	return (now_ns() - t0) / iters;
}

static double bench_read(long iters)
{
	int fd = open("/dev/zero", O_RDONLY);
	double t0;
	char c;
	long i;

	if (fd < 0)
		die("/dev/zero");
	t0 = now_ns();
	for (i = 0; i < iters; i++)
		if (read(fd, &c, 1) != 1)
			die("read /dev/zero");
	t0 = (now_ns() - t0) / iters;
	close(fd);
	return t0;
}

static double bench_exec(long iters)
{
	char *argv[] = { "true", NULL }, *envp[] = { NULL };
	double t0 = now_ns();
	long i;

	for (i = 0; i < iters; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			execve("/bin/true", argv, envp);
			_exit(127);
		}
		reap(pid);
	}
	return (now_ns() - t0) / iters;
}

/*
 * Integer work in registers; the empty asm keeps the compiler honest.
 * Timed in chunks of USER_CHUNK iterations (about 0.1 ms), and the fastest
 * chunk counts: one that no interrupt hit (at HZ=100, nearly all of them)
 * measures the CPU alone, which must be the same natively and in a Guest.
 * Timed whole, the run also carries the timer interrupts that fell into
 * it, and those cost a different number of instructions on each side (a
 * whole-run median gave native 5.09, Guest 5.02 ns per iteration: 0.99).
 */
#define USER_CHUNK	20000

static double bench_user(long iters)
{
	double best = 0, t;
	unsigned int x = 1;
	long i, done = 0;

	while (done < iters) {
		long n = iters - done < USER_CHUNK ? iters - done : USER_CHUNK;

		t = now_ns();
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			__asm__ volatile("" : "+r"(x));
		}
		t = (now_ns() - t) / n;
		if (!done || t < best)
			best = t;
		done += n;
	}
	if (x == 42)
		puts("(unlikely)");
	return best;
}

struct test {
	const char *name;
	double (*fn)(long iters);
	long iters;		/* per run, before scaling */
};

/* Sized so the slowest Guest run stays well under a second of TCG. */
static const struct test tests[] = {
	{ "getpid", bench_getpid, 40000 },
	{ "read",   bench_read,   30000 },
	{ "pipe",   bench_pipe,   1000 },
	{ "fork",   bench_fork,   80 },
	{ "exec",   bench_exec,   20 },
	{ "fault",  bench_fault,  16 },
	{ "user",   bench_user,   3000000 },
};

#define NTESTS	(sizeof(tests) / sizeof(tests[0]))

static int micro(int rounds, double scale)
{
	unsigned int t;
	int r;

	/* One short untimed run of each, to fault in code and data. */
	for (t = 0; t < NTESTS; t++)
		tests[t].fn(tests[t].iters / 10 + 1);
	for (r = 0; r < rounds; r++)
		for (t = 0; t < NTESTS; t++) {
			long n = tests[t].iters * scale;

			printf("BENCH %s %d %.3f ns\n", tests[t].name, r,
			       tests[t].fn(n > 0 ? n : 1));
		}
	return 0;
}

static int cmd(const char *name, int rounds, char **argv)
{
	int r;

	for (r = -1; r < rounds; r++) {	/* round -1 warms the caches */
		double t0 = now_ns();
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0)
				dup2(null, 1);
			execv(argv[0], argv);
			_exit(127);
		}
		reap(pid);
		if (r >= 0)
			printf("BENCH %s %d %.3f ms\n", name, r,
			       (now_ns() - t0) / 1e6);
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "micro")) {
		int rounds = atoi(argv[2]);
		double scale = argc > 3 ? atof(argv[3]) : 1.0;

		if (rounds >= 1 && scale > 0)
			return micro(rounds, scale);
	}
	if (argc >= 5 && !strcmp(argv[1], "cmd") && atoi(argv[3]) >= 1)
		return cmd(argv[2], atoi(argv[3]), argv + 4);
	if (argc == 4 && !strcmp(argv[1], "one") && atol(argv[3]) >= 1) {
		unsigned int t;

		for (t = 0; t < NTESTS; t++)
			if (!strcmp(tests[t].name, argv[2])) {
				printf("BENCH %s 0 %.3f ns\n", tests[t].name,
				       tests[t].fn(atol(argv[3])));
				return 0;
			}
	}
	fprintf(stderr, "usage: %s micro ROUNDS [SCALE]\n"
		"       %s cmd NAME ROUNDS PROGRAM [ARGS...]\n"
		"       %s one NAME ITERS\n", argv[0], argv[0], argv[0]);
	return 2;
}
