// SPDX-License-Identifier: GPL-2.0
/*
 * lgattack - Launcher-side attacks on /dev/lguest, for the hostile suite
 * (tests/hostile/).  Each mode does one thing a careless or hostile
 * Launcher might, checks what the Host did and says so:
 *
 *	lgattack short-read GUEST
 *		read() with room for fewer than the 8 bytes a DMA result
 *		takes: refused with EINVAL, nothing written past the buffer.
 *	lgattack break-dead RECEIVER SENDER LGRUN FILE
 *		a Waker blocks in LHREQ_BREAK 1; another Guest's DMA kills
 *		our Guest meanwhile; LHREQ_BREAK 0 must still release it.
 *	lgattack getdma-high HIGH LOW
 *		Guest memory past 2 GiB is refused, so no LHREQ_GETDMA result
 *		can be negative; just below 2 GiB the address comes back.
 *	lgattack wake-storm RECEIVER SENDER LGRUN FILE
 *		while we are away from read(), another Guest floods DMA at
 *		ours: the Host must not wake us for each one.
 *	lgattack initialize GUEST
 *		LHREQ_INITIALIZE with extreme arguments: each refused with
 *		the right error, or a Guest that dies (or is interrupted)
 *		and closes cleanly.
 *	lgattack threads SPINNER
 *		while we run a Guest, a second thread tries every request,
 *		BREAKs us hundreds of times, then closes the fd under our
 *		read().
 *	lgattack break-race SPINNER
 *		four Wakers BREAK us 200 times each, all at once, while we
 *		run the Guest and answer each EAGAIN with BREAK 0: every
 *		Waker gets through, and the Guest still runs after.
 *	lgattack others SPINNER SELF
 *		the fd in other hands: a forked child, the program it
 *		exec()s (SELF, this program), a process that gets it over a
 *		socket, and after the owner has exited.
 *	lgattack ram HOW GUEST FILE
 *		Guest memory the Launcher takes away or never gave write
 *		access to, the window ramprobe.elf uses (8-9 MiB), HOW:
 *		munmap, prot-none, prot-read (while the Guest writes it),
 *		map-empty (a zero-length file mapped over it), truncate (a
 *		shared FILE the Guest writes, truncated under it),
 *		none-first (PROT_NONE before the Guest starts), ro-file
 *		(FILE opened read-only, mapped shared: the Guest reads the
 *		file's bytes, then its write is refused).  Each time the
 *		Guest is killed, "cannot map guest page", and FILE holds
 *		none of the Guest's writes.  For the changes made while the
 *		Guest runs, it must be killed before it says anything once
 *		the Launcher's call has returned: ramprobe never flushes, so
 *		only the Host's MMU notifier can stop it in time.
 *
 * GUEST and the like are test guests (the .elf files tests/guests/
 * builds); LGRUN runs the other Guest, sharing FILE with ours (lgrun -s).
 * Exit status: 0 the Host did the right thing, 1 it did not, 2 something
 * else went wrong.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/lguest_launcher.h>

#define PAGE		4096u
#define MAP_SIZE	(16u << 20)	/* what our page tables map */
#define SHARED_GPA	0x300000	/* as lgrun -s */
#define GPA_2G		0x80000000u

static uint8_t *mem;
static uint32_t memsize;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static int wr(int fd, uint32_t a, uint32_t b)
{
	uint32_t req[2] = { a, b };

	return write(fd, req, sizeof(req));
}

