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
 *	lgnet echo PORT			answer UDP datagrams on PORT (forever)
 *	lgnet rtt HOST PORT N		send N small datagrams to an echo one
 *					at a time; print the mean round trip
 *	lgnet udprecv PORT		count numbered datagrams until the
 *					sender's end mark (or 5 s of silence)
 *	lgnet udpsend HOST PORT MBIT S	send numbered datagrams of UDP_SIZE
 *					bytes at MBIT Mbit/s for S seconds,
 *					then the end mark
 *
 * recv and send print one line, "lgnet: recv|send N bytes in S s: R MiB/s",
 * timed from the connection to the last byte.  rtt prints "lgnet: rtt N
 * round trips in S s: U us each": timing many round trips together gives
 * a useful mean even where the clock only ticks every 10 ms, as on a Host
 * without a usable TSC (and so in its Guests).  The network tests run it inside
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
#include <sys/time.h>
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

static int udp_socket(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0)
		die("socket");
	return s;
}

static void __attribute__((noreturn)) do_echo(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len;
	char buf[64];
	ssize_t r;
	int s = udp_socket();

	alarm(0);
	sin.sin_port = htons(port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		die("bind");
	for (;;) {
		len = sizeof(sin);
		r = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&sin,
			     &len);
		if (r > 0)
			sendto(s, buf, r, 0, (struct sockaddr *)&sin, len);
	}
}

/*
 * The first datagrams may be lost while addresses are resolved (ARP), or
 * refused while the echo is not listening yet, so a datagram without an
 * answer after a second (or refused: after 0.1 s) is sent again; the
 * retries are counted and reported.  Start the echo first to keep them
 * out of the timing.
 */
static int do_rtt(const char *host, int port, int n)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct timeval tv = { .tv_sec = 1 };
	int i, retries = 0, s = udp_socket();
	unsigned int seq, got;
	double t0;

	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1 ||
	    connect(s, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		die(host);
	t0 = now();
	for (i = 0; i < n; i++) {
		seq = i;
		if (send(s, &seq, sizeof(seq), 0) != sizeof(seq))
			die("send");
		while (recv(s, &got, sizeof(got), 0) != sizeof(got) ||
		       got != seq) {
			/* Refused: the echo is not there yet.  Wait. */
			if (errno == ECONNREFUSED)
				usleep(100000);
			else if (errno != EAGAIN && errno != EINTR)
				die("recv");
			if (++retries > 50)
				die("no echo");
			if (send(s, &seq, sizeof(seq), 0) != sizeof(seq))
				die("send");
		}
	}
	t0 = now() - t0;
	printf("lgnet: rtt %d round trips in %.3f s: %.0f us each (%d resent)\n",
	       n, t0, t0 / n * 1e6, retries);
	return 0;
}

/*
 * UDP rate and loss.  Each datagram is UDP_SIZE bytes and starts with a
 * struct udp_head; the end mark has seq UDP_END and, in count, how many
 * were sent.  The sender paces itself by the clock, so where the clock
 * only ticks every 10 ms it sends in bursts of a tick's worth: the
 * receiver must take bursts, as it must on real networks.
 */
#define UDP_SIZE	1200
#define UDP_MAGIC	0x6c67756eU
#define UDP_END		0xffffffffU

struct udp_head {
	unsigned int magic, seq, count;
};

static int do_udprecv(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct timeval tv = { .tv_sec = 5 };
	unsigned int got = 0, sent = 0;
	double first = 0, last = 0;
	int s = udp_socket();
	char buf[UDP_SIZE];

	sin.sin_port = htons(port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		die("bind");
	for (;;) {
		struct udp_head h;
		ssize_t r = recv(s, buf, sizeof(buf), 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			break;		/* silence after the first: done */
		if (r < 0)
			die("recv");
		if (r < (ssize_t)sizeof(h))
			continue;
		memcpy(&h, buf, sizeof(h));
		if (h.magic != UDP_MAGIC)
			continue;
		if (h.seq == UDP_END) {
			sent = h.count;
			break;
		}
		last = now();
		if (!got++) {
			first = last;
			if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv,
				       sizeof(tv)) < 0)
				die("setsockopt");
		}
	}
	last -= first;
	if (!sent)
		printf("lgnet: udp got %u datagrams, the end mark was lost\n",
		       got);
	else
		printf("lgnet: udp got %u of %u datagrams (%.2f%% lost) in %.3f s: %.2f Mbit/s\n",
		       got, sent, got > sent ? 0 : 100.0 * (sent - got) / sent,
		       last, last > 0 ? got * UDP_SIZE * 8 / last / 1e6 : 0);
	return 0;
}

static int do_udpsend(const char *host, int port, double mbit, double secs)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct udp_head h = { .magic = UDP_MAGIC };
	double per_sec = mbit * 1e6 / 8 / UDP_SIZE, t0, t;
	unsigned int refused = 0;
	int i, s = udp_socket();
	char buf[UDP_SIZE];

	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1 || mbit <= 0 ||
	    secs <= 0 || secs > 60) {
		fprintf(stderr, "lgnet: udpsend: bad address, rate or time\n");
		return 2;
	}
	memset(buf, 0x55, sizeof(buf));
	t0 = now();
	while ((t = now() - t0) < secs) {
		/* Catch up to where the clock says we should be. */
		while (h.seq < t * per_sec) {
			memcpy(buf, &h, sizeof(h));
			/* A full queue or no listener yet: lost, as on a wire. */
			if (sendto(s, buf, sizeof(buf), 0,
				   (struct sockaddr *)&sin, sizeof(sin)) < 0)
				refused++;
			h.seq++;
		}
		usleep(1000);
	}
	t = now() - t0;
	h.count = h.seq;
	h.seq = UDP_END;
	memcpy(buf, &h, sizeof(h));
	for (i = 0; i < 5; i++) {
		sendto(s, buf, sizeof(h), 0, (struct sockaddr *)&sin,
		       sizeof(sin));
		usleep(20000);
	}
	printf("lgnet: udpsend %u datagrams of %d bytes in %.3f s: %.2f Mbit/s (%u not sent)\n",
	       h.count, UDP_SIZE, t, h.count * UDP_SIZE * 8 / t / 1e6, refused);
	return 0;
}

int main(int argc, char *argv[])
{
	alarm(120);
	if (argc == 4 && !strcmp(argv[1], "recv"))
		return do_recv(atoi(argv[2]), argv[3]);
	if (argc == 5 && !strcmp(argv[1], "send"))
		return do_send(argv[2], atoi(argv[3]), argv[4]);
	if (argc == 3 && !strcmp(argv[1], "echo"))
		do_echo(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "rtt"))
		return do_rtt(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "udprecv"))
		return do_udprecv(atoi(argv[2]));
	if (argc == 6 && !strcmp(argv[1], "udpsend"))
		return do_udpsend(argv[2], atoi(argv[3]), atof(argv[4]),
				  atof(argv[5]));
	fprintf(stderr, "usage: lgnet recv PORT OUTFILE | send HOST PORT INFILE |\n"
		"       echo PORT | rtt HOST PORT COUNT | udprecv PORT |\n"
		"       udpsend HOST PORT MBIT SECONDS\n");
	return 2;
}
