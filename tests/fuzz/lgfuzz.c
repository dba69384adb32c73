// SPDX-License-Identifier: GPL-2.0
/*
 * lgfuzz - a seeded fuzzer for /dev/lguest, run inside the QEMU Host.
 *
 *	lgfuzz SEED CALLS
 *
 * From SEED (a number) it makes CALLS calls on /dev/lguest (open, write,
 * read, close), chosen at random: LHREQ_* requests with random and
 * "interesting" arguments and sizes, INITIALIZE of Guests whose code is a
 * random string of hypercalls (valid numbers mostly, arguments near the
 * values the Host checks), writes into the async hypercall ring, DMA
 * descriptors and page-table entries, and privileged or faulting
 * instructions; read()s that run those Guests (a 5 ms timer ends a read
 * of a Guest that spins); forked children and second threads using the
 * same fds.  The same SEED makes the same choices; timing (which timer
 * tick ends a read) can differ.
 *
 * The Host must survive all of it with a clean log (the caller checks);
 * lgfuzz itself must too: if it crashes, it prints the seed and the call
 * it was at, so the run can be repeated.  It ends with
 * "lgfuzz: seed S: N calls, G guests, ..." and exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/lguest_launcher.h>

#define PAGE		4096u
#define MEM		(16u << 20)	/* Guest memory, at our address 0 */
#define PGDIR		(MEM - PAGE)	/* identity + 0xC0000000 mappings */
#define PTES		(PGDIR - 4 * PAGE)
#define CODE		0x100000u	/* where Guest code starts */
#define CODE_MAX	0x10000u
#define DATA		0x200000u	/* lguest_data */
#define DMAS		0x210000u	/* DMA descriptors */
#define MAX_FDS		6

static __thread uint64_t rng;	/* a second thread has its own */
static unsigned long seed, calls, limit;
static unsigned long guests, deaths, dmas, eagain;
static int fds[MAX_FDS];
static uint8_t *mem;

/* xorshift64*: small, and the same everywhere. */
static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* Values the Host has to check carefully. */
static uint32_t interesting(void)
{
	static const uint32_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 31, 32, 33, 255, 256, 0xFFFF, 0x10000,
		0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFF000,
		0xFFC00000, 0xFFC01000, 0xC0000000, 0xBFFFFFFF, 0xC0100000,
		CODE, DATA, DMAS, PGDIR, PTES, MEM, MEM - 4, MEM / PAGE,
		0x300000, 0x61, 0x69, 0x73, 0x7B, 0x68, 0x6D, 0x00CF9A00,
		0x0000FFFF, 0x0000EC00, 0x00608E00, 0xFFFFF063, 0x1063,
		0x1067, 0xE3, 0x7FFFFFF0,
	};

	switch (below(4)) {
	case 0:
		return rnd();
	case 1:
		return below(MEM);		/* somewhere in Guest memory */
	default:
		return v[below(sizeof(v) / sizeof(v[0]))];
	}
}

static void on_signal(int sig)
{
	char msg[128];
	int n;

	if (sig == SIGALRM)
		return;
	n = snprintf(msg, sizeof(msg),
		     "lgfuzz: CRASH (signal %d) at call %lu: rerun with seed %lu\n",
		     sig, calls, seed);
	if (write(2, msg, n) < 0)
		_exit(3);
	_exit(3);
}

/*
 * A timer that fires every 5 ms until stopped: a read() of a Guest that
 * spins, or a BREAK 1 nobody answers, ends at the next tick.  (A one-shot
 * timer could fire before the call even starts, and leave it blocked.)
 */
static void timer(int on)
{
	struct itimerval t = { { 0, on ? 5000 : 0 }, { 0, on ? 5000 : 0 } };

	setitimer(ITIMER_REAL, &t, NULL);
}

static ssize_t timed_read(int fd, void *buf, size_t len)
{
	ssize_t n;

	timer(1);
	n = read(fd, buf, len);
	timer(0);
	calls++;
	return n;
}

/* Emit a hypercall: mov $nr,%eax; mov $a,%edx; mov $b,%ebx; mov $c,%ecx; int $0x1f. */
static uint8_t *hcall(uint8_t *p, uint32_t nr, uint32_t a, uint32_t b, uint32_t c)
{
	const uint8_t op[4] = { 0xB8, 0xBA, 0xBB, 0xB9 };
	uint32_t v[4] = { nr, a, b, c };
	int i;

	for (i = 0; i < 4; i++) {
		*p++ = op[i];
		memcpy(p, &v[i], 4);
		p += 4;
	}
	*p++ = 0xCD;
	*p++ = 0x1F;
	return p;
}