/* Guest memory at our address 0: guest-physical == our virtual. */
static void map_memory(uint32_t size, const char *shared)
{
	memsize = size;
	mem = mmap(0, size, PROT_READ | PROT_WRITE | PROT_EXEC,
		   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	if (mem != 0)
		die("mmap guest memory at 0");
	if (shared) {
		int fd = open(shared, O_RDWR | O_CREAT, 0600);

		if (fd < 0 || ftruncate(fd, PAGE) < 0 ||
		    mmap(mem + SHARED_GPA, PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, 0) != mem + SHARED_GPA)
			die(shared);
		close(fd);
	}
}

/*
 * Load an ELF test guest, map the first MAP_SIZE of memory at 0 and at
 * its PAGE_OFFSET (tables just below MAP_SIZE) and create the Guest.
 * Returns the /dev/lguest fd, or -errno if LHREQ_INITIALIZE refused.
 */
static int start_guest(const char *path, uint32_t pfnlimit)
{
	uint32_t nptes = MAP_SIZE >> 22, pgdir = MAP_SIZE - PAGE;
	uint32_t ptes = pgdir - nptes * PAGE, page_offset = 0, i;
	uint32_t req[5], *pd = (uint32_t *)(mem + pgdir);
	uint32_t *pt = (uint32_t *)(mem + ptes);
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	int fd = open(path, O_RDONLY), seen = 0;

	if (fd < 0)
		die(path);
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG))
		die("not an ELF");
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * eh.e_phentsize)
		    != sizeof(ph))
			die("pread");
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_paddr < PAGE || ph.p_paddr + ph.p_memsz > ptes)
			die("segment outside guest memory");
		if (pread(fd, mem + ph.p_paddr, ph.p_filesz, ph.p_offset) !=
		    (ssize_t)ph.p_filesz)
			die("pread");
		if (!seen++)
			page_offset = ph.p_vaddr - ph.p_paddr;
	}
	close(fd);
	for (i = 0; i < MAP_SIZE / PAGE; i++)
		pt[i] = i * PAGE | 0x3;
	for (i = 0; i < nptes; i++) {
		pd[i] = (ptes + i * PAGE) | 0x7;
		pd[(page_offset >> 22) + i] = (ptes + i * PAGE) | 0x7;
	}

	fd = open("/dev/lguest", O_RDWR);
	if (fd < 0)
		die("/dev/lguest");
	req[0] = LHREQ_INITIALIZE;
	req[1] = pfnlimit;
	req[2] = pgdir;
	req[3] = eh.e_entry;
	req[4] = page_offset;
	if (write(fd, req, sizeof(req)) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

/*
 * Run the Guest until it prints a line containing @want (its console is a
 * DMA to key 0, which we take whole).  Returns 0, or -errno from read().
 */
static int run_until(int fd, const char *want)
{
	uint32_t out[2];
	ssize_t n;

	for (;;) {
		struct lguest_dma *d;
		char text[256] = "";
		uint32_t len = 0;

		n = read(fd, out, sizeof(out));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n != sizeof(out) || out[0] + sizeof(*d) > memsize)
			die("odd read() result");
		d = (struct lguest_dma *)(mem + out[0]);
		if (d->len[0] < sizeof(text) && d->addr[0] + d->len[0] <= MAP_SIZE) {
			len = d->len[0];
			memcpy(text, mem + d->addr[0], len);
		}
		d->used_len = len;
		printf("guest: %s", text);
		if (strstr(text, want))
			return 0;
	}
}

