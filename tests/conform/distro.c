// SPDX-License-Identifier: GPL-2.0
/*
 * distro: what stock distribution programs expect of a kernel beyond the
 * basics: SysV IPC, POSIX message queues, AIO and io_uring, PI futexes,
 * ioperm/iopl, namespaces and cgroups, ext4 on a loop device, overlayfs,
 * inotify, file handles, IPv6.  Like conform.c, the same static i386
 * binary runs natively on the Host and inside a Guest, and every line
 * must come out the same (tests/vm/conform.sh diffs them), so a line
 * prints only outcomes a correct kernel makes deterministic.
 *
 * It runs as root and leaves no trace: every mount, namespace, IPC object
 * and file it makes is undone before it moves on.
 *
 * Argument: the ext4 image to mount (tests/conform/build.sh makes it, with
 * one file "hello" in it); it is copied to /tmp first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/aio_abi.h>
#include <linux/futex.h>
#include <linux/io_uring.h>
#include <linux/loop.h>
#include <sys/inotify.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static void say(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("CONFORM %-24s ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* "0" for success, else the errno's name-free number. */
static int err(long ret)
{
	return ret < 0 ? errno : 0;
}

/* Run fn in a child; its exit status is the result. */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok;

	if (fd < 0)
		return errno;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : EIO;
}

/* The file's first line, or "(errno N)". */
static const char *read_file(const char *path)
{
	static char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		snprintf(buf, sizeof(buf), "(errno %d)", errno);
		return buf;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

/* ---- SysV IPC: shared memory and a semaphore between two processes. */

static void sysv(void)
{
	struct sembuf up = { 0, 1, 0 }, down = { 0, -1, 0 };
	struct sembuf try = { 0, -1, IPC_NOWAIT };
	struct { long type; char text[16]; } msg = { 5, "queued" }, got;
	struct shmid_ds ds;
	int shm, sem, mq, st;
	volatile int *p;
	long r;
	pid_t pid;

	shm = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
	sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	say("sysv-get", "%d %d", shm < 0 ? errno : 0, sem < 0 ? errno : 0);
	if (shm < 0 || sem < 0)
		return;
	p = shmat(shm, NULL, 0);
	say("shmat", "%s", p == (void *)-1 ? strerror(errno) : "attached");
	if (p == (void *)-1)
		return;
	p[0] = 0;
	say("semctl-setval", "%d", err(semctl(sem, 0, SETVAL, 0)));
	pid = fork();
	if (pid == 0) {
		/* The child writes through its own attachment, then posts. */
		p[0] = 12345;
		p[2047] = 678;
		_exit(semop(sem, &up, 1) ? 1 : 0);
	}
	say("semop-wait", "%d", err(semop(sem, &down, 1)));
	say("shm-seen", "%d %d", p[0], p[2047]);
	waitpid(pid, &st, 0);
	say("semop-nowait-empty", "%d", err(semop(sem, &try, 1)));
	say("semctl-getval", "%d", semctl(sem, 0, GETVAL));
	shmctl(shm, IPC_STAT, &ds);
	say("shm-stat", "size=%lu nattch=%lu", (unsigned long)ds.shm_segsz,
	    (unsigned long)ds.shm_nattch);
	say("shmdt", "%d", err(shmdt((void *)p)));
	say("shm-rmid", "%d", err(shmctl(shm, IPC_RMID, NULL)));
	say("sem-rmid", "%d", err(semctl(sem, 0, IPC_RMID)));

	mq = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	say("msgsnd", "%d", err(msgsnd(mq, &msg, sizeof(msg.text), 0)));
	memset(&got, 0, sizeof(got));
	r = msgrcv(mq, &got, sizeof(got.text), 5, 0);
	say("msgrcv", "%ld %ld %s", r, got.type, got.text);
	say("msg-rmid", "%d", err(msgctl(mq, IPC_RMID, NULL)));
}

/* ---- POSIX message queues: priority order, attributes, unlink. */

static void posix_mq(void)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	char buf[64];
	unsigned int prio = 0;
	ssize_t n;
	mqd_t q;

	mq_unlink("/conform-distro");
	q = mq_open("/conform-distro", O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	say("mq-open", "%d", q == (mqd_t)-1 ? errno : 0);
	if (q == (mqd_t)-1)
		return;
	mq_send(q, "low", 3, 1);
	mq_send(q, "high", 4, 9);
	mq_getattr(q, &attr);
	say("mq-attr", "maxmsg=%ld msgsize=%ld cur=%ld", attr.mq_maxmsg,
	    attr.mq_msgsize, attr.mq_curmsgs);
	n = mq_receive(q, buf, sizeof(buf), &prio);
	say("mq-first", "%.*s prio=%u", (int)(n > 0 ? n : 0), buf, prio);
	n = mq_receive(q, buf, sizeof(buf), &prio);
	say("mq-second", "%.*s prio=%u", (int)(n > 0 ? n : 0), buf, prio);
	mq_close(q);
	say("mq-unlink", "%d", err(mq_unlink("/conform-distro")));
	say("mq-open-gone", "%d", mq_open("/conform-distro", O_RDWR) == (mqd_t)-1 ?
	    errno : 0);
}

/* ---- Linux AIO: a write and a read back through the kernel's queue. */

static void aio(void)
{
	static char out[4096] __attribute__((aligned(4096)));
	static char in[4096] __attribute__((aligned(4096)));
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	aio_context_t ctx = 0;
	long n;
	int fd;

	say("io-setup", "%d", err(syscall(SYS_io_setup, 8, &ctx)));
	fd = open("/tmp/conform-aio", O_RDWR | O_CREAT | O_TRUNC, 0600);
	memset(out, 'A', sizeof(out));
	memset(&cb, 0, sizeof(cb));
	cb.aio_fildes = fd;
	cb.aio_lio_opcode = IOCB_CMD_PWRITE;
	cb.aio_buf = (uintptr_t)out;
	cb.aio_nbytes = sizeof(out);
	cb.aio_offset = 8192;
	cb.aio_data = 77;
	say("io-submit-write", "%ld", syscall(SYS_io_submit, ctx, 1, cbs));
	memset(&ev, 0, sizeof(ev));
	n = syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL);
	say("io-getevents-write", "%ld data=%llu res=%lld", n,
	    (unsigned long long)ev.data, (long long)ev.res);
	cb.aio_lio_opcode = IOCB_CMD_PREAD;
	cb.aio_buf = (uintptr_t)in;
	syscall(SYS_io_submit, ctx, 1, cbs);
	n = syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL);
	say("io-read-back", "%ld res=%lld same=%d", n, (long long)ev.res,
	    !memcmp(in, out, sizeof(in)));
	say("io-destroy", "%d", err(syscall(SYS_io_destroy, ctx)));
	close(fd);
	unlink("/tmp/conform-aio");
}

