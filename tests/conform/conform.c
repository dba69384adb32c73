// SPDX-License-Identifier: GPL-2.0
/*
 * conform: what a kernel must get exactly right at the user/kernel
 * boundary, one line per check.  The same static i386 binary runs on the
 * Host natively and inside an lguest Guest; the lines must be identical
 * (tests/vm/conform.sh diffs them).  So every line prints only what a
 * correct kernel makes deterministic: signal numbers, si_code, fault
 * addresses we chose, register values we set, never timestamps or
 * addresses the kernel picks.
 *
 * Each line starts with "CONFORM " so the Guest's console noise can be
 * filtered away.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <asm/ldt.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/ucontext.h>
#include <sys/user.h>
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

/* ---- Catching a fault: the signal, its code and address, then back. */

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr, got_ip, got_flags;
static volatile unsigned int got_fs, got_gs;

static void catcher(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;

	got_sig = sig;
	got_code = si->si_code;
	got_addr = (uintptr_t)si->si_addr;
	got_ip = uc->uc_mcontext.gregs[REG_EIP];
	got_flags = uc->uc_mcontext.gregs[REG_EFL];
	got_fs = uc->uc_mcontext.gregs[REG_FS] & 0xffff;
	got_gs = uc->uc_mcontext.gregs[REG_GS] & 0xffff;
	siglongjmp(jb, 1);
}

static const int caught[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE };

static void catch_all(void)
{
	struct sigaction sa;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = catcher;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaction(caught[i], &sa, NULL);
}

/*
 * In a child: the catcher's jump buffer is the parent's, pointing into a
 * frame the child has long left, so a signal there would jump into
 * garbage (and may loop for ever, hanging the parent in waitpid()).
 * Children die of their signals instead.
 */
static void uncatch_all(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		signal(caught[i], SIG_DFL);
}

/* Run fn; print the signal it raised (or "none"). */
#define PROBE(name, fmt_extra, ...)					\
	do {								\
		got_sig = 0;						\
		if (!sigsetjmp(jb, 1)) {				\
			__VA_ARGS__;					\
		}							\
		report(name, fmt_extra);				\
	} while (0)

static const char *signame(int sig)
{
	switch (sig) {
	case 0: return "none";
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGTRAP: return "SIGTRAP";
	case SIGFPE: return "SIGFPE";
	default: return "other";
	}
}

static void report(const char *name, int with_addr)
{
	if (!got_sig)
		say(name, "none");
	else if (with_addr)
		say(name, "%s code=%d addr=%#lx", signame(got_sig), got_code,
		    (unsigned long)got_addr);
	else
		say(name, "%s code=%d", signame(got_sig), got_code);
}

/* ---- Faults at the boundaries of the address space. */

static void read_at(uintptr_t a)
{
	(void)*(volatile unsigned char *)a;
}

static void write_at(uintptr_t a)
{
	*(volatile unsigned char *)a = 1;
}

static void jump_to(uintptr_t a)
{
	((void (*)(void))a)();
}

static void faults(void)
{
	static const uintptr_t where[] = {
		0, 0xfff, 0xc0000000, 0xffc00000, 0xfffff000, 0xffffffff,
	};
	char name[32];
	volatile unsigned int i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		snprintf(name, sizeof(name), "read-%#lx", (unsigned long)where[i]);
		PROBE(name, 1, read_at(where[i]));
	}
	PROBE("write-0xffffffff", 1, write_at(0xffffffff));
	PROBE("write-0xffe00000", 1, write_at(0xffe00000));
	PROBE("exec-0xffffff00", 1, jump_to(0xffffff00));
	PROBE("exec-0xffc01000", 1, jump_to(0xffc01000));
	/* A 4-byte read that starts below the top page and crosses it. */
	PROBE("read-cross-top", 0, asm volatile("movl (%0), %%eax"
			: : "r" (0xfffffffe) : "eax"));
}

/* ---- Traps from user space. */