/* Start another test guest with lgrun, sharing @file with ours. */
static pid_t spawn_lgrun(const char *lgrun, const char *file, const char *elf)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execl(lgrun, lgrun, "-t", "60", "-s", file, elf, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int short_read(const char *elf)
{
	struct { uint32_t buf[1], canary[3]; } b;
	uint32_t out[2];
	int fd, size, bad = 0;
	ssize_t n;

	map_memory(MAP_SIZE, NULL);
	fd = start_guest(elf, MAP_SIZE / PAGE);
	if (fd < 0)
		die("LHREQ_INITIALIZE");
	for (size = 7; size >= 0; size--) {
		memset(&b, 0xA5, sizeof(b));
		n = read(fd, b.buf, size);
		if (n >= 0 || errno != EINVAL || b.canary[0] != 0xA5A5A5A5) {
			printf("read(%d bytes) returned %zd (%s); bytes past the buffer now %#x\n",
			       size, n, n < 0 ? strerror(errno) : "-",
			       b.canary[0]);
			bad = 1;
		}
	}
	if (bad)
		return 1;
	printf("read() of 0 to 7 bytes: EINVAL each time, nothing written\n");
	/* The Guest is unharmed: a proper read() gets its first output. */
	n = read(fd, out, sizeof(out));
	if (n != sizeof(out)) {
		printf("a read() of 8 bytes then returned %zd\n", n);
		return 1;
	}
	printf("then read() of 8 bytes: DMA %#x to key %#x, as it should\n",
	       out[0], out[1]);
	return 0;
}

static int break_dead(const char *recv, const char *send, const char *lgrun,
		      const char *file)
{
	char reason[200] = "";
	struct sigaction sa;
	pid_t waker, sender;
	int fd, st, rc = 0;
	ssize_t n;

	unlink(file);
	map_memory(MAP_SIZE, file);
	fd = start_guest(recv, MAP_SIZE / PAGE);
	if (fd < 0 || run_until(fd, "receiver ready") < 0)
		die("receiver");

	/* The Waker: BREAK 1 blocks it until somebody writes BREAK 0. */
	waker = fork();
	if (waker == 0)
		_exit(wr(fd, LHREQ_BREAK, 1) == 0 ? 0 : 3);
	n = read(fd, reason, sizeof(reason));
	if (n >= 0 || errno != EAGAIN) {
		printf("read() during BREAK returned %zd (%s)\n", n, strerror(errno));
		return 2;
	}
	printf("Waker blocked in LHREQ_BREAK 1; our read() gets EAGAIN\n");

	/* Another Guest's DMA into our bad buffer kills our Guest. */
	sender = spawn_lgrun(lgrun, file, send);
	waitpid(sender, &st, 0);
	/* read() of a dead Guest gives the reason it died. */
	n = read(fd, reason, sizeof(reason) - 1);
	if (n <= 0 || !strstr(reason, "bad DMA buffer")) {
		printf("after the sender: read() returned %zd (%s)\n", n,
		       n < 0 ? strerror(errno) : reason);
		rc = 1;
	} else {
		printf("our Guest died: %s\n", reason);
	}

	/* Our Launcher is done with it: release the Waker. */
	n = wr(fd, LHREQ_BREAK, 0);
	printf("LHREQ_BREAK 0 after the death: %zd (%s)\n", n,
	       n < 0 ? strerror(errno) : "-");
	if (n < 0)
		rc = 1;
	/* No SA_RESTART: the alarm must interrupt waitpid(). */
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL);
	alarm(10);
	if (waitpid(waker, &st, 0) != waker) {
		printf("the Waker is still blocked 10 s later\n");
		kill(waker, SIGKILL);
		waitpid(waker, &st, 0);
		return 1;
	}
	alarm(0);
	printf("the Waker returned, exit %d\n", WEXITSTATUS(st));
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		rc = 1;
	close(fd);
	return rc;
}

/* Find the buffer the Guest bound at @key with LHREQ_GETDMA. */
static int getdma(const char *elf, uint32_t pfnlimit, uint32_t key,
		  uint32_t want)
{
	int fd = start_guest(elf, pfnlimit);
	ssize_t r;

	if (fd < 0) {
		printf("LHREQ_INITIALIZE with pfnlimit %#x: %s\n", pfnlimit,
		       strerror(-fd));
		return fd;
	}
	printf("LHREQ_INITIALIZE with pfnlimit %#x: accepted\n", pfnlimit);
	if (run_until(fd, "dmax: bound") < 0)
		die("run");
	r = wr(fd, LHREQ_GETDMA, key);
	printf("LHREQ_GETDMA %#x: write() returned %zd (%#x)\n", key, r,
	       (uint32_t)r);
	close(fd);
	return r == (ssize_t)want ? 0 : 1;
}

static int getdma_high(const char *high, const char *low)
{
	int r;

	map_memory(GPA_2G + PAGE, NULL);
	r = getdma(high, (GPA_2G + PAGE) / PAGE, GPA_2G + 8, GPA_2G + 0x100);
	if (r >= 0) {
		printf("a Guest address past 2 GiB: no write() result can say it\n");
		return 1;
	}
	if (r != -EINVAL)
		return 1;
	/* Up to 2 GiB is fine, and the address comes back positive. */
	return getdma(low, GPA_2G / PAGE, GPA_2G - PAGE + 8,
		      GPA_2G - PAGE + 0x100) ? 1 : 0;
}

static int wake_storm(const char *recv, const char *send, const char *lgrun,
		      const char *file)
{
	struct rusage before, after;
	pid_t sender;
	long woken;
	int fd, st;

	unlink(file);
	map_memory(MAP_SIZE, file);
	fd = start_guest(recv, MAP_SIZE / PAGE);
	if (fd < 0 || run_until(fd, "receiver ready") < 0)
		die("receiver");
	/*
	 * We are out of read(), as a Launcher is while it serves a device,
	 * and now sleep in waitpid() while the sender floods our Guest.
	 */
	sender = spawn_lgrun(lgrun, file, send);
	getrusage(RUSAGE_SELF, &before);
	waitpid(sender, &st, 0);
	getrusage(RUSAGE_SELF, &after);
	woken = after.ru_nvcsw - before.ru_nvcsw;
	printf("sender exit %d; we slept in waitpid() and were woken %ld times\n",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1, woken);
	close(fd);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return 2;
	return woken <= 10 ? 0 : 1;
}