/*
 * A Guest's code: LGUEST_INIT (usually), then random hypercalls, stores
 * into its lguest_data (the async ring), its DMA descriptors or its page
 * directory, and now and then an instruction ring 1 may not run.  It ends
 * with CRASH "fuzz done".
 */
static void make_guest(void)
{
	uint8_t *p = mem + CODE, *end = mem + CODE + CODE_MAX - 64;
	unsigned int i, n = 1 + below(200);

	/* A random lguest_data: async ring entries and their status. */
	for (i = 0; i < 1200; i += 4)
		*(uint32_t *)(mem + DATA + i) = below(3) ? 0 : interesting();
	for (i = 0; i < 64; i++)
		mem[DATA + 20 + i] = below(2) ? 0xFF : 0;
	for (i = 0; i < 4096; i += 4)
		*(uint32_t *)(mem + DMAS + i) = below(4) ? 0 : interesting();
	strcpy((char *)mem + DATA + 0x1000, "fuzz done");

	if (below(16))
		p = hcall(p, 1, DATA, 0, 0);		/* LGUEST_INIT */
	for (i = 0; i < n && p < end; i++) {
		switch (below(8)) {
		case 0:		/* movl $imm, addr: into lguest_data or a DMA */
			*p++ = 0xC7;
			*p++ = 0x05;
			*(uint32_t *)p = 0xC0000000 + (below(2) ? DATA + below(1200) :
						       DMAS + below(4096)) / 4 * 4;
			p += 4;
			*(uint32_t *)p = interesting();
			p += 4;
			break;
		case 1: {	/* an odd instruction */
			static const uint8_t odd[][2] = {
				{ 0xFA, 0x90 }, { 0xF4, 0x90 }, { 0xCD, 0x80 },
				{ 0x0F, 0x0B }, { 0xCC, 0x90 }, { 0xF1, 0x90 },
				{ 0xCE, 0x90 }, { 0x0F, 0x31 }, { 0xE4, 0x60 },
				{ 0xCD, 0x20 }, { 0x9C, 0x58 },
			};
			unsigned int k = below(sizeof(odd) / 2);

			*p++ = odd[k][0];
			*p++ = odd[k][1];
			break;
		}
		case 2:		/* a hypercall number the Host does not know */
			p = hcall(p, interesting(), interesting(), interesting(),
				  interesting());
			break;
		default:	/* a real hypercall, arguments near the edges */
			p = hcall(p, below(17), interesting(), interesting(),
				  interesting());
			break;
		}
	}
	p = hcall(p, 2, DATA + 0x1000, 0, 0);		/* CRASH */
	*p++ = 0xEB;					/* jmp . */
	*p++ = 0xFE;
}

/* Page tables over the first MEM: identity and at 0xC0000000. */
static void make_pagetables(void)
{
	uint32_t *pd = (uint32_t *)(mem + PGDIR), *pt = (uint32_t *)(mem + PTES);
	unsigned int i;

	for (i = 0; i < MEM / PAGE; i++)
		pt[i] = i * PAGE | 0x3;
	memset(pd, 0, PAGE);
	for (i = 0; i < 4; i++)
		pd[i] = pd[768 + i] = (PTES + i * PAGE) | 0x7;
}

static int some_fd(void)
{
	return fds[below(MAX_FDS)];
}

static void do_open(void)
{
	int i = below(MAX_FDS);

	if (fds[i] >= 0)
		close(fds[i]);
	fds[i] = open("/dev/lguest", O_RDWR);
	calls++;
}

static void do_close(void)
{
	int i = below(MAX_FDS);

	if (fds[i] >= 0) {
		close(fds[i]);
		calls++;
	}
	fds[i] = -1;
}

static void do_initialize(void)
{
	uint32_t req[5] = { LHREQ_INITIALIZE, MEM / PAGE, PGDIR, CODE, 0xC0000000 };
	int fd = some_fd();

	make_pagetables();
	make_guest();
	if (!below(4))
		req[1 + below(4)] = interesting();
	if (write(fd, req, sizeof(req)) > 0)
		guests++;
	calls++;
}