static void traps(void)
{
	PROBE("int3", 0, asm volatile("int3"));
	say("int3-eip-after", "%d", got_sig && *(unsigned char *)(got_ip - 1) == 0xcc);
	PROBE("int-$3", 0, asm volatile("int $3"));
	PROBE("int-$4", 0, asm volatile("int $4"));
	PROBE("into-OF", 0, asm volatile("movl $0x7fffffff, %%eax\n\t"
					 "addl $1, %%eax\n\t"
					 "into" : : : "eax", "cc"));
	PROBE("int-$0", 0, asm volatile("int $0"));
	PROBE("int-$1", 0, asm volatile("int $1"));
	PROBE("int-$2", 0, asm volatile("int $2"));
	PROBE("int-$6", 0, asm volatile("int $6"));
	PROBE("int-$8", 0, asm volatile("int $8"));
	PROBE("int-$13", 0, asm volatile("int $13"));
	PROBE("int-$14", 0, asm volatile("int $14"));
	PROBE("int-$0x1f", 0, asm volatile("int $0x1f"));
	PROBE("int-$0x20", 0, asm volatile("int $0x20"));
	PROBE("int-$0x81", 0, asm volatile("int $0x81"));
	PROBE("int-$0xef", 0, asm volatile("int $0xef"));
	PROBE("int-$0xff", 0, asm volatile("int $0xff"));
	PROBE("ud2", 0, asm volatile("ud2"));
	PROBE("hlt", 0, asm volatile("hlt"));
	PROBE("cli", 0, asm volatile("cli"));
	PROBE("inb-0x80", 0, asm volatile("inb $0x80, %%al" : : : "eax"));
	PROBE("divide-by-zero", 0, asm volatile("xorl %%ecx, %%ecx\n\t"
						"movl $1, %%eax\n\t"
						"cltd\n\t"
						"idivl %%ecx"
						: : : "eax", "ecx", "edx"));
	{
		static const int bounds[2] = { 10, 20 };

		PROBE("bound", 0, asm volatile("movl $30, %%eax\n\t"
					       "bound %%eax, %0"
					       : : "m" (bounds) : "eax"));
	}
	PROBE("icebp", 0, asm volatile(".byte 0xf1"));
	PROBE("mov-cr0", 0, asm volatile("movl %%cr0, %%eax" : : : "eax"));
	PROBE("lgdt", 0, asm volatile("lgdt (%%esp)" : : : "memory"));
	PROBE("bad-ds-selector", 0,
	      asm volatile("movw $0x1234, %%ax\n\t"
			   "movw %%ax, %%ds" : : : "eax"));
	PROBE("kernel-cs-to-ds", 0,
	      asm volatile("movw $0x60, %%ax\n\t"
			   "movw %%ax, %%ds" : : : "eax"));
	/* Undo whatever the fault left in %ds. */
	asm volatile("movw %%ss, %%ax\n\tmovw %%ax, %%ds\n\tmovw %%ax, %%es"
		     : : : "eax");
}

/* ---- int $0x80 and a raw sysenter. */

static volatile long sysenter_result;

static void syscalls(void)
{
	long r, me = getpid();

	asm volatile("int $0x80" : "=a" (r) : "0" (SYS_getpid));
	say("int80-getpid", "%d", r == me);
	asm volatile("int $0x80" : "=a" (r) : "0" (9999));
	say("int80-enosys", "%ld", r);
	/*
	 * sysenter as __kernel_vsyscall does it: ecx, edx and ebp pushed,
	 * the stack in ebp.  A kernel with SYSENTER returns to the vDSO,
	 * which pops them and returns to our caller: to label 1, with the
	 * system call's result.  A kernel without SYSENTER leaves the
	 * instruction faulting: #GP (SYSENTER_CS 0), SIGSEGV with SI_KERNEL,
	 * or #UD on a CPU without it.  Either is a native result, and
	 * prints the same line; anything else (a wrong result, a fault
	 * somewhere else) does not.  The detail goes on a line of its own.
	 */
	got_sig = 0;
	sysenter_result = -1;
	if (!sigsetjmp(jb, 1)) {
		asm volatile("pushl $1f\n\t"
			     "pushl %%ecx\n\t"
			     "pushl %%edx\n\t"
			     "pushl %%ebp\n\t"
			     "movl %%esp, %%ebp\n\t"
			     "sysenter_insn:\n\t"
			     "sysenter\n\t"
			     "ud2\n"
			     "1:"
			     : "=a" (r) : "0" (SYS_getpid)
			     : "ecx", "edx", "memory");
		sysenter_result = r;
	}
	{
		extern const char sysenter_insn[];
		int native;

		if (got_sig) {
			printf("sysenter: %s code %d at %s\n", signame(got_sig),
			       got_code, got_ip == (uintptr_t)sysenter_insn ?
			       "the instruction" : "another address");
			native = got_ip == (uintptr_t)sysenter_insn &&
				 ((got_sig == SIGSEGV && got_code == SI_KERNEL) ||
				  got_sig == SIGILL);
		} else {
			printf("sysenter: returned %#lx (pid %#lx)\n",
			       (unsigned long)sysenter_result,
			       (unsigned long)me);
			native = sysenter_result == me;
		}
		say("sysenter-native-result", "%d", native);
	}
}

/* ---- Single-stepping with TF set by user space. */

static volatile int steps;

static void step_handler(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;

	(void)sig;
	if (si->si_code != TRAP_TRACE && si->si_code != TRAP_BRKPT)
		steps += 1000;
	if (si->si_code == TRAP_BRKPT)
		steps += 100000;
	steps++;
	if (steps > 200)
		uc->uc_mcontext.gregs[REG_EFL] &= ~0x100;
}