/* ---- io_uring: set up a ring, submit a NOP, reap its completion. */

static void uring(void)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqe;
	unsigned int *sq_tail, *sq_array, *cq_head, *cq_tail;
	char *sq, *cq;
	long n;
	int fd;

	memset(&p, 0, sizeof(p));
	fd = syscall(SYS_io_uring_setup, 4, &p);
	say("io-uring-setup", "%d entries=%u", fd < 0 ? errno : 0, p.sq_entries);
	if (fd < 0)
		return;
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		  PROT_READ | PROT_WRITE, MAP_SHARED, fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(*cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED, fd, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
		say("io-uring-mmap", "%d", errno);
		close(fd);
		return;
	}
	sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	sq_array = (unsigned int *)(sq + p.sq_off.array);
	cq_head = (unsigned int *)(cq + p.cq_off.head);
	cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_NOP;
	sqes[0].user_data = 4242;
	sq_array[*sq_tail & *(unsigned int *)(sq + p.sq_off.ring_mask)] = 0;
	__atomic_store_n(sq_tail, *sq_tail + 1, __ATOMIC_RELEASE);
	n = syscall(SYS_io_uring_enter, fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0);
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) +
	      (*cq_head & *(unsigned int *)(cq + p.cq_off.ring_mask));
	say("io-uring-nop", "%ld ready=%u data=%llu res=%d", n,
	    __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) - *cq_head,
	    (unsigned long long)cqe->user_data, cqe->res);
	close(fd);
}