static int failures;

/* One request's outcome against what it should be (0: success). */
static void expect(const char *what, ssize_t r, int want_errno)
{
	int ok = want_errno ? (r < 0 && errno == want_errno) : r >= 0;

	printf("%-52s %s (%zd, %s)\n", what, ok ? "ok" : "WRONG", r,
	       r < 0 ? strerror(errno) : "-");
	if (!ok)
		failures++;
}

/*
 * An accepted Guest with nothing sensible to run: it must die (read()
 * says ENOENT, then gives the reason) or at worst spin until our alarm;
 * either way close() must free it.
 */
static void run_briefly(int fd, const char *what)
{
	char reason[200] = "";
	ssize_t n;

	alarm(3);
	n = read(fd, reason, sizeof(reason));
	alarm(0);
	if (n < 0 && errno == ENOENT) {
		n = read(fd, reason, sizeof(reason) - 1);
		printf("  %s: the Guest died: %s\n", what, n > 0 ? reason : "?");
	} else if (n < 0 && errno == EINTR) {
		printf("  %s: the Guest ran until our alarm\n", what);
	} else if (n == 8) {
		printf("  %s: the Guest ran and sent us a DMA\n", what);
	} else {
		printf("  %s: read() returned %zd (%s)\n", what, n,
		       n < 0 ? strerror(errno) : "-");
		failures++;
	}
	close(fd);
}

static void no_restart_alarm(void)
{
	struct sigaction sa;

	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL);
}

static int initialize(const char *elf)
{
	static const struct {
		const char *what;
		uint32_t nargs, pfnlimit, pgdir, start, page_offset;
		int err;
	} c[] = {
		{ "no arguments", 0, 4096, 0xFFF000, 0x100000, 0xC0000000, EINVAL },
		{ "three arguments", 3, 4096, 0xFFF000, 0x100000, 0xC0000000, EINVAL },
		{ "pfnlimit 0", 4, 0, 0, 0x100000, 0xC0000000, EINVAL },
		{ "pfnlimit 0xFFFFFFFF", 4, 0xFFFFFFFF, 0xFFF000, 0, 0xC0000000, EINVAL },
		{ "pfnlimit past 2 GiB", 4, 0x80001, 0xFFF000, 0, 0xC0000000, EINVAL },
		{ "pgdir 0xFFFFF000", 4, 4096, 0xFFFFF000, 0, 0xC0000000, EINVAL },
		{ "pgdir unaligned", 4, 4096, 0xFFF004, 0, 0xC0000000, EINVAL },
		{ "pgdir at pfnlimit", 4, 4096, 0x1000000, 0, 0xC0000000, EINVAL },
		{ "page_offset in the Switcher", 4, 4096, 0xFFF000, 0, 0xFFC00000, EINVAL },
		{ "page_offset unaligned", 4, 4096, 0xFFF000, 0, 0xC0001000, EINVAL },
		{ "page_offset 0xFFFFFFFF", 4, 4096, 0xFFF000, 0, 0xFFFFFFFF, EINVAL },
		{ "one page, pgdir 0, start 0", 4, 1, 0, 0, 0xC0000000, 0 },
		{ "page_offset 0", 4, 4096, 0xFFF000, 0x100000, 0, 0 },
		{ "page_offset just below the Switcher", 4, 4096, 0xFFF000, 0x100000, 0xFF800000, 0 },
		{ "start 0xFFFFFFFF", 4, 4096, 0xFFF000, 0xFFFFFFFF, 0xC0000000, 0 },
		{ "start in the Switcher", 4, 4096, 0xFFF000, 0xFFC00000, 0xC0000000, 0 },
		{ "start 0", 4, 4096, 0xFFF000, 0, 0xC0000000, 0 },
	};
	uint32_t req[1024] = { LHREQ_INITIALIZE };
	unsigned int i;
	int fd, first;
	ssize_t r;

	map_memory(MAP_SIZE, NULL);
	no_restart_alarm();
	/* A sane Guest first, so its page tables are in memory. */
	first = start_guest(elf, MAP_SIZE / PAGE);
	if (first < 0)
		die("LHREQ_INITIALIZE of a sane Guest");
	close(first);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		fd = open("/dev/lguest", O_RDWR);
		if (fd < 0)
			die("/dev/lguest");
		req[1] = c[i].pfnlimit;
		req[2] = c[i].pgdir;
		req[3] = c[i].start;
		req[4] = c[i].page_offset;
		r = write(fd, req, (1 + c[i].nargs) * 4);
		expect(c[i].what, r, c[i].err);
		if (r >= 0)
			run_briefly(fd, c[i].what);
		else
			close(fd);
	}
	/* The arguments straddle the end of our memory. */
	fd = open("/dev/lguest", O_RDWR);
	((uint32_t *)(mem + MAP_SIZE))[-2] = LHREQ_INITIALIZE;
	((uint32_t *)(mem + MAP_SIZE))[-1] = MAP_SIZE / PAGE;
	r = write(fd, mem + MAP_SIZE - 8, 20);
	expect("arguments running off mapped memory", r, EFAULT);
	close(fd);
	/* A huge write: the extra words are ignored. */
	fd = open("/dev/lguest", O_RDWR);
	req[1] = MAP_SIZE / PAGE;
	req[2] = MAP_SIZE - PAGE;
	req[3] = 0x100000;
	req[4] = 0xC0000000;
	r = write(fd, req, sizeof(req));
	expect("INITIALIZE with 4 KiB of arguments", r, 0);
	expect("INITIALIZE again", write(fd, req, 20), EBUSY);
	run_briefly(fd, "4 KiB of arguments");
	printf("%d wrong\n", failures);
	return failures ? 1 : 0;
}