static void single_step(void)
{
	struct sigaction sa, old;
	long pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = step_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGTRAP, &sa, &old);

	steps = 0;
	asm volatile("pushfl\n\t"
		     "orl $0x100, (%%esp)\n\t"
		     "popfl\n\t"
		     "nop\n\t"
		     "nop\n\t"
		     "nop\n\t"
		     "pushfl\n\t"
		     "andl $~0x100, (%%esp)\n\t"
		     "popfl\n\t" : : : "memory", "cc");
	say("tf-nops", "%d", steps);

	steps = 0;
	asm volatile("pushfl\n\t"
		     "orl $0x100, (%%esp)\n\t"
		     "popfl\n\t"
		     "int $0x80\n\t"
		     "nop\n\t"
		     "pushfl\n\t"
		     "andl $~0x100, (%%esp)\n\t"
		     "popfl\n\t"
		     : "=a" (pid) : "0" (SYS_getpid) : "memory", "cc");
	say("tf-over-int80", "%d pid-ok=%d", steps, pid == getpid());

	sigaction(SIGTRAP, &old, NULL);
}

/* ---- TLS: set_thread_area and %gs / %fs. */

static unsigned int tls_word[2] = { 0x11111111, 0x22222222 };

static int new_tls(unsigned int *base, unsigned int seg32)
{
	struct user_desc d;

	memset(&d, 0, sizeof(d));
	d.entry_number = -1;
	d.base_addr = (uintptr_t)base;
	d.limit = 0xfffff;
	d.seg_32bit = seg32;
	d.limit_in_pages = 1;
	d.useable = 1;
	if (syscall(SYS_set_thread_area, &d))
		return -1;
	return d.entry_number;
}

static void tls(void)
{
	unsigned int gs, v1, v2, fs;
	int e1, e2;

	asm volatile("movw %%gs, %w0" : "=r" (gs) : : );
	gs &= 0xffff;
	/* glibc's own TLS is in %gs. */
	say("tls-gs-set", "%d", gs != 0 && (gs & 3) == 3);

	e1 = new_tls(&tls_word[0], 1);
	say("tls-first-slot", "%d", e1 > 0);
	asm volatile("movw %w1, %%fs\n\t"
		     "movl %%fs:0, %0" : "=r" (v1) : "r" (e1 * 8 + 3));
	say("tls-fs-read", "%#x", v1);

	/* A second new slot: %gs and %fs must keep their bases. */
	e2 = new_tls(&tls_word[1], 1);
	say("tls-second-slot", "%d", e2 > 0 && e2 != e1);
	asm volatile("movw %%gs, %w0" : "=r" (v2));
	say("tls-gs-kept", "%d", (v2 & 0xffff) == gs);
	asm volatile("movl %%fs:0, %0" : "=r" (v1));
	say("tls-fs-kept", "%#x", v1);
	asm volatile("movw %%fs, %w0" : "=r" (fs));
	say("tls-fs-selector", "%d", (fs & 0xffff) == (unsigned int)(e1 * 8 + 3));
	/* glibc's errno lives in TLS: the next failure must set it. */
	errno = 0;
	say("tls-errno", "%d %d", (int)close(-1), errno);
	asm volatile("movw %w1, %%fs\n\t"
		     "movl %%fs:0, %0" : "=r" (v2) : "r" (e2 * 8 + 3));
	say("tls-second-read", "%#x", v2);

	/* The TLS survives a context switch. */
	sched_yield();
	usleep(1000);
	asm volatile("movl %%fs:0, %0" : "=r" (v2));
	say("tls-after-switch", "%#x", v2);

	/* A signal sees %fs, and sigreturn restores it. */
	got_sig = 0;
	if (!sigsetjmp(jb, 1))
		raise(SIGTRAP);
	say("tls-signal-fs", "%d", got_fs == (unsigned int)(e2 * 8 + 3));
	asm volatile("movw %%fs, %w0" : "=r" (fs));
	say("tls-after-signal", "%d", (fs & 0xffff) == (unsigned int)(e2 * 8 + 3));
	asm volatile("movw %w0, %%fs" : : "r" (0));
}

/*
 * ---- modify_ldt: 32- and 16-bit data segments through %fs, %gs and %ds,
 * a code segment, the table read back, and what modify_ldt refuses.
 */

static unsigned int ldt_data[4] = { 0xabcd1234, 0x55aa55aa, 0, 0 };

static long ldt_write(unsigned int entry, uintptr_t base, unsigned int limit,
		      unsigned int contents, unsigned int seg32,
		      unsigned int pages, unsigned int not_present)
{
	struct user_desc d;

	memset(&d, 0, sizeof(d));
	d.entry_number = entry;
	d.base_addr = base;
	d.limit = limit;
	d.contents = contents;
	d.seg_32bit = seg32;
	d.limit_in_pages = pages;
	d.seg_not_present = not_present;
	d.useable = 1;
	errno = 0;
	return syscall(SYS_modify_ldt, 1, &d, sizeof(d));
}

/* Selector of LDT entry n, RPL 3. */
#define LDT_SEL(n)	((n) * 8 + 7)