/* ---- A priority-inheritance futex, taken and given back uncontended. */

static void futex_pi(void)
{
	static uint32_t word;
	long r;

	r = syscall(SYS_futex, &word, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	say("futex-lock-pi", "%d owner-is-me=%d", err(r),
	    (word & FUTEX_TID_MASK) == (uint32_t)syscall(SYS_gettid));
	r = syscall(SYS_futex, &word, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
	say("futex-trylock-pi-again", "%d", err(r));
	r = syscall(SYS_futex, &word, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	say("futex-unlock-pi", "%d word=%u", err(r), word);
}

/* ---- ioperm and iopl.  A process granted ports by ioperm() or iopl(3)
 * must find them as on a machine with nothing behind them (in reads all
 * ones, out is dropped), in every form of in/out; a port not granted must
 * give SIGSEGV.  The ports are ones QEMU's pc machine leaves empty (0x80,
 * the POST port, reads all ones too): natively the CPU lets the access
 * through to the empty bus, in a Guest the Guest kernel emulates it. */

static sigjmp_buf jb;
static volatile int got_sig, got_code;

static void catcher(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	siglongjmp(jb, 1);
}

enum io_op {
	IO_INB_80, IO_OUTB_80, IO_INB, IO_INW, IO_INL, IO_OUTB, IO_OUTW,
	IO_OUTL, IO_REP_INSB, IO_REP_INSW, IO_INSL, IO_STD_INSB, IO_REP_OUTSB,
	IO_REP_OUTSL, IO_REP_INSB_0,
};

/*
 * One in/out instruction on @port; the result: the register it read
 * (its other bytes start as 0x12345678's), what a string form left in
 * the buffer and how far it moved %edi/%esi and %ecx, or the signal.
 */
static const char *io_try(enum io_op op, unsigned short port)
{
	static char res[96];
	static unsigned char buf[12];
	struct sigaction sa = { .sa_sigaction = catcher, .sa_flags = SA_SIGINFO };
	/* Static: nothing a siglongjmp() could leave stale in a register. */
	static unsigned char *p;
	static unsigned long n;
	static uint32_t r;
	int i, len;

	memset(buf, 0x11, sizeof(buf));
	p = buf + 2;
	n = 0;
	r = 0x12345678;
	got_sig = 0;
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(jb, 1)) {
		signal(SIGSEGV, SIG_DFL);
		snprintf(res, sizeof(res), "SIGSEGV code=%d", got_code);
		return res;
	}
	switch (op) {
	case IO_INB_80:
		asm volatile("inb $0x80, %%al" : "+a" (r));
		break;
	case IO_OUTB_80:
		asm volatile("outb %%al, $0x80" : : "a" (r));
		break;
	case IO_INB:
		asm volatile("inb %%dx, %%al" : "+a" (r) : "d" (port));
		break;
	case IO_INW:
		asm volatile("inw %%dx, %%ax" : "+a" (r) : "d" (port));
		break;
	case IO_INL:
		asm volatile("inl %%dx, %%eax" : "+a" (r) : "d" (port));
		break;
	case IO_OUTB:
		asm volatile("outb %%al, %%dx" : : "a" (r), "d" (port));
		break;
	case IO_OUTW:
		asm volatile("outw %%ax, %%dx" : : "a" (r), "d" (port));
		break;
	case IO_OUTL:
		asm volatile("outl %%eax, %%dx" : : "a" (r), "d" (port));
		break;
	case IO_REP_INSB:
		n = 4;
		asm volatile("rep insb" : "+D" (p), "+c" (n) : "d" (port)
			     : "memory");
		break;
	case IO_REP_INSW:
		n = 2;
		asm volatile("rep insw" : "+D" (p), "+c" (n) : "d" (port)
			     : "memory");
		break;
	case IO_INSL:
		n = 7;		/* no rep: %ecx is not touched */
		asm volatile("insl" : "+D" (p), "+c" (n) : "d" (port)
			     : "memory");
		break;
	case IO_STD_INSB:
		/* Backwards: two bytes ending at buf[3]. */
		n = 2;
		p = buf + 3;
		asm volatile("std\n\trep insb\n\tcld" : "+D" (p), "+c" (n)
			     : "d" (port) : "memory");
		break;
	case IO_REP_INSB_0:
		asm volatile("rep insb" : "+D" (p), "+c" (n) : "d" (port)
			     : "memory");
		break;
	case IO_REP_OUTSB:
		n = 3;
		asm volatile("rep outsb" : "+S" (p), "+c" (n) : "d" (port)
			     : "memory");
		break;
	case IO_REP_OUTSL:
		n = 2;
		asm volatile("rep outsl" : "+S" (p), "+c" (n) : "d" (port)
			     : "memory");
		break;
	}
	signal(SIGSEGV, SIG_DFL);
	if (op < IO_REP_INSB) {
		snprintf(res, sizeof(res), "%#x", r);
		return res;
	}
	len = snprintf(res, sizeof(res), "ptr%+d ecx=%lu buf=",
		       (int)(p - buf) - 2, n);
	for (i = 0; i < 8; i++)
		len += snprintf(res + len, sizeof(res) - len, "%02x", buf[i]);
	return res;
}

static int port_probe(void)
{
	return strncmp(io_try(IO_INB_80, 0), "SIGSEGV", 7) ? 0 : SIGSEGV;
}

static int ioperm_as_nobody(void)
{
	int a, b;

	if (setresuid(65534, 65534, 65534))
		return 99;
	a = ioperm(0x80, 1, 1) ? errno : 0;
	b = iopl(3) ? errno : 0;
	return a * 10 + b;	/* EPERM, EPERM: 11 */
}

/* A child's view of port 0x2e0: 1 it reads 0xff, 2 SIGSEGV, 3 other. */
static int child_port(void)
{
	const char *r = io_try(IO_INB, 0x2e0);

	return !strcmp(r, "0x123456ff") ? 1 : !strncmp(r, "SIGSEGV", 7) ? 2 : 3;
}

static void ioports(void)
{
	static const struct { const char *name; enum io_op op; int port; } t[] = {
		{ "io-inb-imm",		IO_INB_80,	0x80 },
		{ "io-outb-imm",	IO_OUTB_80,	0x80 },
		{ "io-inb-dx",		IO_INB,		0x2e0 },
		{ "io-inw-dx",		IO_INW,		0x2e2 },
		{ "io-inl-dx",		IO_INL,		0x2e4 },
		{ "io-outb-dx",		IO_OUTB,	0x2e0 },
		{ "io-outw-dx",		IO_OUTW,	0x2e6 },
		{ "io-outl-dx",		IO_OUTL,	0x2e4 },
		{ "io-rep-insb",	IO_REP_INSB,	0x2e0 },
		{ "io-rep-insw",	IO_REP_INSW,	0x2e2 },
		{ "io-insl",		IO_INSL,	0x2e4 },
		{ "io-std-rep-insb",	IO_STD_INSB,	0x2e1 },
		{ "io-rep-insb-ecx0",	IO_REP_INSB_0,	0x2e0 },
		{ "io-rep-outsb",	IO_REP_OUTSB,	0x2e0 },
		{ "io-rep-outsl",	IO_REP_OUTSL,	0x2e4 },
		/* Not granted: 0x2e8, and a dword that runs into it. */
		{ "io-inb-ungranted",	IO_INB,		0x2e8 },
		{ "io-outb-ungranted",	IO_OUTB,	0x2e8 },
		{ "io-inl-straddle",	IO_INL,		0x2e6 },
		{ "io-insb-ungranted",	IO_REP_INSB,	0x2e8 },
		{ "io-outsb-ungranted",	IO_REP_OUTSB,	0x2e8 },
	};
	char name[40];
	unsigned int i;

	say("ioport-unasked", "%s", port_probe() == SIGSEGV ? "SIGSEGV" : "none");
	say("ioport-unasked-inb-dx", "%s", io_try(IO_INB, 0x2e0));
	say("ioperm-iopl-nobody", "%d", in_child(ioperm_as_nobody));
	say("ioperm-root", "%d", err(ioperm(0x80, 1, 1)));
	say("ioport-granted", "%s", port_probe() == SIGSEGV ? "SIGSEGV" : "none");
	say("ioperm-2e0-8", "%d", err(ioperm(0x2e0, 8, 1)));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		say(t[i].name, "%s", io_try(t[i].op, t[i].port));
	say("io-fork-inherits", "%d", in_child(child_port));
	say("ioperm-drop", "%d", err(ioperm(0x80, 1, 0)));
	say("ioport-dropped", "%s", port_probe() == SIGSEGV ? "SIGSEGV" : "none");
	say("ioport-dropped-2e0", "%s", io_try(IO_INB, 0x2e0));
	say("ioperm-drop-2e0", "%d", err(ioperm(0x2e0, 8, 0)));
	say("ioport-dropped-2e4", "%s", io_try(IO_INL, 0x2e4));
	say("io-fork-after-drop", "%d", in_child(child_port));
	/* iopl(3): every port, until iopl(0). */
	say("iopl-3", "%d", err(iopl(3)));
	for (i = 0; i < 3; i++) {
		static const unsigned short port[] = { 0x2e8, 0x2ec, 0xfffc };

		snprintf(name, sizeof(name), "iopl3-inl-%#x", port[i]);
		say(name, "%s", io_try(IO_INL, port[i]));
	}
	say("iopl3-outb-0x2e8", "%s", io_try(IO_OUTB, 0x2e8));
	say("iopl3-rep-insw", "%s", io_try(IO_REP_INSW, 0x2ec));
	say("iopl3-inl-0xfffe", "%s", io_try(IO_INL, 0xfffe));
	say("iopl-3-fork", "%d", in_child(child_port));
	say("iopl-0", "%d", err(iopl(0)));
	say("iopl0-inb", "%s", io_try(IO_INB, 0x2e8));
	say("ioperm-out-of-range", "%d", err(ioperm(0x10000, 1, 1)));
	say("iopl-bad-level", "%d", err(iopl(4)));
	say("vm86", "%d", err(syscall(SYS_vm86old, NULL)));
}

/* ---- Namespaces: a hostname, a PID space and a network of one's own. */

static int uts_child(void)
{
	char name[64];

	if (unshare(CLONE_NEWUTS) || sethostname("conform-ns", 10))
		return 1;
	gethostname(name, sizeof(name));
	return strcmp(name, "conform-ns") ? 2 : 0;
}

static int pid_grandchild(void)
{
	return getpid() == 1 ? 0 : 3;
}

static int pid_child(void)
{
	if (unshare(CLONE_NEWPID))
		return 1;
	return in_child(pid_grandchild);
}

/* A UDP datagram to ourselves over ::1 in a fresh network namespace. */
static int net6_child(void)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(4242),
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct ifreq ifr;
	char buf[8] = "";
	int s;

	if (unshare(CLONE_NEWNET))
		return 1;
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	if (s < 0)
		return 2;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		return 3;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		return 4;
	if (bind(s, (struct sockaddr *)&a, sizeof(a)))
		return 5;
	if (sendto(s, "six", 3, 0, (struct sockaddr *)&a, sizeof(a)) != 3)
		return 6;
	if (recv(s, buf, sizeof(buf), 0) != 3 || memcmp(buf, "six", 3))
		return 7;
	return if_nametoindex("lo") == 1 ? 0 : 8;
}

static void namespaces(void)
{
	char name[64];

	say("uts-ns", "%d", in_child(uts_child));
	gethostname(name, sizeof(name));
	say("uts-ns-outside-kept", "%d", strcmp(name, "conform-ns") != 0);
	say("pid-ns-init", "%d", in_child(pid_child));
	say("net-ns-ipv6-loopback", "%d", in_child(net6_child));
}

/* ---- cgroup v2: the controllers, and a pids limit that holds. */

static int pids_child(void)
{
	char me[16];
	pid_t pid;

	snprintf(me, sizeof(me), "%d", getpid());
	if (write_file("/tmp/conform-cg/g/cgroup.procs", me))
		return 1;
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0) {
		waitpid(pid, NULL, 0);
		return 2;
	}
	return errno == EAGAIN ? 0 : 3;
}