struct race {
	int fd;
	int rounds;
	volatile int done;
	pthread_t owner;
};

/* The second thread: it is not the owner, so only BREAK is allowed. */
static void *intruder(void *arg)
{
	struct race *r = arg;
	char buf[8];
	int i, bad = 0;

	for (i = 0; i < r->rounds; i++) {
		if (wr(r->fd, LHREQ_IRQ, 1) >= 0 || errno != EPERM)
			bad++;
		if (wr(r->fd, LHREQ_GETDMA, 0) >= 0 || errno != EPERM)
			bad++;
		if (read(r->fd, buf, sizeof(buf)) >= 0 || errno != EPERM)
			bad++;
		/* Breaks the owner out of read(); it answers with BREAK 0. */
		if (wr(r->fd, LHREQ_BREAK, 1) != 0)
			bad++;
	}
	r->done = 1;
	if (bad)
		printf("intruder: %d requests had the wrong outcome\n", bad);
	failures += bad;
	/* Now close the fd while the owner is inside read(). */
	usleep(200000);
	close(r->fd);
	printf("intruder: %d rounds, then closed the fd under read()\n", i);
	/* That read() goes on until a signal ends it. */
	usleep(200000);
	pthread_kill(r->owner, SIGALRM);
	return NULL;
}

static int threads(const char *spinner)
{
	struct race r = { .rounds = 300 };
	char buf[8];
	pthread_t t;
	int breaks = 0;
	ssize_t n;

	map_memory(MAP_SIZE, NULL);
	no_restart_alarm();
	r.fd = start_guest(spinner, MAP_SIZE / PAGE);
	if (r.fd < 0)
		die("LHREQ_INITIALIZE");
	r.owner = pthread_self();
	pthread_create(&t, NULL, intruder, &r);
	alarm(60);
	for (;;) {
		n = read(r.fd, buf, sizeof(buf));
		if (n < 0 && errno == EAGAIN) {
			breaks++;
			if (wr(r.fd, LHREQ_BREAK, 0) != 0)
				failures++;
			continue;
		}
		if (n < 0 && errno == EBADF)
			break;	/* the fd is gone: our next read() said so */
		if (n < 0 && errno == EINTR && r.done) {
			alarm(0);
			continue;
		}
		printf("owner: read() returned %zd (%s)\n", n,
		       n < 0 ? strerror(errno) : "-");
		failures++;
		break;
	}
	pthread_join(t, NULL);
	printf("owner: broken out %d times, then EBADF once the fd was closed\n",
	       breaks);
	if (breaks < r.rounds / 2)
		failures++;
	printf("%d wrong\n", failures);
	return failures ? 1 : 0;
}