/*
 * With %gs holding an LDT selector, sleep (a raw system call: glibc's
 * own TLS is in %gs) while a child whose LDT lacks that entry runs, then
 * read through %gs again.  A paravirt kernel must switch LDTs without
 * tripping over the selector the sleeper leaves in %gs.
 */
static void ldt_gs_across_switch(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	unsigned int v = 0, gs_after = 0;
	pid_t child;
	int status;

	child = fork();
	if (child == 0) {
		struct user_desc empty = {
			.read_exec_only = 1, .seg_not_present = 1,
		};
		struct timespec t0, t;

		uncatch_all();
		/* Our own LDT now has no entry 0; spin for 100 ms. */
		syscall(SYS_modify_ldt, 1, &empty, sizeof(empty));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		do
			clock_gettime(CLOCK_MONOTONIC, &t);
		while ((t.tv_sec - t0.tv_sec) * 1000000000L +
		       (t.tv_nsec - t0.tv_nsec) < 100000000L);
		_exit(0);
	}
	asm volatile("pushl %%gs\n\t"
		     "movw %w4, %%gs\n\t"
		     "pushl %%ebx\n\t"
		     "movl %3, %%ebx\n\t"
		     "xorl %%ecx, %%ecx\n\t"
		     "movl %2, %%eax\n\t"
		     "int $0x80\n\t"
		     "popl %%ebx\n\t"
		     "movw %%gs, %w1\n\t"
		     "movl %%gs:4, %0\n\t"
		     "popl %%gs"
		     : "=&r" (v), "=&r" (gs_after)
		     : "i" (SYS_nanosleep), "r" (&ts), "r" (LDT_SEL(0))
		     : "eax", "ecx", "edx", "memory");
	waitpid(child, &status, 0);
	say("ldt-gs-after-switch", "%#x gs=%#x child=%d", v, gs_after & 0xffff,
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void ldt(void)
{
	unsigned char buf[64];
	unsigned int words[6];
	static unsigned int v, ar, lim, cs;
	long r;

	r = ldt_write(0, (uintptr_t)ldt_data, 15, MODIFY_LDT_CONTENTS_DATA,
		      1, 0, 0);
	say("ldt-write-32", "%ld", r);
	if (r == 0) {
		PROBE("ldt-read-32", 0,
		      asm volatile("movw %w1, %%fs\n\t"
				   "movl %%fs:4, %0" : "=r" (v) : "r" (7)));
		say("ldt-value-32", "%#x", v);
		PROBE("ldt-beyond-limit", 0,
		      asm volatile("movw %w1, %%fs\n\t"
				   "movl %%fs:16, %0" : "=r" (v) : "r" (7)));
		/* The same segment through %gs and %ds. */
		v = 0;
		asm volatile("pushl %%gs\n\t"
			     "movw %w1, %%gs\n\t"
			     "movl %%gs:0, %0\n\t"
			     "popl %%gs" : "=r" (v) : "r" (LDT_SEL(0)));
		say("ldt-gs-read", "%#x", v);
		v = 0;
		asm volatile("pushl %%ds\n\t"
			     "movw %w1, %%ds\n\t"
			     "movl 4, %0\n\t"
			     "popl %%ds" : "=r" (v) : "r" (LDT_SEL(0)));
		say("ldt-ds-read", "%#x", v);
		/* What the CPU says about it: access rights and limit. */
		asm volatile("lar %2, %0\n\t"
			     "lsl %2, %1" : "=r" (ar), "=r" (lim)
			     : "r" (LDT_SEL(0)));
		say("ldt-lar-lsl-32", "%#x %#x", ar, lim);
	}
	r = ldt_write(1, (uintptr_t)ldt_data, 7, MODIFY_LDT_CONTENTS_DATA,
		      0, 0, 0);
	say("ldt-write-16", "%ld", r);
	if (r == 0) {
		v = 0;
		PROBE("ldt-read-16", 0,
		      asm volatile("movw %w1, %%fs\n\t"
				   "movl %%fs:0, %0" : "=r" (v) : "r" (15)));
		say("ldt-value-16", "%#x", v);
		asm volatile("lar %1, %0" : "=r" (ar) : "r" (LDT_SEL(1)));
		say("ldt-lar-16", "%#x", ar);
	}
	/*
	 * A flat 32-bit code segment: a far jump into it, %cs read there,
	 * and a far jump back through a pointer holding our own %cs.
	 *
	 * Not a far call and far return, which push and pop the return
	 * address on the user stack: QEMU 7.2's TCG (Debian 12's) makes
	 * those stack accesses of lcall/lret with the kernel's MMU index,
	 * so with SMAP on (QEMU's "-cpu max") they fault as supervisor
	 * accesses to a user page.  Natively the Host kernel then oopses
	 * ("#PF: supervisor write access in user mode", error code 0x3, at
	 * the lcall; a read, 0x1, at an lret) and the process dies of
	 * SIGKILL, even for an lcall to the GDT's own user %cs and for an
	 * lret with no LDT involved; the program hung when that oops left a
	 * lock held.  It is the emulator's, not the kernel's nor lguest's:
	 * the default CPU (no SMAP) runs them right, and ljmp, which does
	 * not touch the stack, is right on both.  Restore lcall when the
	 * Host's QEMU is newer.
	 */
	r = ldt_write(2, 0, 0xfffff, MODIFY_LDT_CONTENTS_CODE, 1, 1, 0);
	say("ldt-write-code", "%ld", r);
	if (r == 0) {
		static struct { uint32_t ip; uint16_t cs; } __attribute__((packed)) back;

		asm volatile("movw %%cs, %0" : "=m" (back.cs));
		cs = 0;
		PROBE("ldt-far-jump", 0,
		      asm volatile("movl $2f, %1\n\t"
				   "ljmp %2, $1f\n"
				   "1:\tmovw %%cs, %w0\n\t"
				   "ljmp *%1\n"
				   "2:" : "=&r" (cs), "+m" (back)
				   : "i" (LDT_SEL(2))));
		say("ldt-far-jump-cs", "%#x", cs & 0xffff);
		asm volatile("movw %%cs, %w0" : "=r" (cs));
		say("ldt-far-jump-back-cs", "%#x", cs & 0xffff);
	}
	/* A segment marked not present: loading it is a fault. */
	r = ldt_write(3, (uintptr_t)ldt_data, 15, MODIFY_LDT_CONTENTS_DATA,
		      1, 0, 1);
	say("ldt-write-not-present", "%ld", r);
	PROBE("ldt-load-not-present", 0,
	      asm volatile("movw %w0, %%fs" : : "r" (LDT_SEL(3))));
	asm volatile("movw %w0, %%fs" : : "r" (0));
	/* A selector beyond the LDT's end. */
	PROBE("ldt-load-beyond", 0,
	      asm volatile("movw %w0, %%fs" : : "r" (LDT_SEL(100))));
	asm volatile("movw %w0, %%fs" : : "r" (0));

	/* The signal frame keeps an LDT %fs, and sigreturn restores it. */
	got_fs = 0;
	if (!sigsetjmp(jb, 1))
		asm volatile("movw %w0, %%fs\n\t"
			     "int3" : : "r" (LDT_SEL(0)));
	say("ldt-signal-fs", "%#x", got_fs);
	asm volatile("movw %w0, %%fs" : : "r" (0));

	/* Read back: the number of bytes, and the first entries. */
	memset(buf, 0, sizeof(buf));
	r = syscall(SYS_modify_ldt, 0, buf, sizeof(buf));
	say("ldt-read", "%ld", r);
	memcpy(words, buf, sizeof(words));
	say("ldt-readback", "%08x %08x %08x %08x %08x %08x", words[1],
	    words[0], words[3], words[2], words[5], words[4]);

	/* What modify_ldt refuses, and how. */
	r = ldt_write(8192, 0, 0, 0, 1, 0, 0);
	say("ldt-refuse-entry", "%ld %d", r, errno);
	r = ldt_write(4, 0, 0, 3, 1, 0, 0);
	say("ldt-refuse-conforming", "%ld %d", r, errno);
	errno = 0;
	r = syscall(SYS_modify_ldt, 1, buf, 8);
	say("ldt-refuse-size", "%ld %d", r, errno);
	errno = 0;
	r = syscall(SYS_modify_ldt, 3, buf, sizeof(buf));
	say("ldt-refuse-func", "%ld %d", r, errno);
	/* The largest LDT there is. */
	r = ldt_write(8191, (uintptr_t)ldt_data, 15, MODIFY_LDT_CONTENTS_DATA,
		      1, 0, 0);
	say("ldt-write-last", "%ld", r);
	if (r == 0) {
		v = 0;
		asm volatile("pushl %%gs\n\t"
			     "movw %w1, %%gs\n\t"
			     "movl %%gs:0, %0\n\t"
			     "popl %%gs" : "=r" (v) : "r" (LDT_SEL(8191)));
		say("ldt-read-last", "%#x", v);
		ldt_gs_across_switch();
	}
}

/* ---- Time: the vDSO and rdtsc move forward. */

static void timing(void)
{
	struct timespec a, b;
	struct timeval tv, tv2;
	unsigned long long t1, t2;
	int i, ok = 1, ok2 = 1;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 20000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (b.tv_sec < a.tv_sec ||
		    (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec))
			ok = 0;
		a = b;
	}
	say("clock-monotonic", "%d", ok);
	gettimeofday(&tv, NULL);
	for (i = 0; i < 20000; i++) {
		gettimeofday(&tv2, NULL);
		if (timercmp(&tv2, &tv, <))
			ok2 = 0;
		tv = tv2;
	}
	say("gettimeofday-monotonic", "%d", ok2);
	say("time-vs-gettimeofday", "%d", labs(time(NULL) - tv.tv_sec) <= 1);
	clock_gettime(CLOCK_MONOTONIC, &a);
	usleep(20000);
	clock_gettime(CLOCK_MONOTONIC, &b);
	t1 = (b.tv_sec - a.tv_sec) * 1000000000ULL + b.tv_nsec - a.tv_nsec;
	say("usleep-20ms", "%d", t1 >= 20000000ULL && t1 < 2000000000ULL);
	ok = 1;
	asm volatile("rdtsc" : "=A" (t1));
	for (i = 0; i < 1000; i++) {
		asm volatile("rdtsc" : "=A" (t2));
		if (t2 < t1)
			ok = 0;
		t1 = t2;
	}
	say("rdtsc-monotonic", "%d", ok);
}

/* ---- FPU and SSE state across signals and context switches. */

static void fpu_clobber(int sig)
{
	double x = 3.0;

	(void)sig;
	asm volatile("fninit\n\t"
		     "movl $0x5a5a5a5a, %%eax\n\t"
		     "movd %%eax, %%xmm3\n\t"
		     "pshufd $0, %%xmm3, %%xmm3" : : : "eax", "xmm3");
	asm volatile("fldl %0\n\tfsqrt\n\tfstpl %0" : "+m" (x));
}

static void fpu(void)
{
	unsigned int cw = 0x27f, cw2 = 0, x[4] = { 1, 2, 3, 4 }, y[4];
	unsigned int mxcsr = 0x1f80 | 0x6000, mx2 = 0;
	pid_t pid;
	int st, i, ok = 1;

	signal(SIGUSR1, fpu_clobber);
	asm volatile("fldcw %0" : : "m" (cw));
	asm volatile("ldmxcsr %0" : : "m" (mxcsr));
	asm volatile("movdqu %0, %%xmm3" : : "m" (x) : "xmm3");
	raise(SIGUSR1);
	asm volatile("fnstcw %0" : "=m" (cw2));
	asm volatile("stmxcsr %0" : "=m" (mx2));
	asm volatile("movdqu %%xmm3, %0" : "=m" (y));
	say("fpu-cw-after-signal", "%#x", cw2);
	say("mxcsr-after-signal", "%#x", mx2);
	say("xmm3-after-signal", "%u %u %u %u", y[0], y[1], y[2], y[3]);

	/* Two processes with different xmm3 and control words. */
	pid = fork();
	if (pid == 0) {
		unsigned int z[4] = { 9, 9, 9, 9 }, cwc = 0x37f;

		uncatch_all();
		asm volatile("fldcw %0" : : "m" (cwc));
		asm volatile("movdqu %0, %%xmm3" : : "m" (z) : "xmm3");
		for (i = 0; i < 2000; i++)
			sched_yield();
		_exit(0);
	}
	for (i = 0; i < 2000; i++) {
		sched_yield();
		asm volatile("movdqu %%xmm3, %0" : "=m" (y));
		if (y[0] != 1 || y[3] != 4)
			ok = 0;
	}
	waitpid(pid, &st, 0);
	asm volatile("fnstcw %0" : "=m" (cw2));
	say("fpu-context-switch", "%d %#x", ok, cw2);

	/*
	 * xmm3 across console output: in a Guest each write is a DMA the
	 * Launcher serves between two of its reads of /dev/lguest, on the
	 * very FPU state the Guest runs on.
	 */
	ok = 1;
	asm volatile("movdqu %0, %%xmm3" : : "m" (x) : "xmm3");
	for (i = 0; i < 64; i++) {
		if (write(1, i == 63 ? "#\n" : "#", i == 63 ? 2 : 1) < 0)
			ok = 0;
		asm volatile("movdqu %%xmm3, %0" : "=m" (y));
		if (y[0] != 1 || y[1] != 2 || y[2] != 3 || y[3] != 4)
			ok = 0;
	}
	say("xmm3-across-console-output", "%d", ok);
	{
		volatile double a = 1.0, b = 3.0;

		say("fpu-divide", "%.15f", a / b);
	}
	cw = 0x37f;
	asm volatile("fldcw %0" : : "m" (cw));
	mxcsr = 0x1f80;
	asm volatile("ldmxcsr %0" : : "m" (mxcsr));
}

/* ---- Signals, sigreturn and odd segment and flag states. */

static void sig_handler_flags(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;
	unsigned int fl;

	(void)sig;
	(void)si;
	asm volatile("pushfl\n\tpopl %0" : "=r" (fl));
	got_flags = fl;
	got_code = (int)uc->uc_mcontext.gregs[REG_EFL];
}

static void odd_flags_handler(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_EFL] |= 0x40cd5;
}