static void cgroups(void)
{
	mkdir("/tmp/conform-cg", 0755);
	say("cgroup2-mount", "%d",
	    err(mount("cgroup2", "/tmp/conform-cg", "cgroup2", 0, NULL)));
	say("cgroup2-controllers", "%s", read_file("/tmp/conform-cg/cgroup.controllers"));
	say("cgroup2-enable-pids", "%d",
	    write_file("/tmp/conform-cg/cgroup.subtree_control", "+pids"));
	say("cgroup2-mkdir", "%d", err(mkdir("/tmp/conform-cg/g", 0755)));
	say("cgroup2-pids-max", "%d", write_file("/tmp/conform-cg/g/pids.max", "1"));
	say("cgroup2-pids-limit", "%d", in_child(pids_child));
	say("cgroup2-rmdir", "%d", err(rmdir("/tmp/conform-cg/g")));
	write_file("/tmp/conform-cg/cgroup.subtree_control", "-pids");
	say("cgroup2-umount", "%d", err(umount("/tmp/conform-cg")));
	rmdir("/tmp/conform-cg");
}

/* ---- ext4 on a loop device: mount, read, write, remount, read back. */

static char loopdev[32];

static int loop_attach(const char *img)
{
	int ctl, n, fd, lo;

	ctl = open("/dev/loop-control", O_RDWR);
	n = ctl < 0 ? -1 : ioctl(ctl, LOOP_CTL_GET_FREE);
	if (ctl >= 0)
		close(ctl);
	if (n < 0)
		return errno;
	snprintf(loopdev, sizeof(loopdev), "/dev/loop%d", n);
	fd = open(img, O_RDWR);
	lo = open(loopdev, O_RDWR);
	if (fd < 0 || lo < 0 || ioctl(lo, LOOP_SET_FD, fd))
		n = errno;
	else
		n = 0;
	if (fd >= 0)
		close(fd);
	if (lo >= 0)
		close(lo);
	return n;
}

