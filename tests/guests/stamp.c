// SPDX-License-Identifier: GPL-2.0
/*
 * stamp: run a command and put the time in front of each line it prints.
 *
 *   stamp COMMAND [ARGS...]
 *
 * The clock (CLOCK_MONOTONIC) starts just before COMMAND is started, so a
 * line "[   1.234] Run /init as init process" from "stamp lguest ..." says
 * the Guest got there 1.234 s after its Launcher started.  A line is
 * stamped when its first byte arrives: the Launcher writes each console
 * DMA out as it comes, so that is when the Guest printed it, give or take
 * the Host's scheduling.  COMMAND's stdout and stderr both come through
 * (stderr interleaved at line granularity at best); its stdin is ours.
 * stamp exits with COMMAND's status (128 + signal if it was killed), or
 * 127 if it could not be started; SIGTERM, SIGINT and SIGHUP sent to
 * stamp are passed on to COMMAND.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct timespec start;
static pid_t pid;

/* A "timeout stamp CMD" that gives up must stop CMD too. */
static void pass_on(int sig)
{
	kill(pid, sig);
}

static double elapsed(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start.tv_sec) +
		(now.tv_nsec - start.tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	char buf[4096];
	int fd[2], status, at_line_start = 1;
	ssize_t n, i;

	if (argc < 2) {
		fprintf(stderr, "usage: stamp COMMAND [ARGS...]\n");
		return 2;
	}
	if (pipe(fd) < 0) {
		perror("stamp: pipe");
		return 127;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	pid = fork();
	if (pid < 0) {
		perror("stamp: fork");
		return 127;
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		close(fd[1]);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "stamp: cannot run %s: %s\n", argv[1],
			strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	signal(SIGTERM, pass_on);
	signal(SIGINT, pass_on);
	signal(SIGHUP, pass_on);

	for (;;) {
		n = read(fd[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			if (at_line_start)
				printf("[%8.3f] ", elapsed());
			putchar(buf[i]);
			at_line_start = buf[i] == '\n';
		}
		fflush(stdout);
	}
	if (!at_line_start)
		putchar('\n');

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 127;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
