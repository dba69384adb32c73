// SPDX-License-Identifier: GPL-2.0
/*
 * lgrun - a minimal test launcher for the lguest Host.
 *
 * It does just enough to run the tiny test guests in this directory:
 * guest RAM at user address 0 (guest-physical == our virtual address),
 * the ELF's PT_LOAD segments at their physical addresses, page tables that
 * map all of RAM twice (identity and at page_offset), LHREQ_INITIALIZE and a
 * read() loop.  DMA sends are printed (that is the guests' console).
 *
 *	lgrun [-m MiB] [-t seconds] [-i irq] [-L] [-P page_offset] guest.elf
 *	lgrun --api		check /dev/lguest's error handling
 *
 * Exit status: 0 if the guest ended with "CRASH: Power down", 1 if it died
 * for another reason (printed as "lgrun: guest died: REASON"), 2 on a
 * launcher error, 3 on timeout.
 *
 * The Guest's FPU state is our thread's own (the Host runs the Guest with
 * the registers of the task that reads /dev/lguest), so the x87 and SSE
 * state we see after a read() is the Guest's, and whatever we change
 * between reads the Guest sees.  We only print between reads.
 *
 * Build: gcc -m32 -static -O2 -Ilinux/include/uapi
 *	  -Wl,-Ttext-segment=0xb0000000 -o lgrun lgrun.c
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/ldt.h>
#include <linux/capability.h>
#include <linux/lguest_launcher.h>

#define PAGE	4096u
#define PGDIR_SHIFT 22

static volatile sig_atomic_t timed_out;
static int verbose;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/*
 * -L: give up CAP_IPC_LOCK, so the Host holds our pins of Guest memory to
 * our RLIMIT_MEMLOCK as it would for any Launcher without that privilege.
 */
static void drop_ipc_lock(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct c[2];
	uint32_t bit = 1u << CAP_IPC_LOCK;

	if (syscall(SYS_capget, &h, c))
		die("capget");
	c[0].effective &= ~bit;
	c[0].permitted &= ~bit;
	c[0].inheritable &= ~bit;
	if (syscall(SYS_capset, &h, c))
		die("capset");
}

/* Load the ELF into guest memory; returns entry, sets *page_offset. */
static uint32_t load_elf(const char *path, uint8_t *mem, uint32_t memsize,
			 uint32_t *page_offset)
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	int fd = open(path, O_RDONLY), i, seen = 0;

	if (fd < 0)
		die(path);
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_machine != EM_386) {
		fprintf(stderr, "lgrun: %s: not an i386 ELF\n", path);
		exit(2);
	}
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * eh.e_phentsize)
		    != sizeof(ph))
			die("pread");
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_paddr + ph.p_memsz > memsize || ph.p_paddr < PAGE) {
			fprintf(stderr, "lgrun: segment outside guest RAM\n");
			exit(2);
		}
		if (pread(fd, mem + ph.p_paddr, ph.p_filesz, ph.p_offset) !=
		    (ssize_t)ph.p_filesz)
			die("pread");
		if (!seen++)
			*page_offset = ph.p_vaddr - ph.p_paddr;
	}
	close(fd);
	return eh.e_entry;
}

/*
 * Page tables at the top of guest RAM: one page table per 4 MiB, then the
 * directory.  As the real Launcher does: directory entries present,
 * writable and user (0x7), table entries present and writable (0x3), so
 * nothing is reachable from user mode.  The Host sets accessed/dirty.
 */
static uint32_t build_pagetables(uint8_t *mem, uint32_t memsize,
				 uint32_t page_offset)
{
	uint32_t nptes = (memsize + (1u << PGDIR_SHIFT) - 1) >> PGDIR_SHIFT;
	uint32_t pgdir = memsize - PAGE, ptes = pgdir - nptes * PAGE, i;
	uint32_t *pd = (uint32_t *)(mem + pgdir);
	uint32_t *pt = (uint32_t *)(mem + ptes);

	for (i = 0; i < memsize / PAGE; i++)
		pt[i] = i * PAGE | 0x3;
	for (i = 0; i < nptes; i++) {
		pd[i] = (ptes + i * PAGE) | 0x7;
		pd[(page_offset >> PGDIR_SHIFT) + i] = (ptes + i * PAGE) | 0x7;
	}
	return pgdir;
}