static void loop_detach(void)
{
	int lo = open(loopdev, O_RDWR);

	say("loop-detach", "%d", lo < 0 ? errno : err(ioctl(lo, LOOP_CLR_FD, 0)));
	if (lo >= 0)
		close(lo);
}

static void ext4(const char *image)
{
	const char *img = "/tmp/conform-ext4.img";
	char cmd[256];
	int fd;

	snprintf(cmd, sizeof(cmd), "cp %s %s", image, img);
	if (system(cmd)) {
		say("ext4-image", "cannot copy %s", image);
		return;
	}
	say("loop-attach", "%d", loop_attach(img));
	mkdir("/tmp/conform-mnt", 0755);
	say("ext4-mount", "%d", err(mount(loopdev, "/tmp/conform-mnt", "ext4", 0, NULL)));
	say("ext4-read", "%s", read_file("/tmp/conform-mnt/hello"));
	say("ext4-write", "%d", write_file("/tmp/conform-mnt/new", "written in the mount"));
	fd = open("/tmp/conform-mnt/new", O_RDONLY);
	say("ext4-fsync", "%d", err(fsync(fd)));
	close(fd);
	say("ext4-umount", "%d", err(umount("/tmp/conform-mnt")));
	say("ext4-remount-ro", "%d",
	    err(mount(loopdev, "/tmp/conform-mnt", "ext4", MS_RDONLY, NULL)));
	say("ext4-read-back", "%s", read_file("/tmp/conform-mnt/new"));
	say("ext4-ro-write", "%d", write_file("/tmp/conform-mnt/other", "x"));
	umount("/tmp/conform-mnt");
	rmdir("/tmp/conform-mnt");
	loop_detach();
	unlink(img);
}