static int break_race(const char *spinner)
{
	struct itimerval tick = { { 0, 10000 }, { 0, 10000 } }, off = { { 0, 0 }, { 0, 0 } };
	int fd, k, st, left = 4, breaks = 0, i;
	pid_t wakers[4];
	char buf[8];
	ssize_t n;

	map_memory(MAP_SIZE, NULL);
	no_restart_alarm();
	fd = start_guest(spinner, MAP_SIZE / PAGE);
	if (fd < 0)
		die("LHREQ_INITIALIZE");
	for (k = 0; k < 4; k++) {
		wakers[k] = fork();
		if (wakers[k] == 0) {
			int bad = 0;

			for (i = 0; i < 200; i++)
				if (wr(fd, LHREQ_BREAK, 1) != 0)
					bad++;
			_exit(bad ? 1 : 0);
		}
	}
	/* A 10 ms tick ends read()s of the spinning Guest now and then. */
	setitimer(ITIMER_REAL, &tick, NULL);
	for (i = 0; left && i < 200000; i++) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EAGAIN) {
			breaks++;
			if (wr(fd, LHREQ_BREAK, 0) != 0)
				failures++;
		} else if (!(n < 0 && errno == EINTR)) {
			printf("read() returned %zd (%s)\n", n,
			       n < 0 ? strerror(errno) : "-");
			failures++;
			break;
		}
		for (k = 0; k < 4; k++) {
			if (wakers[k] && waitpid(wakers[k], &st, WNOHANG) == wakers[k]) {
				if (!WIFEXITED(st) || WEXITSTATUS(st))
					failures++;
				wakers[k] = 0;
				left--;
			}
		}
	}
	setitimer(ITIMER_REAL, &off, NULL);
	printf("4 Wakers x 200 BREAKs: %d still blocked, %d EAGAINs answered\n",
	       left, breaks);
	for (k = 0; k < 4; k++)
		if (wakers[k]) {
			kill(wakers[k], SIGKILL);
			waitpid(wakers[k], &st, 0);
			failures++;
		}
	alarm(1);
	expect("the Guest still runs", read(fd, buf, sizeof(buf)), EINTR);
	close(fd);
	printf("%d wrong\n", failures);
	return failures ? 1 : 0;
}

/* Everything a process that is not the owner may try. */
static void not_owner(int fd, const char *who)
{
	char buf[64], what[96];
	uint32_t req[5] = { LHREQ_INITIALIZE, 4096, 0xFFF000, 0, 0xC0000000 };

	snprintf(what, sizeof(what), "%s: read()", who);
	expect(what, read(fd, buf, sizeof(buf)), EPERM);
	snprintf(what, sizeof(what), "%s: LHREQ_IRQ", who);
	expect(what, wr(fd, LHREQ_IRQ, 1), EPERM);
	snprintf(what, sizeof(what), "%s: LHREQ_GETDMA", who);
	expect(what, wr(fd, LHREQ_GETDMA, 0), EPERM);
	snprintf(what, sizeof(what), "%s: LHREQ_INITIALIZE", who);
	expect(what, write(fd, req, sizeof(req)), EBUSY);
	snprintf(what, sizeof(what), "%s: LHREQ_BREAK 0", who);
	expect(what, wr(fd, LHREQ_BREAK, 0), 0);
}

static void send_fd(int sock, int fd)
{
	char c = 0, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	if (sendmsg(sock, &m, 0) != 1)
		die("sendmsg");
}

static int recv_fd(int sock)
{
	char c, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	int fd;

	if (recvmsg(sock, &m, 0) != 1 || !CMSG_FIRSTHDR(&m))
		die("recvmsg");
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(int));
	return fd;
}

/* Run @fn in a child and count its failures as ours. */
static void in_child(void (*fn)(const char *, const char *, int), const char *a,
		     const char *b, int fd)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		fn(a, b, fd);
		exit(failures ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		failures++;
}

static void forked(const char *a, const char *b, int fd)
{
	(void)a; (void)b;
	not_owner(fd, "forked child");
}