/* A SEND_DMA to us: print the buffer, say we took it all. */
static void service_dma(uint8_t *mem, uint32_t memsize, uint32_t dma_gpa)
{
	struct lguest_dma *dma;
	uint32_t total = 0;
	int i;

	if (dma_gpa + sizeof(*dma) > memsize || dma_gpa + sizeof(*dma) < dma_gpa) {
		fprintf(stderr, "lgrun: bad DMA address %#x\n", dma_gpa);
		exit(2);
	}
	dma = (struct lguest_dma *)(mem + dma_gpa);
	if (verbose)
		fprintf(stderr, "lgrun: dma %#x: addr %#x len %u\n", dma_gpa,
			dma->addr[0], dma->len[0]);
	for (i = 0; i < LGUEST_MAX_DMA_SECTIONS && dma->len[i]; i++) {
		if (dma->addr[i] + dma->len[i] > memsize)
			break;
		fwrite(mem + dma->addr[i], 1, dma->len[i], stdout);
		total += dma->len[i];
	}
	fflush(stdout);
	dma->used_len = total;
}

static int wr(int fd, uint32_t *req, int n)
{
	return write(fd, req, n * sizeof(uint32_t));
}

/* The guest-physical page "-s FILE" maps the file's first page over. */
#define SHARED_GPA	0x300000

/*
 * Echo mode (-e): a DMA to any key but the console's is handed back to the
 * Guest, into the buffer it bound at the same key: LHREQ_GETDMA finds that
 * buffer (and stores its irq in used_len), we copy, fill in used_len and
 * raise the irq.  No free buffer: the sender's used_len stays 0.
 */
static void echo_dma(int fd, uint8_t *mem, uint32_t memsize, uint32_t dma_gpa,
		     uint32_t key)
{
	struct lguest_dma *src = (struct lguest_dma *)(mem + dma_gpa), *dst;
	uint32_t req[2] = { LHREQ_GETDMA, key }, irq, total = 0;
	int si, di = 0;
	ssize_t r;

	src->used_len = 0;
	r = write(fd, req, sizeof(req));
	if (r == -1) {
		fprintf(stderr, "lgrun: GETDMA %#x: %s\n", key, strerror(errno));
		return;
	}
	if ((uint32_t)r + sizeof(*dst) > memsize)
		die("GETDMA returned a bad address");
	dst = (struct lguest_dma *)(mem + (uint32_t)r);
	irq = dst->used_len;
	/* Section by section; each test buffer fits in one. */
	for (si = 0; si < LGUEST_MAX_DMA_SECTIONS && src->len[si]; si++) {
		if (!dst->len[di] || src->len[si] > dst->len[di] ||
		    src->addr[si] + src->len[si] > memsize ||
		    dst->addr[di] + dst->len[di] > memsize)
			die("echo: buffers do not fit");
		memcpy(mem + dst->addr[di], mem + src->addr[si], src->len[si]);
		total += src->len[si];
		di++;
	}
	dst->used_len = total;
	src->used_len = total;
	req[0] = LHREQ_IRQ;
	req[1] = irq;
	if (write(fd, req, sizeof(req)) < 0)
		die("LHREQ_IRQ (echo)");
}

static int failures;

static void expect(const char *what, int ret, int want_errno)
{
	int ok = want_errno ? (ret < 0 && errno == want_errno) : ret >= 0;

	printf("api: %-40s %s (ret %d, %s)\n", what, ok ? "ok" : "FAIL", ret,
	       ret < 0 ? strerror(errno) : "-");
	if (!ok)
		failures++;
}