/* ---- overlayfs: copy-up on write, whiteout on delete, lower untouched. */

static void overlay(void)
{
	struct stat st;

	mkdir("/tmp/conform-ov", 0755);
	mount("tmpfs", "/tmp/conform-ov", "tmpfs", 0, NULL);
	mkdir("/tmp/conform-ov/lower", 0755);
	mkdir("/tmp/conform-ov/upper", 0755);
	mkdir("/tmp/conform-ov/work", 0755);
	mkdir("/tmp/conform-ov/merged", 0755);
	write_file("/tmp/conform-ov/lower/a", "lower a");
	write_file("/tmp/conform-ov/lower/b", "lower b");
	say("overlay-mount", "%d",
	    err(mount("overlay", "/tmp/conform-ov/merged", "overlay", 0,
		      "lowerdir=/tmp/conform-ov/lower,upperdir=/tmp/conform-ov/upper,"
		      "workdir=/tmp/conform-ov/work")));
	say("overlay-read-lower", "%s", read_file("/tmp/conform-ov/merged/a"));
	say("overlay-write", "%d", write_file("/tmp/conform-ov/merged/a", "upper a"));
	say("overlay-merged", "%s", read_file("/tmp/conform-ov/merged/a"));
	say("overlay-upper", "%s", read_file("/tmp/conform-ov/upper/a"));
	say("overlay-lower-kept", "%s", read_file("/tmp/conform-ov/lower/a"));
	say("overlay-unlink", "%d", err(unlink("/tmp/conform-ov/merged/b")));
	say("overlay-whiteout", "%d",
	    !stat("/tmp/conform-ov/upper/b", &st) && S_ISCHR(st.st_mode) && st.st_rdev == 0);
	say("overlay-umount", "%d", err(umount("/tmp/conform-ov/merged")));
	umount("/tmp/conform-ov");
	rmdir("/tmp/conform-ov");
}

