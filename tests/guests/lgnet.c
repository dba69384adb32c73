// SPDX-License-Identifier: GPL-2.0
/*
 * lgnet - move a file over TCP and say how fast it went.
 *
 *	lgnet recv PORT OUTFILE		accept one connection, write what
 *					arrives to OUTFILE until EOF
 *	lgnet send HOST PORT INFILE	connect (retrying for up to 60 s while
 *					the receiver is not listening yet) and
 *					send INFILE
 *
 * Both print one line, "lgnet: recv|send N bytes in S s: R MiB/s", timed
 * from the connection to the last byte.  The network tests run it inside
 * Guests and on the Host, so the numbers compare like with like; the
 * content is checked separately (md5sum on both ends).  Everything gives
 * up after 120 s.
 *
 * Build: gcc -m32 -static -O2 -o lgnet lgnet.c
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	65536

static void die(const char *what)
{
	fprintf(stderr, "lgnet: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= w;
	}
	return 0;
}

/* Copy in to out until EOF; returns the byte count. */
static long long copy(int in, int out)
{
	static char buf[CHUNK];
	long long total = 0;
	ssize_t r;

	for (;;) {
		r = read(in, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("read");
		if (r == 0)
			return total;
		if (write_all(out, buf, r) < 0)
			die("write");
		total += r;
	}
}

static void report(const char *how, long long bytes, double secs)
{
	if (secs <= 0)
		secs = 1e-6;
	printf("lgnet: %s %lld bytes in %.3f s: %.2f MiB/s\n", how, bytes, secs,
	       bytes / secs / (1024 * 1024));
}

static int do_recv(int port, const char *name)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int one = 1, s, c, out;
	long long n;
	double t0;

	out = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		die(name);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin.sin_port = htons(port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		die("bind");
	if (listen(s, 1) < 0)
		die("listen");
	printf("lgnet: listening on port %d\n", port);
	fflush(stdout);
	c = accept(s, NULL, NULL);
	if (c < 0)
		die("accept");
	t0 = now();
	n = copy(c, out);
	report("recv", n, now() - t0);
	if (close(out) < 0)
		die(name);
	return 0;
}

static int do_send(const char *host, int port, const char *name)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int in, s, tries;
	long long n;
	double t0;

	in = open(name, O_RDONLY);
	if (in < 0)
		die(name);
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
		fprintf(stderr, "lgnet: bad address %s\n", host);
		return 1;
	}
	for (tries = 0; ; tries++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0)
			die("socket");
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0)
			break;
		if (tries == 120)
			die("connect");
		close(s);
		usleep(500000);
	}
	t0 = now();
	n = copy(in, s);
	if (shutdown(s, SHUT_WR) < 0)
		die("shutdown");
	/* Wait for the receiver to close: then it has everything. */
	while (read(s, &tries, 1) > 0)
		;
	report("send", n, now() - t0);
	return 0;
}

int main(int argc, char *argv[])
{
	alarm(120);
	if (argc == 4 && !strcmp(argv[1], "recv"))
		return do_recv(atoi(argv[2]), argv[3]);
	if (argc == 5 && !strcmp(argv[1], "send"))
		return do_send(argv[2], atoi(argv[3]), argv[4]);
	fprintf(stderr, "usage: lgnet recv PORT OUTFILE | lgnet send HOST PORT INFILE\n");
	return 2;
}