static void signals(void)
{
	struct sigaction sa;
	unsigned int fl = 0;
	stack_t ss;
	static char altstack[65536];

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sig_handler_flags;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);

	/* DF set when the signal comes: the handler runs with DF clear. */
	got_flags = 0;
	asm volatile("std\n\t"
		     "int $0x80\n\t"
		     "cld" : : "a" (SYS_kill), "b" (getpid()), "c" (SIGUSR2)
		     : "memory", "cc");
	say("signal-df-cleared", "%d saved-df=%d", !(got_flags & 0x400),
	    !!(got_code & 0x400));

	/* AC survives a system call and a signal (it is a user flag here). */
	asm volatile("pushfl\n\t"
		     "orl $0x40000, (%%esp)\n\t"
		     "popfl\n\t"
		     "int $0x80\n\t"
		     "pushfl\n\t"
		     "popl %0\n\t"
		     "pushfl\n\t"
		     "andl $~0x40000, (%%esp)\n\t"
		     "popfl\n\t"
		     : "=r" (fl) : "a" (SYS_getpid) : "memory", "cc");
	say("ac-across-syscall", "%d", !!(fl & 0x40000));

	/*
	 * The kernel's iret to user space with odd flags: a handler sets
	 * AC, DF, OF and the arithmetic flags in its frame; sigreturn must
	 * return to the instruction after int $0x80 with exactly those.
	 * (Not an iret of our own: QEMU's TCG makes a ring-3 iret's stack
	 * reads supervisor accesses, which SMAP refuses with an oops.)
	 */
	sa.sa_sigaction = odd_flags_handler;
	sigaction(SIGUSR2, &sa, NULL);
	asm volatile("int $0x80\n\t"
		     "pushfl\n\t"
		     "popl %0\n\t"
		     "pushfl\n\t"
		     "andl $~0x40cd5, (%%esp)\n\t"
		     "popfl"
		     : "=r" (fl) : "a" (SYS_kill), "b" (getpid()), "c" (SIGUSR2)
		     : "memory", "cc");
	say("sigreturn-odd-flags", "%#x", fl & 0x40cd5);
	sa.sa_sigaction = sig_handler_flags;
	sigaction(SIGUSR2, &sa, NULL);

	/* The signal stack. */
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGUSR2, &sa, NULL);
	got_flags = 0;
	raise(SIGUSR2);
	say("sigaltstack", "%d", got_flags != 0);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);

	/* %es null and %ds a plain copy of %ss when a signal arrives. */
	got_flags = 0;
	asm volatile("pushl %%es\n\t"
		     "movw %w3, %%es\n\t"
		     "int $0x80\n\t"
		     "popl %%es"
		     : : "a" (SYS_kill), "b" (getpid()), "c" (SIGUSR2), "r" (0)
		     : "memory");
	say("signal-null-es", "%d", got_flags != 0);
}