static void execed(const char *self, const char *b, int fd)
{
	char arg[16];

	(void)b;
	snprintf(arg, sizeof(arg), "%d", fd);
	execl(self, self, "not-owner", arg, (char *)NULL);
	_exit(2);
}

static int others(const char *spinner, const char *self)
{
	int sv[2], fd, st;
	pid_t pid, owner;
	char buf[8];

	map_memory(MAP_SIZE, NULL);
	no_restart_alarm();
	/* A process that had nothing to do with us gets the fd later. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair");
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		not_owner(recv_fd(sv[1]), "process given the fd");
		exit(failures ? 1 : 0);
	}
	close(sv[1]);

	fd = start_guest(spinner, MAP_SIZE / PAGE);
	if (fd < 0)
		die("LHREQ_INITIALIZE");
	alarm(1);
	expect("owner: read() runs the Guest until our alarm",
	       read(fd, buf, sizeof(buf)), EINTR);
	in_child(forked, NULL, NULL, fd);
	in_child(execed, self, NULL, fd);
	send_fd(sv[0], fd);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		failures++;
	alarm(1);
	expect("owner: still runs its Guest", read(fd, buf, sizeof(buf)), EINTR);
	close(fd);

	/* The owner exits, another process still holds the fd. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair");
	owner = fork();
	if (owner == 0) {
		fd = start_guest(spinner, MAP_SIZE / PAGE);
		alarm(1);
		read(fd, buf, sizeof(buf));
		send_fd(sv[1], fd);
		exit(0);
	}
	fd = recv_fd(sv[0]);
	waitpid(owner, &st, 0);
	not_owner(fd, "after the owner exited");
	close(fd);
	printf("%d wrong\n", failures);
	return failures ? 1 : 0;
}

/* lgattack ram: the window ramprobe.elf uses. */
#define RAM_WINDOW	0x800000u
#define RAM_SIZE	(256 * PAGE)
#define RAM_SUM		0x107f80u	/* sum of 0x1000 + i, i < 256 */

static const char *ram_how, *ram_file;
static int ram_fd = -1;
static volatile bool ram_attacked;	/* the attack's call has returned */

/* FILE as ro-file and truncate want it: page i starts with 0x1000 + i. */
static void ram_make_file(void)
{
	uint32_t i, word;
	int fd = open(ram_file, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || ftruncate(fd, RAM_SIZE) < 0)
		die(ram_file);
	for (i = 0; i < RAM_SIZE / PAGE; i++) {
		word = 0x1000 + i;
		if (pwrite(fd, &word, 4, i * PAGE) != 4)
			die("pwrite");
	}
	close(fd);
}

/* Map FILE over the window, read-only or shared writable. */
static void ram_map_file(bool writable)
{
	ram_fd = open(ram_file, writable ? O_RDWR : O_RDONLY);
	if (ram_fd < 0 ||
	    mmap(mem + RAM_WINDOW, RAM_SIZE,
		 writable ? PROT_READ | PROT_WRITE : PROT_READ,
		 MAP_SHARED | MAP_FIXED, ram_fd, 0) != mem + RAM_WINDOW)
		die(ram_file);
}

/* The attack itself, from a second thread while the Guest runs. */
static void *ram_attack(void *arg)
{
	int fd;

	(void)arg;
	usleep(300000);
	if (!strcmp(ram_how, "munmap")) {
		if (munmap(mem + RAM_WINDOW, RAM_SIZE))
			die("munmap");
	} else if (!strcmp(ram_how, "prot-none")) {
		if (mprotect(mem + RAM_WINDOW, RAM_SIZE, PROT_NONE))
			die("mprotect");
	} else if (!strcmp(ram_how, "prot-read")) {
		if (mprotect(mem + RAM_WINDOW, RAM_SIZE, PROT_READ))
			die("mprotect");
	} else if (!strcmp(ram_how, "map-empty")) {
		fd = open(ram_file, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || mmap(mem + RAM_WINDOW, RAM_SIZE,
				   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
				   fd, 0) != mem + RAM_WINDOW)
			die("mmap an empty file");
		close(fd);
	} else if (!strcmp(ram_how, "truncate")) {
		if (ftruncate(ram_fd, 0))
			die("ftruncate");
	}
	__atomic_store_n(&ram_attacked, true, __ATOMIC_RELEASE);
	printf("lgattack: %s done while the Guest runs\n", ram_how);
	return NULL;
}

static int ram(const char *how, const char *guest, const char *file)
{
	bool before = !strcmp(how, "none-first") || !strcmp(how, "ro-file");
	char reason[256] = "", line[64];
	pthread_t t;
	uint32_t sum, j, buf[RAM_SIZE / PAGE];
	int fd, err, i;

	ram_how = how;
	ram_file = file;
	map_memory(MAP_SIZE, NULL);
	if (!strcmp(how, "ro-file") || !strcmp(how, "truncate")) {
		ram_make_file();
		ram_map_file(!strcmp(how, "truncate"));
	} else if (!strcmp(how, "none-first")) {
		if (mprotect(mem + RAM_WINDOW, RAM_SIZE, PROT_NONE))
			die("mprotect");
	}
	fd = start_guest(guest, MAP_SIZE / PAGE);
	if (fd < 0) {
		errno = -fd;
		die("LHREQ_INITIALIZE");
	}
	err = run_until(fd, "ramprobe: writing");
	if (!err && !before) {
		time_t give_up = time(NULL) + 60;
		bool after = false;

		if (pthread_create(&t, NULL, ram_attack, NULL))
			die("pthread_create");
		/*
		 * The Guest keeps sweeping until the Host stops it.  Once the
		 * munmap() (or mprotect(), ...) has returned, the Guest must
		 * not write the window even once more: if it was done before
		 * this turn began, the Guest may not reach its next message.
		 */
		for (i = 0; !err && !after && time(NULL) < give_up;) {
			after = __atomic_load_n(&ram_attacked,
						__ATOMIC_ACQUIRE);
			i += !after;
			err = run_until(fd, "still running");
		}
		pthread_join(t, NULL);
		printf("lgattack: %d turns of 16 sweeps began before the %s "
		       "returned\n", i, ram_how);
		if (!err && after)
			printf("lgattack: the Guest ran on after the %s "
			       "had returned\n", ram_how);
	} else if (!err) {
		for (i = 0; i < 200 && !err; i++)
			err = run_until(fd, "still running");
	}
	if (err != -ENOENT) {
		printf("lgattack: the Guest was not stopped (%s)\n",
		       err ? strerror(-err) : "it kept running");
		return 1;
	}
	if (read(fd, reason, sizeof(reason) - 1) < 0)
		die("read reason");
	printf("lgattack: Guest killed: %s\n", reason);
	close(fd);
	if (!strstr(reason, "cannot map guest page"))
		return 1;

	/* What the file holds now: nothing of the Guest's. */
	if (!strcmp(how, "ro-file") || !strcmp(how, "truncate")) {
		fd = open(file, O_RDWR);
		if (fd < 0 || ftruncate(fd, RAM_SIZE) < 0)
			die(file);
		for (j = 0, sum = 0; j < RAM_SIZE / PAGE; j++) {
			if (pread(fd, &buf[j], 4, j * PAGE) != 4)
				die("pread");
			sum += buf[j];
		}
		close(fd);
		snprintf(line, sizeof(line), "%s", !strcmp(how, "ro-file") ?
			 "the file as it was" : "zeros (truncated)");
		printf("lgattack: the file's pages sum to %#x: wanted %s\n",
		       sum, line);
		if (sum != (!strcmp(how, "ro-file") ? RAM_SUM : 0))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "short-read"))
		return short_read(argv[2]);
	if (argc == 6 && !strcmp(argv[1], "break-dead"))
		return break_dead(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 4 && !strcmp(argv[1], "getdma-high"))
		return getdma_high(argv[2], argv[3]);
	if (argc == 6 && !strcmp(argv[1], "wake-storm"))
		return wake_storm(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 3 && !strcmp(argv[1], "initialize"))
		return initialize(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "threads"))
		return threads(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "break-race"))
		return break_race(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "others"))
		return others(argv[2], argv[3]);
	if (argc == 5 && !strcmp(argv[1], "ram"))
		return ram(argv[2], argv[3], argv[4]);
	if (argc == 3 && !strcmp(argv[1], "not-owner")) {
		not_owner(atoi(argv[2]), "exec()ed child");
		return failures ? 1 : 0;
	}
	fprintf(stderr, "usage: see the top of lgattack.c\n");
	return 2;
}