/* ---- inotify and file handles. */

static void files(void)
{
	union { struct inotify_event ev; char buf[256]; } u;
	struct { struct file_handle fh; unsigned char data[128]; } h;
	int in, mnt, fd;
	ssize_t n;

	mkdir("/tmp/conform-watch", 0755);
	in = inotify_init1(IN_CLOEXEC);
	say("inotify-add", "%d",
	    inotify_add_watch(in, "/tmp/conform-watch", IN_CREATE) < 0 ? errno : 0);
	write_file("/tmp/conform-watch/born", "x");
	n = read(in, &u, sizeof(u));
	say("inotify-event", "%d create=%d %s", n > 0,
	    n > 0 && (u.ev.mask & IN_CREATE), n > 0 ? u.ev.name : "-");
	close(in);

	write_file("/tmp/conform-watch/handled", "by handle");
	h.fh.handle_bytes = sizeof(h.data);
	say("name-to-handle", "%d",
	    err(name_to_handle_at(AT_FDCWD, "/tmp/conform-watch/handled", &h.fh, &mnt, 0)));
	fd = open("/tmp/conform-watch", O_RDONLY | O_DIRECTORY);
	fd = open_by_handle_at(fd, &h.fh, O_RDONLY);
	if (fd >= 0) {
		char buf[16] = "";

		n = read(fd, buf, sizeof(buf) - 1);
		say("open-by-handle", "%s", n > 0 ? buf : "(empty)");
		close(fd);
	} else {
		say("open-by-handle", "errno %d", errno);
	}
	unlink("/tmp/conform-watch/born");
	unlink("/tmp/conform-watch/handled");
	rmdir("/tmp/conform-watch");
}

static const struct {
	const char *name;
	void (*fn)(void);
} sections[] = {
	{ "sysv", sysv }, { "mq", posix_mq }, { "aio", aio }, { "uring", uring },
	{ "futex_pi", futex_pi }, { "ioports", ioports },
	{ "namespaces", namespaces }, { "cgroups", cgroups },
	{ "overlay", overlay }, { "files", files },
};

/* distro IMAGE [SECTION...]: every section in order, or just those named;
 * "ext4" is the section that mounts IMAGE. */
int main(int argc, char **argv)
{
	unsigned int i;
	int j;

	if (argc < 2) {
		fprintf(stderr, "usage: distro EXT4-IMAGE [SECTION...]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		for (j = 2; j < argc; j++)
			if (!strcmp(argv[j], sections[i].name))
				break;
		if (argc == 2 || j < argc)
			sections[i].fn();
	}
	for (j = 2; j < argc; j++)
		if (!strcmp(argv[j], "ext4"))
			break;
	if (argc == 2 || j < argc)
		ext4(argv[1]);
	say("distro-done", "%d", 1);
	return 0;
}