/*
 * A random request.  A BREAK 1 blocks until a BREAK 0 or a signal, so it
 * is rare, and only made where our timer can end it (@may_block): the
 * second thread never makes one (the timer's signal goes to any thread).
 * A request read from a random address may be a BREAK 1 too (Guest memory
 * is full of small numbers), so it is made only where one may block, and
 * always under the timer.  Without that, a run on the debug Host once
 * stopped making calls for good, its VM idle.
 */
static void do_write(int fd, int may_block)
{
	uint32_t req[8];
	unsigned int i, words = below(6);
	int blocks, anywhere;

	req[0] = below(8) ? below(4) : interesting();
	if (req[0] == LHREQ_BREAK && (below(4) || !may_block))
		req[1] = 0;
	else
		req[1] = interesting();
	for (i = 2; i < 8; i++)
		req[i] = interesting();
	anywhere = may_block && !below(32);
	blocks = anywhere || (req[0] == LHREQ_BREAK && req[1]);
	if (blocks)
		timer(1);
	if (anywhere)
		write(fd, (void *)(uintptr_t)interesting(), words * 4);
	else
		write(fd, req, below(8) ? words * 4 : below(32));
	if (blocks)
		timer(0);
	calls++;
}

static void do_read(int fd)
{
	uint32_t out[4] = { 0 };
	size_t len = below(8) ? 8 : below(17);
	ssize_t n = timed_read(fd, out, len);

	if (n == 8 && out[0] + 100 <= MEM) {
		/* A DMA for us: say we took some of it, maybe raise an irq. */
		*(uint32_t *)(mem + out[0]) = below(2) ? 0 : interesting();
		dmas++;
	} else if (n < 0 && errno == ENOENT) {
		deaths++;
	} else if (n < 0 && errno == EAGAIN) {
		eagain++;
	}
}

struct thread_arg {
	int fd;
	uint64_t rng;
};

static void *second_thread(void *arg)
{
	struct thread_arg *t = arg;
	int i;

	rng = t->rng;
	for (i = 0; i < 8; i++)
		do_write(t->fd, 0);
	return NULL;
}

/* One random step.  Children and threads take from the same sequence. */
static void step(void)
{
	int fd = some_fd();

	switch (below(20)) {
	case 0: case 1:
		do_open();
		break;
	case 2:
		do_close();
		break;
	case 3: case 4: case 5:
		do_initialize();
		break;
	case 6: case 7: case 8: case 9: case 10: case 11:
		do_read(fd);
		break;
	case 12: {	/* a child with our fds: it may only BREAK */
		pid_t pid = fork();
		int st, i;

		if (pid == 0) {
			for (i = 0; i < 8; i++) {
				if (below(2))
					do_write(some_fd(), 1);
				else
					do_read(some_fd());
			}
			_exit(0);
		}
		calls += 8;	/* the child's */
		waitpid(pid, &st, 0);
		if (WIFSIGNALED(st) && WTERMSIG(st) != SIGALRM) {
			fprintf(stderr, "lgfuzz: child died of signal %d at call %lu: rerun with seed %lu\n",
				WTERMSIG(st), calls, seed);
			exit(3);
		}
		break;
	}
	case 13: {	/* a second thread writing while we read */
		struct thread_arg ta = { fd, ((uint64_t)rnd() << 32) | rnd() | 1 };
		pthread_t t;

		pthread_create(&t, NULL, second_thread, &ta);
		do_read(fd);
		pthread_join(t, NULL);
		break;
	}
	default:
		do_write(fd, 1);
		break;
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: lgfuzz SEED CALLS\n");
		return 2;
	}
	seed = strtoul(argv[1], NULL, 0);
	limit = strtoul(argv[2], NULL, 0);
	rng = seed * 0x9E3779B97F4A7C15ULL + 1;
	printf("lgfuzz: seed %lu, %lu calls\n", seed, limit);
	fflush(stdout);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: the timer ends reads */
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);

	mem = mmap(0, MEM, PROT_READ | PROT_WRITE | PROT_EXEC,
		   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem != 0) {
		perror("mmap guest memory at 0");
		return 2;
	}
	for (i = 0; i < MAX_FDS; i++)
		fds[i] = -1;
	while (calls < limit)
		step();
	for (i = 0; i < MAX_FDS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	printf("lgfuzz: seed %lu: %lu calls, %lu guests, %lu deaths, %lu DMAs, %lu breaks\n",
	       seed, calls, guests, deaths, dmas, eagain);
	return 0;
}