/* Exercise the error paths of /dev/lguest.  Needs guest RAM mapped. */
static int api_test(uint8_t *mem, uint32_t memsize)
{
	uint32_t pgdir = build_pagetables(mem, memsize, 0xC0000000);
	uint32_t lim = memsize / PAGE, req[5], buf[64];
	int fd = open("/dev/lguest", O_RDWR), fd2, fds[17], i, n, st;
	pid_t pid;
	void *volatile bad;

	if (fd < 0)
		die("/dev/lguest");
	expect("read before INITIALIZE", read(fd, buf, 8), EINVAL);
	req[0] = LHREQ_IRQ; req[1] = 1;
	expect("IRQ before INITIALIZE", wr(fd, req, 2), EINVAL);
	expect("short write", write(fd, req, 2), EINVAL);
	bad = (void *)0xF0000000ul;
	expect("bad pointer", write(fd, bad, 20), EFAULT);
	req[0] = LHREQ_INITIALIZE;
	req[1] = 0; req[2] = pgdir; req[3] = 0x100000; req[4] = 0xC0000000;
	expect("INITIALIZE pfnlimit 0", wr(fd, req, 5), EINVAL);
	req[1] = lim; req[2] = pgdir + 4;
	expect("INITIALIZE unaligned pgdir", wr(fd, req, 5), EINVAL);
	req[2] = memsize;
	expect("INITIALIZE pgdir beyond limit", wr(fd, req, 5), EINVAL);
	req[2] = pgdir; req[4] = 0xFFC00000;
	expect("INITIALIZE page_offset in switcher", wr(fd, req, 5), EINVAL);
	expect("INITIALIZE short", wr(fd, req, 3), EINVAL);
	req[4] = 0xC0000000;
	expect("INITIALIZE good", wr(fd, req, 5), 0);
	expect("INITIALIZE again", wr(fd, req, 5), EBUSY);
	req[0] = LHREQ_IRQ; req[1] = 32;
	expect("IRQ 32", wr(fd, req, 2), EINVAL);
	req[1] = 5;
	expect("IRQ 5", wr(fd, req, 2), 0);
	expect("IRQ without argument", wr(fd, req, 1), EINVAL);
	req[0] = LHREQ_GETDMA; req[1] = 0;
	expect("GETDMA (no bindings)", wr(fd, req, 2), ENOENT);
	req[0] = 7;
	expect("unknown request", wr(fd, req, 2), EINVAL);

	/* Another process may only BREAK. */
	pid = fork();
	if (pid == 0) {
		req[0] = LHREQ_IRQ; req[1] = 1;
		if (wr(fd, req, 2) >= 0 || errno != EPERM)
			_exit(1);
		if (read(fd, buf, 8) >= 0 || errno != EPERM)
			_exit(2);
		req[0] = LHREQ_BREAK; req[1] = 1;
		_exit(wr(fd, req, 2) == 0 ? 0 : 3);	/* blocks */
	}
	/* The child's BREAK makes our read() return EAGAIN. */
	alarm(10);
	n = read(fd, buf, sizeof(buf));
	expect("read during BREAK", n, EAGAIN);
	req[0] = LHREQ_BREAK; req[1] = 0;
	expect("BREAK off", wr(fd, req, 2), 0);
	waitpid(pid, &st, 0);
	expect("child: EPERM, EPERM, BREAK returned",
	       WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -1, 0);
	alarm(0);

	/* The guest at 0x100000 has no code: it must die, not us. */
	n = read(fd, buf, sizeof(buf));
	expect("run a guest with no code", n, ENOENT);
	memset(buf, 0, sizeof(buf));
	n = read(fd, buf, sizeof(buf) - 1);
	printf("api: reason: %s\n", n > 0 ? (char *)buf : "?");
	req[0] = LHREQ_IRQ; req[1] = 1;
	expect("IRQ to dead guest", wr(fd, req, 2), ENOENT);

	/* Sixteen guests at once, not seventeen. */
	close(fd);
	req[0] = LHREQ_INITIALIZE;
	req[1] = lim; req[2] = pgdir; req[3] = 0x100000; req[4] = 0xC0000000;
	for (i = 0; i < 17; i++) {
		fds[i] = open("/dev/lguest", O_RDWR);
		n = wr(fds[i], req, 5);
		if (i < 16 && n != 20 - 4)
			expect("INITIALIZE one of 16", n, 0);
	}
	expect("INITIALIZE 17th guest", n, ENOSPC);
	for (i = 0; i < 17; i++)
		close(fds[i]);
	fd2 = open("/dev/lguest", O_RDWR);
	expect("INITIALIZE after close", wr(fd2, req, 5), 0);
	close(fd2);

	printf("api: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}

/*
 * --ldt: give ourselves an LDT (entry 0, a flat 32-bit data segment)
 * before running the Guest, as a Launcher built on a runtime that uses
 * modify_ldt would.  The Guest must not see it.
 */
static void give_ldt(void)
{
	struct user_desc d = {
		.entry_number = 0, .base_addr = 0, .limit = 0xfffff,
		.seg_32bit = 1, .limit_in_pages = 1, .useable = 1,
	};

	if (syscall(SYS_modify_ldt, 1, &d, sizeof(d))) {
		perror("lgrun: modify_ldt");
		exit(2);
	}
}

int main(int argc, char **argv)
{
	uint32_t memsize = 16u << 20, page_offset = 0, entry, pgdir;
	uint32_t req[5], buf[64];
	int fd, opt, timeout = 30, irq = -1, api = 0, echo = 0;
	const char *shared = NULL, *po_arg = NULL;
	struct sigaction sa;
	uint8_t *mem;
	ssize_t n;

	while (argc > 1 && argv[1][0] == '-') {
		opt = argv[1][1];
		if (!strcmp(argv[1], "-v")) {
			verbose = 1;
			argv++, argc--;
			continue;
		}
		if (!strcmp(argv[1], "-e")) {
			echo = 1;
			argv++, argc--;
			continue;
		}
		if (!strcmp(argv[1], "-L")) {
			drop_ipc_lock();
			argv++, argc--;
			continue;
		}
		if (!strcmp(argv[1], "--api")) {
			api = 1;
			argv++, argc--;
			continue;
		}
		if (!strcmp(argv[1], "--ldt")) {
			give_ldt();
			argv++, argc--;
			continue;
		}
		if (argc < 3)
			break;
		if (opt == 'm')
			memsize = atoi(argv[2]) << 20;
		else if (opt == 't')
			timeout = atoi(argv[2]);
		else if (opt == 'i')
			irq = atoi(argv[2]);
		else if (opt == 's')
			shared = argv[2];
		else if (opt == 'P')	/* tell the Host another page_offset */
			po_arg = argv[2];
		argv += 2, argc -= 2;
	}
	if (!api && argc != 2) {
		fprintf(stderr, "usage: lgrun [-v] [-e] [-L] [-m MiB] [-t s] [-i irq] [-s file] [-P po] [--ldt] guest.elf | --api\n");
		return 2;
	}

	mem = mmap(0, memsize, PROT_READ | PROT_WRITE | PROT_EXEC,
		   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem != 0)
		die("mmap guest RAM at 0");

	/* No SA_RESTART: a timeout must interrupt read(). */
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL);
	if (api)
		return api_test(mem, memsize);

	if (shared) {
		/*
		 * A page of a file, mapped shared: two lgruns given the same
		 * file share it, and the Host treats DMA keys in it as
		 * shared between their Guests.
		 */
		int sfd = open(shared, O_RDWR | O_CREAT, 0600);

		if (sfd < 0 || ftruncate(sfd, PAGE) < 0 ||
		    mmap(mem + SHARED_GPA, PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, sfd, 0) != mem + SHARED_GPA)
			die(shared);
		close(sfd);
	}
	entry = load_elf(argv[1], mem, memsize, &page_offset);
	pgdir = build_pagetables(mem, memsize, page_offset);

	fd = open("/dev/lguest", O_RDWR);
	if (fd < 0)
		die("/dev/lguest");
	req[0] = LHREQ_INITIALIZE;
	req[1] = memsize / PAGE;
	req[2] = pgdir;
	req[3] = entry;
	req[4] = po_arg ? strtoul(po_arg, NULL, 0) : page_offset;
	if (wr(fd, req, 5) < 0)
		die("LHREQ_INITIALIZE");

	alarm(timeout);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (verbose)
			fprintf(stderr, "lgrun: read %zd (%s)\n", n,
				n < 0 ? strerror(errno) : "-");
		if (n == 8 && echo && buf[1] != 0) {
			echo_dma(fd, mem, memsize, buf[0], buf[1]);
			continue;
		}
		if (n == 8) {
			service_dma(mem, memsize, buf[0]);
			if (irq >= 0) {
				/* Raise an interrupt after every output. */
				req[0] = LHREQ_IRQ;
				req[1] = irq;
				if (wr(fd, req, 2) < 0)
					die("LHREQ_IRQ");
			}
			continue;
		}
		if (n >= 0) {
			fprintf(stderr, "lgrun: read returned %zd\n", n);
			return 2;
		}
		if (errno == ENOENT)
			break;
		if (errno == EINTR || errno == EAGAIN) {
			if (timed_out) {
				fprintf(stderr, "lgrun: timeout\n");
				return 3;
			}
			continue;
		}
		die("read /dev/lguest");
	}
	memset(buf, 0, sizeof(buf));
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		die("read reason");
	printf("lgrun: guest died: %s\n", (char *)buf);
	return strcmp((char *)buf, "CRASH: Power down") ? 1 : 0;
}