/* A sigreturn that puts a bad %cs into the frame must not get it. */
static void badcs_handler(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_CS] = 0x60;	/* the kernel's */
}

static void sigreturn_checks(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct sigaction sa;

		uncatch_all();
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = badcs_handler;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR2, &sa, NULL);
		raise(SIGUSR2);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	say("sigreturn-kernel-cs", "%s",
	    WIFSIGNALED(st) ? signame(WTERMSIG(st)) : "survived");
}

/* ---- ptrace: user area segments and debug registers. */

static volatile unsigned int watched = 7;

#define DR_OFF(n) (offsetof(struct user, u_debugreg) + (n) * 4)
#define REG_OFF(r) (offsetof(struct user_regs_struct, r))

static void ptrace_checks(void)
{
	siginfo_t si;
	unsigned int v;
	long r;
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		uncatch_all();
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		v = watched;	/* the watchpoint fires here */
		(void)v;
		asm volatile("nop");
		_exit(3);
	}
	waitpid(pid, &st, 0);
	say("ptrace-stopped", "%d", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	r = ptrace(PTRACE_PEEKUSER, pid, REG_OFF(xcs), 0);
	say("peekuser-cs", "%#lx", r);
	r = ptrace(PTRACE_PEEKUSER, pid, REG_OFF(xss), 0);
	say("peekuser-ss", "%#lx", r);
	r = ptrace(PTRACE_PEEKUSER, pid, REG_OFF(xds), 0);
	say("peekuser-ds", "%#lx", r);
	r = ptrace(PTRACE_PEEKUSER, pid, REG_OFF(xgs), 0);
	say("peekuser-gs-rpl3", "%d", (r & 3) == 3);
	errno = 0;
	r = ptrace(PTRACE_POKEUSER, pid, REG_OFF(xcs), 0x60);
	say("pokeuser-kernel-cs", "%ld errno=%d", r, errno);
	errno = 0;
	r = ptrace(PTRACE_POKEUSER, pid, REG_OFF(xfs), 0);
	say("pokeuser-fs-0", "%ld errno=%d", r, errno);
	r = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(7), 0);
	say("peekuser-dr7", "%#lx", r);
	/* A 4-byte read/write watchpoint on "watched". */
	r = ptrace(PTRACE_POKEUSER, pid, DR_OFF(0), (void *)&watched);
	say("pokeuser-dr0", "%ld", r);
	errno = 0;
	r = ptrace(PTRACE_POKEUSER, pid, DR_OFF(7), (void *)0x000f0001);
	say("pokeuser-dr7", "%ld errno=%d", r, errno);
	errno = 0;
	r = ptrace(PTRACE_POKEUSER, pid, DR_OFF(1), (void *)0xc0000000);
	say("pokeuser-dr1-kernel", "%ld errno=%d", r, errno);
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &st, 0);
	if (WIFSTOPPED(st)) {
		say("watchpoint", "%s", signame(WSTOPSIG(st)));
		memset(&si, 0, sizeof(si));
		ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
		say("watchpoint-si-code", "%d", si.si_code);
		r = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(6), 0);
		say("watchpoint-dr6-b0", "%ld", r & 1);
		/* Single-step the child once. */
		ptrace(PTRACE_POKEUSER, pid, DR_OFF(7), 0);
		ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
		waitpid(pid, &st, 0);
		say("ptrace-singlestep", "%s",
		    WIFSTOPPED(st) ? signame(WSTOPSIG(st)) : "exited");
		r = ptrace(PTRACE_PEEKUSER, pid, DR_OFF(6), 0);
		say("singlestep-dr6-bs", "%ld", (r >> 14) & 1);
		ptrace(PTRACE_CONT, pid, 0, 0);
		waitpid(pid, &st, 0);
	} else {
		say("watchpoint", "no trap");
	}
	say("ptrace-child-exit", "%d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* ---- mmap and mprotect at the edges. */

static void memory(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	void *p;
	char *q;

	p = mmap((void *)0, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	say("mmap-fixed-0", "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	p = mmap((void *)0xc0000000, pg, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	say("mmap-fixed-kernel", "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	p = mmap((void *)0xbffff000, 2 * pg, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	say("mmap-fixed-straddle", "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	p = mmap(NULL, 0xd0000000u, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	say("mmap-too-big", "%s", p == MAP_FAILED ? strerror(errno) : "mapped");

	q = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q[0] = 1;
	mprotect(q, pg, PROT_NONE);
	PROBE("mprotect-none-read", 0, read_at((uintptr_t)q));
	say("mprotect-none-addr", "%d", got_addr == (uintptr_t)q);
	mprotect(q, pg, PROT_READ);
	PROBE("mprotect-ro-write", 0, write_at((uintptr_t)q));
	PROBE("mprotect-ro-read", 0, read_at((uintptr_t)q));
	mprotect(q, pg, PROT_READ | PROT_WRITE);
	PROBE("mprotect-rw-write", 0, write_at((uintptr_t)q + 5));
	say("mprotect-data-kept", "%d %d", q[0], q[5]);
	munmap(q + pg, pg);
	PROBE("munmap-hole", 0, read_at((uintptr_t)q + pg));
	PROBE("after-hole", 0, read_at((uintptr_t)q + 2 * pg));
	/* A write that straddles into the hole faults at the hole. */
	PROBE("write-into-hole", 0,
	      asm volatile("movl %%eax, (%0)" : : "r" (q + pg - 2) : "eax", "memory"));
	say("write-into-hole-addr", "%d", got_addr == (uintptr_t)q + pg);
	/* Without NX (non-PAE), PROT_READ pages are executable. */
	memset(q, 0xc3, 1);	/* ret */
	mprotect(q, pg, PROT_READ);
	PROBE("exec-read-only", 0, jump_to((uintptr_t)q));
	munmap(q, 3 * pg);
	say("mprotect-bad-range", "%d",
	    mprotect((void *)0xbfff0000, 0x20000, PROT_READ) == -1 ? errno : 0);
	say("munmap-kernel", "%d",
	    munmap((void *)0xc0000000, pg) == -1 ? errno : 0);
	/* Deep stack growth. */
	{
		volatile char big[256 * 1024];

		big[0] = 1;
		big[sizeof(big) - 1] = 2;
		say("stack-growth", "%d", big[0] + big[sizeof(big) - 1]);
	}
}

static const struct {
	const char *name;
	void (*fn)(void);
} sections[] = {
	{ "faults", faults }, { "traps", traps }, { "syscalls", syscalls },
	{ "single_step", single_step }, { "tls", tls }, { "ldt", ldt },
	{ "timing", timing }, { "fpu", fpu }, { "signals", signals },
	{ "sigreturn", sigreturn_checks }, { "ptrace", ptrace_checks },
	{ "memory", memory },
};

/* conform [SECTION...]: every section in order, or just those named. */
int main(int argc, char **argv)
{
	unsigned int i;
	int j;

	setvbuf(stdout, NULL, _IOLBF, 0);
	catch_all();
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		for (j = 1; j < argc; j++)
			if (!strcmp(argv[j], sections[i].name))
				break;
		if (argc == 1 || j < argc)
			sections[i].fn();
	}
	say("done", "%d", 1);
	return 0;
}
