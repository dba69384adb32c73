// SPDX-License-Identifier: GPL-2.0
/*
 * lguest.c - the Launcher for lguest, the tiny i386 hypervisor.
 *
 * The Launcher is an ordinary (root) process which owns one Guest.  It
 *
 *  1. maps Guest RAM into its own address space so that guest-physical
 *     address X is Launcher virtual address X (the program is linked high,
 *     at 0xb0000000, to leave the bottom of the address space free),
 *  2. loads the Guest kernel (an ELF vmlinux, or the bzImage our build
 *     makes, whose gzip payload is unpacked here), an optional initrd, the
 *     command line, the boot parameters and a first set of page tables,
 *  3. describes the Guest's devices in the page just above its RAM,
 *  4. tells the Host about all this with LHREQ_INITIALIZE on /dev/lguest,
 *  5. then calls read() on /dev/lguest over and over: every read() runs the
 *     Guest until it has something for us (output to a device), until
 *     somebody wants our attention (input is waiting), or until it dies.
 *
 * The interface with the Host is in include/uapi/linux/lguest_launcher.h
 * and Documentation/lguest/lguest.rst is the user guide.
 *
 * Everything is split into small functions taking a "struct guest", which
 * says where Guest memory lives in *this* process: in the real Launcher
 * that is address 0, in the unit tests (tests/launcher/) it is an ordinary
 * buffer.  The test driver #includes this file with LGUEST_UNIT_TEST
 * defined, which renames main(), and calls those functions directly.
 *
 * Tour stop 8, the Launcher, the last: start at run_guest().
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <linux/if_ether.h>
#include <linux/if_tun.h>
#include <linux/lguest_launcher.h>
#include <linux/sockios.h>

/*
 * The ABI says these structures have exactly these shapes on i386; if the
 * header or the compiler disagrees we want to know at build time, not when
 * a Guest sees garbage.
 */
_Static_assert(sizeof(void *) == 4, "the Launcher is an i386 program");
_Static_assert(sizeof(struct lguest_dma) == 100, "lguest_dma is 100 bytes");
_Static_assert(offsetof(struct lguest_dma, addr) == 4, "lguest_dma.addr");
_Static_assert(offsetof(struct lguest_dma, len) == 68, "lguest_dma.len");
_Static_assert(sizeof(struct lguest_device_desc) == 12, "desc is 12 bytes");
_Static_assert(offsetof(struct lguest_device_desc, pfn) == 8, "desc.pfn");
_Static_assert(sizeof(struct lguest_block_page) == 20, "block page is 20");
_Static_assert(offsetof(struct lguest_block_page, num_sectors) == 16,
	       "block_page.num_sectors");
_Static_assert(sizeof(struct lguest_net) == 6, "lguest_net is 6 bytes");
_Static_assert(LGUEST_MAX_DEVICES * sizeof(struct lguest_device_desc) <= 4096,
	       "the descriptors fit in one page");

/* The kernel's spellings of a few compiler features. */
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __noreturn		__attribute__((noreturn))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define PAGE_SIZE		4096U
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)		(((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* Exit codes; see "Exit status" in lguest.rst. */
#define EXIT_POWEROFF		0	/* the Guest powered itself off */
#define EXIT_FAILURE_RUN	1	/* the Guest died, or we hit an error */
#define EXIT_USAGE		2	/* bad argument, bad or missing file */
#define EXIT_KEYBOARD		3	/* the user killed it from the keyboard */
#define EXIT_RESTART		4	/* the Guest asked to be restarted */

/*
 * Where things live in our address space, and therefore in the Guest's
 * physical one.  The Launcher's own text starts at LAUNCHER_LINK_ADDR (see
 * the -Ttext-segment in the build line); its heap follows it and the
 * kernel puts other mappings higher still.  Guest RAM plus the device pages
 * must end below GUEST_TOP_MAX: the Host's limit for Guest memory
 * (LGUEST_GPA_LIMIT, 2 GiB, so that a GETDMA result is never negative),
 * well under our own text.
 */
#define LAUNCHER_LINK_ADDR	0xb0000000U
#define GUEST_TOP_MAX		LGUEST_GPA_LIMIT
/* Pages reserved above RAM: the descriptor page, then device pages. */
#define DEVICE_PAGES_MAX	256U
#define MEM_MIB_MAX		((GUEST_TOP_MAX >> 20) - 1)
/* We need room for boot data, a kernel and page tables. */
#define MEM_MIB_MIN		4U

/*
 * Fixed places in low Guest memory: the boot parameters ("zero page") at
 * 0, the command line at 0x1000.  Nothing may be loaded below LOW_END.
 */
#define BOOT_PARAMS_GPA		0x0000U
#define CMDLINE_GPA		0x1000U
#define CMDLINE_MAX		2048U	/* bytes, with the final NUL */
#define LOW_END			(CMDLINE_GPA + CMDLINE_MAX)

/*
 * Offsets into struct boot_params (Documentation/arch/x86/zero-page.rst and
 * boot.rst).  We only need a handful, and writing them as offsets keeps
 * this file free of kernel-internal headers.
 */
#define BP_E820_ENTRIES		0x1e8	/* u8 */
#define BP_SETUP_SECTS		0x1f1	/* u8: start of the setup header */
#define BP_BOOT_FLAG		0x1fe	/* u16: 0xaa55 */
#define BP_JUMP			0x200	/* u16: its 2nd byte gives hdr length */
#define BP_HEADER		0x202	/* u32: "HdrS" */
#define BP_VERSION		0x206	/* u16: boot protocol version */
#define BP_TYPE_OF_LOADER	0x210	/* u8 */
#define BP_RAMDISK_IMAGE	0x218	/* u32 */
#define BP_RAMDISK_SIZE		0x21c	/* u32 */
#define BP_CMD_LINE_PTR		0x228	/* u32 */
#define BP_INITRD_ADDR_MAX	0x22c	/* u32 */
#define BP_CMDLINE_SIZE		0x238	/* u32: longest line, without NUL */
#define BP_HARDWARE_SUBARCH	0x23c	/* u32 */
#define BP_PAYLOAD_OFFSET	0x248	/* u32 */
#define BP_PAYLOAD_LENGTH	0x24c	/* u32 */
#define BP_E820_TABLE		0x2d0	/* 20-byte entries */

#define HDRS_MAGIC		0x53726448U	/* "HdrS", little-endian */
#define BOOT_PROTO_MIN		0x0207U	/* what the Guest's head_32.S wants */
#define BOOT_PROTO_PAYLOAD	0x0208U	/* payload_offset/length exist */
#define X86_SUBARCH_LGUEST	1U
#define LOADER_UNDEFINED	0xffU
#define E820_TYPE_RAM		1U
#define INITRD_ADDR_MAX_DEF	0x37ffffffU

/*
 * Page table entry bits.  Directory entries are present, writable and
 * user (0x7); table entries present and writable only (0x3), so every page
 * is a supervisor page: see build_page_tables().
 */
#define PT_PRESENT		0x001U
#define PT_RW			0x002U
#define PT_USER			0x004U
#define PDE_FLAGS		(PT_PRESENT | PT_RW | PT_USER)
#define PTE_FLAGS		(PT_PRESENT | PT_RW)
#define PTRS_PER_TABLE		1024U
#define PGDIR_SHIFT		22
#define PGDIR_SIZE		(1U << PGDIR_SHIFT)

/* Largest Guest kernel we are willing to unpack from a bzImage. */
#define UNPACKED_MAX		(512U << 20)

/* ------------------------------------------------------------------ */
/* Error reporting.                                                    */
/* ------------------------------------------------------------------ */

/*
 * Functions that can fail because of bad input return -1 after storing a
 * one-line message in lg_error; main() prints it with our name in front.
 * The unit tests look at the same text.
 */
static char lg_error[512];
static bool lg_verbose;

__printf(1, 2)
static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lg_error, sizeof(lg_error), fmt, ap);
	va_end(ap);
	return -1;
}

static void restore_terminal(void);

/* Print "lguest: <message>" and exit; used once there is no way back. */
__printf(2, 3) __noreturn
static void die(int status, const char *fmt, ...)
{
	va_list ap;

	restore_terminal();
	fputs("lguest: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

__printf(1, 2)
static void verbose(const char *fmt, ...)
{
	va_list ap;

	if (!lg_verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* Little-endian accessors for byte buffers (x86 is little-endian anyway). */
static uint16_t get16(const void *p, size_t off)
{
	uint16_t v;

	memcpy(&v, (const char *)p + off, sizeof(v));
	return v;
}

static uint32_t get32(const void *p, size_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)p + off, sizeof(v));
	return v;
}

static void put16(void *p, size_t off, uint16_t v)
{
	memcpy((char *)p + off, &v, sizeof(v));
}

static void put32(void *p, size_t off, uint32_t v)
{
	memcpy((char *)p + off, &v, sizeof(v));
}

/* ------------------------------------------------------------------ */
/* Command line.                                                       */
/* ------------------------------------------------------------------ */

/*
 * Every device but the console comes from an option naming its kind
 * (--block, --tunnet, --sharenet) and may be given several times; each
 * time is one more device, in command-line order.  The kinds are listed
 * in device_types[] (see "The device table" below), which the option
 * parser and --help read: a new kind of device is one entry there.
 */
struct device;
struct guest;

struct device_type {
	const char *option;	/* --option=VALUE makes one; NULL: console */
	const char *usage;	/* its lines in --help */
	/* Check VALUE; NULL, or why it is refused. */
	const char *(*check)(const char *arg);
	/* Before Guest memory exists: open what it needs (quick errors). */
	int (*open)(struct device *dev, const char *arg);
	/* Add its descriptor and pages; set key, input_fd. */
	int (*attach)(struct guest *g, struct device *dev);
	/* The Guest sent the lguest_dma at gpa dma to our key. */
	void (*output)(const struct guest *g, struct device *dev, uint32_t dma);
	/* input_fd is readable. */
	void (*input)(const struct guest *g, struct device *dev);
	/* Input is waiting for a Guest buffer: try to hand it over. */
	void (*retry)(const struct guest *g, struct device *dev);
	/* ... this often (ms) while it waits; the Guest does not tell us. */
	int retry_ms;
};

/* Kind i of device_types[], or NULL past the end (it is defined below). */
#define DEVICE_TYPES_MAX	8
static const struct device_type *device_type(unsigned int i);

/* One device asked for on the command line. */
struct device_option {
	const struct device_type *type;
	const char *arg;
};

/* The console needs the last descriptor. */
#define DEVICE_OPTIONS_MAX	(LGUEST_MAX_DEVICES - 1)

struct options {
	bool help;
	const char *initrd;
	struct device_option dev[DEVICE_OPTIONS_MAX];
	unsigned int ndev;
	unsigned int mem_mib;
	const char *kernel;
	char **kargs;		/* kernel arguments, NULL-terminated */
	int nkargs;
};

static const char usage_head[] =
"Usage: lguest [OPTIONS] <mem-MiB> <vmlinux|bzImage> [kernel args...]\n"
"Run a Linux kernel as an lguest Guest (needs root and /dev/lguest).\n"
"\n"
"  -v, --verbose          describe the memory layout and devices\n"
"      --initrd=FILE      load FILE as the Guest's initial ramdisk\n";

static const char usage_tail[] =
"  -h, --help             show this text and exit\n"
"\n"
"Options go before <mem-MiB>.  Device options may be repeated: each one\n"
"is one more device, in the order given.  Everything after the kernel\n"
"file is the Guest's command line.  The console is our stdin/stdout;\n"
"press Ctrl-C three times within a second to kill the Guest.\n"
"Exit status: 0 Guest powered off, 1 Guest died or runtime error,\n"
"2 bad usage or file, 3 killed from the keyboard, 4 Guest asked to restart.\n";

static void usage(FILE *f)
{
	unsigned int i;

	fputs(usage_head, f);
	for (i = 0; device_type(i); i++)
		fputs(device_type(i)->usage, f);
	fputs(usage_tail, f);
}

/* getopt_long() values: the device kinds follow OPT_DEVICE. */
enum { OPT_INITRD = 256, OPT_DEVICE };

static const struct option fixed_options[] = {
	{ "help",	no_argument,		NULL, 'h' },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "initrd",	required_argument,	NULL, OPT_INITRD },
};

/* fixed_options, one option per device kind, and the terminator. */
static struct option long_options[ARRAY_SIZE(fixed_options) + DEVICE_TYPES_MAX + 1];

static void build_long_options(void)
{
	unsigned int i, n = ARRAY_SIZE(fixed_options);

	memcpy(long_options, fixed_options, sizeof(fixed_options));
	for (i = 0; device_type(i); i++) {
		long_options[n].name = device_type(i)->option;
		long_options[n].has_arg = required_argument;
		long_options[n].flag = NULL;
		long_options[n].val = OPT_DEVICE + i;
		n++;
	}
	memset(&long_options[n], 0, sizeof(long_options[n]));
}

/* --block=FILE and friends: one more device. */
static int add_device_option(struct options *o, const struct device_type *t,
			     const char *arg)
{
	const char *why = t->check ? t->check(arg) : NULL;

	if (why)
		return fail("--%s: '%s' %s", t->option, arg, why);
	if (o->ndev == DEVICE_OPTIONS_MAX)
		return fail("--%s=%s: too many devices (at most %u besides the console)",
			    t->option, arg, DEVICE_OPTIONS_MAX);
	o->dev[o->ndev].type = t;
	o->dev[o->ndev].arg = arg;
	o->ndev++;
	return 0;
}

/* Parse a decimal number of MiB; no signs, no suffixes, no overflow. */
static int parse_mem(const char *s, unsigned int *mib)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return fail("memory size '%s' is not a number of MiB", s);
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0')
		return fail("memory size '%s' is not a number of MiB", s);
	if (errno == ERANGE || v > MEM_MIB_MAX)
		return fail("memory size %s MiB is too large (at most %u MiB)",
			    s, MEM_MIB_MAX);
	if (v < MEM_MIB_MIN)
		return fail("memory size %s MiB is too small (at least %u MiB)",
			    s, MEM_MIB_MIN);
	*mib = v;
	return 0;
}

/*
 * Check a --tunnet address: dotted-quad IPv4, each part 0-255.  (The
 * original Launcher also took "bridge:NAME"; we accept that spelling too.)
 * Returns NULL if it is good, else what is wrong with it.
 */
static const char *check_tunnet(const char *s)
{
	unsigned int parts = 0, val = 0, digits = 0;

	if (strncmp(s, "bridge:", 7) == 0)
		return s[7] ? NULL : "needs a bridge name after 'bridge:'";
	for (; ; s++) {
		if (*s >= '0' && *s <= '9' && digits < 3) {
			val = val * 10 + (*s - '0');
			digits++;
		} else if ((*s == '.' || *s == '\0') && digits && val <= 255) {
			parts++;
			if (*s == '\0')
				break;
			val = digits = 0;
		} else {
			return "is not an IPv4 address";
		}
	}
	return parts == 4 ? NULL : "is not an IPv4 address";
}

/*
 * Parse argv into *o.  Returns 0 on success (o->help may be set), or -1
 * with lg_error filled in.  Options must come before the memory size:
 * everything after the kernel file belongs to the Guest, even if it looks
 * like an option.
 */
static int parse_options(int argc, char *argv[], struct options *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	build_long_options();
	optind = 0;	/* 0, not 1: makes glibc forget any earlier scan */
	opterr = 0;	/* we print our own one-line messages */
	while ((c = getopt_long(argc, argv, "+:hv", long_options, NULL)) != -1) {
		const char *arg = argv[optind - 1];

		switch (c) {
		case 'h':
			o->help = true;
			return 0;
		case 'v':
			lg_verbose = true;
			break;
		case OPT_INITRD:
			o->initrd = optarg;
			break;
		case ':':
			return fail("option '%s' needs a value (%s=...)",
				    arg, arg);
		default:
			if (c >= OPT_DEVICE && device_type(c - OPT_DEVICE)) {
				if (add_device_option(o, device_type(c - OPT_DEVICE),
						      optarg) < 0)
					return -1;
				break;
			}
			if (arg[1] != '-')
				return fail("unknown option '-%c' (try --help)",
					    optopt);
			if (optopt)
				return fail("option '%.*s' takes no value",
					    (int)strcspn(arg, "="), arg);
			return fail("unknown option '%.*s' (try --help)",
				    (int)strcspn(arg, "="), arg);
		}
	}
	if (argc - optind < 2)
		return fail(argc - optind == 0 ?
			    "missing memory size and kernel file (try --help)" :
			    "missing kernel file (try --help)");
	if (parse_mem(argv[optind], &o->mem_mib) < 0)
		return -1;
	o->kernel = argv[optind + 1];
	o->kargs = argv + optind + 2;
	o->nkargs = argc - optind - 2;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Files.                                                              */
/* ------------------------------------------------------------------ */

/* A file read completely into memory. */
struct blob {
	unsigned char *data;
	size_t len;
};

/*
 * Open a file we are going to load and check it is a sensible regular
 * file.  "what" names it in messages.  Returns the fd, or -1.
 */
static int open_file(const char *name, const char *what, size_t *size)
{
	struct stat st;
	int fd;

	fd = open(name, O_RDONLY);
	if (fd < 0)
		return fail("cannot open %s '%s': %s", what, name,
			    strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail("%s '%s' is not a regular file", what, name);
	}
	if (st.st_size == 0) {
		close(fd);
		return fail("%s '%s' is empty", what, name);
	}
	if ((unsigned long long)st.st_size > UNPACKED_MAX) {
		close(fd);
		return fail("%s '%s' is too large", what, name);
	}
	*size = st.st_size;
	return fd;
}

/* Just check that open_file() would be happy. */
static int check_file(const char *name, const char *what)
{
	size_t size;
	int fd = open_file(name, what, &size);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Read the whole of a file into memory. */
static int read_file(const char *name, const char *what, struct blob *b)
{
	size_t done = 0, size;
	int fd;

	b->data = NULL;
	b->len = 0;
	fd = open_file(name, what, &size);
	if (fd < 0)
		return -1;
	b->data = malloc(size);
	if (!b->data) {
		close(fd);
		return fail("out of memory reading %s '%s'", what, name);
	}
	while (done < size) {
		ssize_t r = read(fd, b->data + done, size - done);

		if (r <= 0) {
			free(b->data);
			b->data = NULL;
			close(fd);
			return fail("cannot read %s '%s': %s", what, name,
				    r < 0 ? strerror(errno) : "file shrank");
		}
		done += r;
	}
	close(fd);
	b->len = done;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Guest memory.                                                       */
/* ------------------------------------------------------------------ */

/*
 * Everything we know about the Guest's memory.  base is where guest-physical
 * address 0 appears in this process: 0 in the real Launcher (Guest RAM is
 * mapped at 0 so that the Host can use a guest-physical address directly as
 * a Launcher address), anything in the unit tests.
 *
 * Guest-physical layout, from the bottom:
 *	0		boot parameters (one page)
 *	0x1000		command line
 *	...		the kernel, at the physical addresses in its ELF header
 *	pt_start	page tables: PTE pages, then the page directory (pgdir)
 *	initrd_start	the initrd (initrd_size bytes), its length rounded
 *			up to a page (initrd_len)
 *	initrd_top	(normally mem) free RAM, if initrd_addr_max forced the
 *			initrd lower
 *	mem		device descriptor page
 *	mem + 4096	device pages
 *	top		end; pfnlimit = top / 4096
 */
struct guest {
	uintptr_t base;
	uint32_t mem;
	uint32_t top;

	uint32_t initrd_start, initrd_size, initrd_len, initrd_top;
	uint32_t pt_start, pgdir, pt_pages;

	/* Filled in by the kernel loader. */
	uint32_t kernel_start, kernel_end;
	uint32_t entry;
	uint32_t page_offset;
	bool bzimage;
	/* The bzImage's setup header, when we loaded one. */
	const unsigned char *setup_hdr;
	size_t setup_hdr_len;

	unsigned int ndevices;
};

/* Turn a guest-physical address into a pointer in this process. */
static void *gpa_ptr(const struct guest *g, uint32_t gpa)
{
	return (void *)(g->base + gpa);
}

/*
 * Is [gpa, gpa + len) inside Guest memory (RAM and device pages)?  The
 * start and the end are checked separately so that a huge len cannot wrap
 * around to a small end address.
 */
static bool gpa_range_ok(const struct guest *g, uint32_t gpa, uint32_t len)
{
	return gpa < g->top && len <= g->top - gpa;
}

/*
 * Size Guest memory for "mem_mib" MiB of RAM and one descriptor page.  The
 * Guest's RAM is not touched here; see map_guest_memory().
 */
static void guest_init(struct guest *g, uintptr_t base, unsigned int mem_mib)
{
	memset(g, 0, sizeof(*g));
	g->base = base;
	g->mem = mem_mib << 20;
	g->top = g->mem + PAGE_SIZE;
	g->initrd_top = g->mem;
}

/*
 * Decide where the initrd and page tables go.  Called before the kernel
 * is loaded (the kernel must end below pt_start) and once more after a
 * bzImage told us its initrd_addr_max, with the real initrd length.
 *
 * We use one PTE page per 4 MiB of RAM.  Each PTE page maps one 4 MiB slice
 * of RAM and is used twice, by the identity page-directory entry and by the
 * PAGE_OFFSET one, so the count does not depend on the kernel.
 */
static int plan_layout(struct guest *g, uint32_t initrd_len, uint32_t addr_max)
{
	uint32_t top = g->mem;

	/* The initrd must end at or below initrd_addr_max + 1. */
	if (addr_max && addr_max < top - 1)
		top = (addr_max + 1) & PAGE_MASK;
	g->initrd_top = top;
	g->initrd_size = initrd_len;
	g->initrd_len = PAGE_ALIGN(initrd_len);
	g->pt_pages = (g->mem + PGDIR_SIZE - 1) >> PGDIR_SHIFT;
	if (top < LOW_END ||
	    top - LOW_END < (uint64_t)g->initrd_len +
			    (g->pt_pages + 1) * PAGE_SIZE)
		return fail("%u MiB of memory is too small for %s",
			    g->mem >> 20, initrd_len ?
			    "this initrd and the page tables" :
			    "the page tables");
	g->initrd_start = top - g->initrd_len;
	g->pgdir = g->initrd_start - PAGE_SIZE;
	g->pt_start = g->pgdir - g->pt_pages * PAGE_SIZE;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Loading an ELF vmlinux.                                             */
/* ------------------------------------------------------------------ */

/*
 * Load an i386 ELF kernel image from memory into the Guest.  Every PT_LOAD
 * segment goes to its physical address (p_paddr); the difference between
 * its virtual and physical addresses is the kernel's PAGE_OFFSET and must
 * be the same for all of them.  The entry point of a vmlinux is the
 * *physical* address of startup_32, which is where the Guest starts: the
 * first page tables map both that and the PAGE_OFFSET alias.
 *
 * The kernel must fit between the low boot data and the page tables.
 */
static int load_elf(struct guest *g, const unsigned char *img, size_t len)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
	bool have_offset = false, entry_ok = false;
	uint32_t lo = UINT32_MAX, hi = 0;
	unsigned int i, nload = 0;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return fail("kernel is not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS32 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail("kernel ELF is not 32-bit little-endian");
	if (eh->e_type != ET_EXEC)
		return fail("kernel ELF is not an executable (e_type %u)",
			    eh->e_type);
	if (eh->e_machine != EM_386)
		return fail("kernel ELF is not for i386 (e_machine %u)",
			    eh->e_machine);
	if (eh->e_phentsize != sizeof(Elf32_Phdr))
		return fail("kernel ELF has bad program header size %u",
			    eh->e_phentsize);
	if (eh->e_phnum == 0 || eh->e_phnum > 65536 / sizeof(Elf32_Phdr))
		return fail("kernel ELF has bad program header count %u",
			    eh->e_phnum);
	if (eh->e_phoff > len ||
	    len - eh->e_phoff < (size_t)eh->e_phnum * sizeof(Elf32_Phdr))
		return fail("kernel ELF program headers lie outside the file");

	/* First pass: check everything, so we never load half a kernel. */
	for (i = 0; i < eh->e_phnum; i++) {
		Elf32_Phdr ph;
		uint32_t off;

		memcpy(&ph, img + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		nload++;
		if (ph.p_filesz > ph.p_memsz)
			return fail("kernel ELF segment %u: file size exceeds memory size",
				    i);
		if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset)
			return fail("kernel ELF segment %u lies outside the file",
				    i);
		if (ph.p_memsz == 0)
			continue;
		off = ph.p_vaddr - ph.p_paddr;
		if (have_offset && off != g->page_offset)
			return fail("kernel ELF segments disagree on PAGE_OFFSET (%#x and %#x)",
				    g->page_offset, off);
		g->page_offset = off;
		have_offset = true;
		if (ph.p_paddr < LOW_END || ph.p_memsz > g->pt_start ||
		    ph.p_paddr > g->pt_start - ph.p_memsz)
			return fail("kernel ELF segment %u (%#x-%#x) does not fit in Guest RAM between %#x and %#x",
				    i, ph.p_paddr, ph.p_paddr + ph.p_memsz,
				    LOW_END, g->pt_start);
		if (ph.p_paddr < lo)
			lo = ph.p_paddr;
		if (ph.p_paddr + ph.p_memsz > hi)
			hi = ph.p_paddr + ph.p_memsz;
		if (eh->e_entry >= ph.p_paddr &&
		    eh->e_entry - ph.p_paddr < ph.p_filesz)
			entry_ok = true;
	}
	if (!have_offset)
		return fail("kernel ELF has no loadable segment");
	if (g->page_offset == 0 || g->page_offset % PGDIR_SIZE)
		return fail("kernel PAGE_OFFSET %#x is not a non-zero multiple of 4 MiB",
			    g->page_offset);
	if ((g->page_offset >> PGDIR_SHIFT) >= PTRS_PER_TABLE - 1)
		return fail("kernel PAGE_OFFSET %#x is too high", g->page_offset);
	if (!entry_ok)
		return fail("kernel ELF entry point %#x is not in a loaded segment (expected the physical address of startup_32)",
			    eh->e_entry);

	/* Second pass: copy, and zero what the file does not supply. */
	for (i = 0; i < eh->e_phnum; i++) {
		Elf32_Phdr ph;
		unsigned char *dst;

		memcpy(&ph, img + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		dst = gpa_ptr(g, ph.p_paddr);
		memcpy(dst, img + ph.p_offset, ph.p_filesz);
		memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
		verbose("segment %u: gpa %#x-%#x (%u bytes from file)\n",
			i, ph.p_paddr, ph.p_paddr + ph.p_memsz, ph.p_filesz);
	}
	g->kernel_start = lo;
	g->kernel_end = hi;
	g->entry = eh->e_entry;
	verbose("kernel: %u PT_LOAD segments, PAGE_OFFSET %#x, entry %#x\n",
		nload, g->page_offset, g->entry);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Unpacking a bzImage.                                                */
/* ------------------------------------------------------------------ */

/*
 * The compressors a kernel may use for its payload, told apart by their
 * first bytes.  We unpack gzip (CONFIG_KERNEL_GZIP, the kernel's default)
 * and LZ4 (CONFIG_KERNEL_LZ4, what our config builds); the rest are named
 * so the user knows which option to change.
 */
static const struct {
	const char *name;
	unsigned char magic[6];
	size_t len;
} compressors[] = {
	{ "gzip",  { 0x1f, 0x8b }, 2 },
	{ "bzip2", { 'B', 'Z', 'h' }, 3 },
	{ "lzma",  { 0x5d, 0x00, 0x00 }, 3 },
	{ "xz",    { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ "lzo",   { 0x89, 'L', 'Z', 'O' }, 4 },
	{ "lz4",   { 0x02, 0x21, 0x4c, 0x18 }, 4 },
	{ "zstd",  { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
};

static const char *payload_format(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(compressors); i++)
		if (len >= compressors[i].len &&
		    !memcmp(p, compressors[i].magic, compressors[i].len))
			return compressors[i].name;
	return NULL;
}

/*
 * Inflate one gzip stream.  Whatever follows the stream (the kernel build
 * appends the unpacked size) is ignored.  On success *out is malloc()ed.
 */
static int gunzip(const unsigned char *in, size_t inlen, struct blob *out)
{
	size_t cap = inlen * 4 < (1U << 20) ? (1U << 20) : inlen * 4;
	z_stream zs;
	int ret;

	memset(&zs, 0, sizeof(zs));
	out->len = 0;
	out->data = malloc(cap);
	if (!out->data)
		return fail("out of memory unpacking the kernel");
	/* 16 + MAX_WBITS: expect a gzip header and trailer. */
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		free(out->data);
		return fail("cannot initialise zlib");
	}
	zs.next_in = (unsigned char *)in;
	zs.avail_in = inlen;
	for (;;) {
		if (out->len == cap) {
			unsigned char *n;

			if (cap >= UNPACKED_MAX) {
				ret = Z_MEM_ERROR;
				break;
			}
			cap *= 2;
			n = realloc(out->data, cap);
			if (!n) {
				ret = Z_MEM_ERROR;
				break;
			}
			out->data = n;
		}
		zs.next_out = out->data + out->len;
		zs.avail_out = cap - out->len;
		ret = inflate(&zs, Z_NO_FLUSH);
		out->len = cap - zs.avail_out;
		if (ret == Z_STREAM_END || (ret != Z_OK && ret != Z_BUF_ERROR))
			break;
		/* No progress possible: the input ended mid-stream. */
		if (ret == Z_BUF_ERROR && zs.avail_out != 0)
			break;
	}
	inflateEnd(&zs);
	if (ret == Z_STREAM_END)
		return 0;
	free(out->data);
	out->data = NULL;
	if (ret == Z_MEM_ERROR)
		return fail("kernel payload unpacks to more than %u MiB",
			    UNPACKED_MAX >> 20);
	return fail("kernel gzip payload is corrupt or truncated (%s)",
		    zs.msg ? zs.msg : "unexpected end of data");
}

/*
 * Make room for "more" bytes after out->len in a buffer of *cap bytes,
 * doubling it up to UNPACKED_MAX.  Returns false if that would pass it.
 */
static bool blob_room(struct blob *out, size_t *cap, size_t more)
{
	unsigned char *n;
	size_t want = *cap;

	if (more > UNPACKED_MAX - out->len)
		return false;
	while (want - out->len < more)
		want *= 2;
	if (want == *cap)
		return true;
	n = realloc(out->data, want);
	if (!n)
		return false;
	out->data = n;
	*cap = want;
	return true;
}

/* LZ4's legacy frame: what "lz4 -l" writes, and so the kernel build. */
#define LZ4_LEGACY_MAGIC	0x184c2102U
#define LZ4_LEGACY_BLOCK	(8U << 20)

/* unlz4_block()'s answer when the output would pass UNPACKED_MAX. */
static const char lz4_too_large[] = "too large";
static const char lz4_too_big[] = "a block unpacks to more than 8 MiB";

/*
 * Add a length's continuation bytes: while the last one read was 255,
 * another byte follows and is added too.
 */
static bool lz4_length(const unsigned char **ip, const unsigned char *end,
		       size_t *len)
{
	unsigned char b;

	do {
		if (*ip == end)
			return false;
		b = *(*ip)++;
		*len += b;
		if (*len > UNPACKED_MAX)
			return false;
	} while (b == 255);
	return true;
}

/*
 * Unpack one LZ4 block of "len" bytes onto the end of *out.  A block is
 * a run of sequences.  Each starts with a token byte: its high four bits
 * count the literal bytes that follow it, its low four bits the length
 * of the match after them, less 4 (a match is never shorter); 15 in
 * either means more length bytes follow (lz4_length()).  After the
 * literals comes the match's distance, two bytes, little-endian: the
 * match copies that many bytes back in the output, and may overlap what
 * it writes (distance 1 repeats one byte).  The block's last sequence is
 * literals alone.  A legacy block is at most 8 MiB unpacked and refers
 * to nothing before its own start.
 */
static const char *unlz4_block(const unsigned char *ip, size_t len,
			       struct blob *out, size_t *cap)
{
	const unsigned char *end = ip + len;
	size_t start = out->len;

	while (ip < end) {
		unsigned char token = *ip++;
		size_t lit = token >> 4, mlen = (token & 15) + 4, dist, i, step;
		unsigned char *op;

		if (lit == 15 && !lz4_length(&ip, end, &lit))
			return "a literal length runs off the block";
		if (lit > (size_t)(end - ip))
			return "literals run off the block";
		if (lit > LZ4_LEGACY_BLOCK - (out->len - start))
			return lz4_too_big;
		if (!blob_room(out, cap, lit))
			return lz4_too_large;
		memcpy(out->data + out->len, ip, lit);
		out->len += lit;
		ip += lit;
		if (ip == end)
			break;
		if (end - ip < 2)
			return "a match distance runs off the block";
		dist = ip[0] | ip[1] << 8;
		ip += 2;
		if (dist == 0 || dist > out->len - start)
			return "a match reaches back before the block";
		if (mlen == 19 && !lz4_length(&ip, end, &mlen))
			return "a match length runs off the block";
		if (mlen > LZ4_LEGACY_BLOCK - (out->len - start))
			return lz4_too_big;
		if (!blob_room(out, cap, mlen))
			return lz4_too_large;
		/*
		 * The match repeats every dist bytes, so every 2, 4, ...
		 * times that too: copy it from op - dist in pieces that
		 * double, none overlapping its source.
		 */
		op = out->data + out->len;
		for (i = 0, step = dist; i < mlen; i += step, step *= 2) {
			if (step > mlen - i)
				step = mlen - i;
			memcpy(op + i, op - dist, step);
		}
		out->len += mlen;
	}
	return NULL;
}

/*
 * Unpack a legacy LZ4 frame: the magic, then blocks, each a 4-byte
 * little-endian length and that many bytes (unlz4_block()); the magic
 * again starts another frame.  The kernel build appends the unpacked size
 * (as it does for every compressor), which must be the last 4 bytes and
 * agree.  On success *out is malloc()ed.
 */
static int unlz4(const unsigned char *in, size_t inlen, struct blob *out)
{
	size_t cap = inlen * 4 < (1U << 20) ? (1U << 20) : inlen * 4;
	size_t pos = 4;
	const char *why = NULL;

	out->len = 0;
	out->data = malloc(cap);
	if (!out->data)
		return fail("out of memory unpacking the kernel");
	while (!why) {
		uint32_t n;

		if (inlen - pos < 4) {
			why = "it ends inside a block length";
			break;
		}
		n = get32(in, pos);
		pos += 4;
		if (n == LZ4_LEGACY_MAGIC)
			continue;
		if (pos == inlen && out->len && n == out->len)
			break;	/* the appended size */
		if (n > inlen - pos)
			why = "a block runs past its end";
		else
			why = unlz4_block(in + pos, n, out, &cap);
		pos += n;
	}
	if (!why)
		return 0;
	free(out->data);
	out->data = NULL;
	if (why == lz4_too_large)
		return fail("kernel payload unpacks to more than %u MiB",
			    UNPACKED_MAX >> 20);
	return fail("kernel lz4 payload is corrupt or truncated: %s", why);
}

/*
 * Pull the compressed kernel out of a bzImage and unpack it.  The layout
 * (Documentation/arch/x86/boot.rst): the real-mode setup code is 1 + N
 * sectors of 512 bytes (N = setup_sects, where 0 means 4); the protected
 * mode part follows, and payload_offset/payload_length locate the
 * compressed vmlinux within it.  We do not run the decompressor: it starts
 * with "cli" and reloads segment registers, which ring 1 cannot do.
 *
 * On success *elf holds the unpacked vmlinux and g remembers the setup
 * header, which goes into the boot parameters.
 */
static int unpack_bzimage(struct guest *g, const unsigned char *img, size_t len,
		   struct blob *elf)
{
	unsigned int setup_sects, hdr_end;
	uint32_t pm, off, plen;
	uint16_t version;
	const char *fmt;

	if (len < 0x264 || get32(img, BP_HEADER) != HDRS_MAGIC)
		return fail("kernel is neither an ELF vmlinux nor a bzImage (no \"HdrS\" at 0x202)");
	version = get16(img, BP_VERSION);
	if (version < BOOT_PROTO_PAYLOAD)
		return fail("bzImage boot protocol %u.%02u is too old (need 2.08 or later)",
			    version >> 8, version & 0xff);
	setup_sects = img[BP_SETUP_SECTS] ? img[BP_SETUP_SECTS] : 4;
	pm = (setup_sects + 1) * 512;
	hdr_end = BP_HEADER + img[BP_JUMP + 1];
	if (hdr_end > PAGE_SIZE || hdr_end > len || hdr_end > pm)
		return fail("bzImage setup header is malformed");
	off = get32(img, BP_PAYLOAD_OFFSET);
	plen = get32(img, BP_PAYLOAD_LENGTH);
	if (pm > len || off > len - pm || plen > len - pm - off || plen < 18)
		return fail("bzImage payload (offset %#x, length %#x) lies outside the file",
			    off, plen);
	fmt = payload_format(img + pm + off, plen);
	if (!fmt)
		return fail("bzImage payload is in an unknown compression format");
	if (!strcmp(fmt, "gzip")) {
		if (gunzip(img + pm + off, plen, elf) < 0)
			return -1;
	} else if (!strcmp(fmt, "lz4")) {
		if (unlz4(img + pm + off, plen, elf) < 0)
			return -1;
	} else {
		return fail("bzImage payload is %s-compressed; only gzip and lz4 are supported (build with CONFIG_KERNEL_GZIP=y or CONFIG_KERNEL_LZ4=y)",
			    fmt);
	}
	g->bzimage = true;
	g->setup_hdr = img + BP_SETUP_SECTS;
	g->setup_hdr_len = hdr_end - BP_SETUP_SECTS;
	verbose("bzImage: protocol %u.%02u, %u setup sectors, payload %u bytes unpacked to %zu\n",
		version >> 8, version & 0xff, setup_sects, plen, elf->len);
	return 0;
}

/*
 * Load whichever kind of kernel file this is.  For a bzImage, "keep" gets
 * the unpacked ELF, which the caller frees (after writing the boot
 * parameters, since the setup header points into "img").
 */
static int load_kernel(struct guest *g, const unsigned char *img, size_t len,
		struct blob *keep)
{
	keep->data = NULL;
	keep->len = 0;
	if (len >= SELFMAG && !memcmp(img, ELFMAG, SELFMAG))
		return load_elf(g, img, len);
	if (unpack_bzimage(g, img, len, keep) < 0)
		return -1;
	if (load_elf(g, keep->data, keep->len) < 0) {
		char why[sizeof(lg_error)];

		memcpy(why, lg_error, sizeof(why));
		return fail("bzImage payload: %s", why);
	}
	return 0;
}

/* The initrd's place was decided by plan_layout(); copy it there. */
static void load_initrd(struct guest *g, const struct blob *rd)
{
	unsigned char *dst = gpa_ptr(g, g->initrd_start);

	memcpy(dst, rd->data, rd->len);
	memset(dst + rd->len, 0, g->initrd_len - rd->len);
	verbose("initrd: gpa %#x-%#x (%zu bytes)\n", g->initrd_start,
		g->initrd_start + g->initrd_len, rd->len);
}

/* ------------------------------------------------------------------ */
/* Page tables.                                                        */
/* ------------------------------------------------------------------ */

/*
 * Build the page tables the Guest starts with: two-level, non-PAE, 4 KiB
 * pages.  The Guest's head_32.S starts at the *physical* address of
 * startup_32 with paging on, and later jumps to the virtual addresses its
 * kernel was linked at, so both views must work:
 *
 *	identity:	virtual X               -> physical X
 *	kernel:		virtual page_offset + X -> physical X
 *
 * for all of RAM (within what 4 GiB allows).  PTE page k maps RAM
 * [k * 4 MiB, (k + 1) * 4 MiB) and is shared by directory entries k and
 * page_offset / 4 MiB + k.  The last directory entry (the top 4 MiB) is
 * left empty: the Host keeps its Switcher there.
 *
 * Flags: directory entries 0x7 (present, writable, user), table entries
 * 0x3 (present, writable), which is what Linux's own early tables use.
 * The result is a supervisor mapping.  The Guest kernel runs in ring 1,
 * which the MMU counts as supervisor, so that is all it needs; and a
 * supervisor page does not trip the Host CPU's SMEP (no executing user
 * pages below ring 3) or SMAP (no touching them) while the Guest kernel
 * runs from these tables.  (The 2007 Launcher used 0x7 everywhere.)  The
 * Host copies these flags into its shadow tables; the Guest replaces all
 * of this with its own tables early on.  These pages are not reserved:
 * once the Guest has switched away they are ordinary free RAM.
 */
static void build_page_tables(struct guest *g)
{
	uint32_t *pgdir = gpa_ptr(g, g->pgdir);
	uint32_t ident_end, kern_end, i, k;

	memset(gpa_ptr(g, g->pt_start), 0, (g->pt_pages + 1) * PAGE_SIZE);
	for (i = 0; i < g->mem / PAGE_SIZE; i++) {
		uint32_t *pte = gpa_ptr(g, g->pt_start);

		pte[i] = (i * PAGE_SIZE) | PTE_FLAGS;
	}

	/* How much RAM each view can show without overlapping the other. */
	ident_end = g->mem < g->page_offset ? g->mem : g->page_offset;
	kern_end = (PTRS_PER_TABLE - 1 - (g->page_offset >> PGDIR_SHIFT)) *
		   PGDIR_SIZE;
	if (kern_end > g->mem)
		kern_end = g->mem;

	for (k = 0; k < g->pt_pages; k++) {
		uint32_t pde = (g->pt_start + k * PAGE_SIZE) | PDE_FLAGS;

		if (k * PGDIR_SIZE < ident_end)
			pgdir[k] = pde;
		if (k * PGDIR_SIZE < kern_end)
			pgdir[(g->page_offset >> PGDIR_SHIFT) + k] = pde;
	}
	verbose("page tables: %u PTE pages at gpa %#x, directory at %#x\n",
		g->pt_pages, g->pt_start, g->pgdir);
}

/* ------------------------------------------------------------------ */
/* Boot parameters and command line.                                   */
/* ------------------------------------------------------------------ */

/*
 * Kernel parameters a 6.12 Guest running in ring 1 needs, added unless the
 * user gave the same parameter (with any value):
 *
 *  dis_ucode_ldr	the early microcode loader reads and writes
 *			model-specific registers, which ring 1 cannot do.
 *  mitigations=off	the speculation mitigations write MSRs too, and
 *			mean nothing inside an lguest Guest.
 *  nopat		PAT setup writes the PAT MSR.
 */
static const char *const guest_needs[] = {
	"dis_ucode_ldr", "mitigations=off", "nopat",
};

/* Does the user's command line set parameter "p" (name before any '=')? */
static bool has_param(char **args, int n, const char *p)
{
	size_t plen = strcspn(p, "=");
	int i;

	for (i = 0; i < n; i++) {
		/* After "--" the arguments are for init, not the kernel. */
		if (!strcmp(args[i], "--"))
			break;
		if (!strncmp(args[i], p, plen) &&
		    (args[i][plen] == '\0' || args[i][plen] == '='))
			return true;
	}
	return false;
}

/*
 * Build the Guest's command line: our additions first (so that a "--" in
 * the user's arguments still ends the kernel's part), then the user's
 * arguments, separated by single spaces.  "max" counts the final NUL.
 */
static int build_cmdline(char *buf, size_t max, char **args, int n)
{
	size_t used = 0;
	unsigned int i;
	int a;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(guest_needs); i++) {
		if (has_param(args, n, guest_needs[i]))
			continue;
		used += snprintf(buf + used, max - used, "%s%s",
				 used ? " " : "", guest_needs[i]);
		if (used >= max)
			return fail("kernel command line is too long");
	}
	for (a = 0; a < n; a++) {
		used += snprintf(buf + used, max - used, "%s%s",
				 used ? " " : "", args[a]);
		if (used >= max)
			return fail("kernel command line is too long (at most %zu bytes)",
				    max - 1);
	}
	return 0;
}

/*
 * Fill the boot parameters (the "zero page") at gpa 0 and the command line.
 * The Guest's startup_32 checks hardware_subarch == X86_SUBARCH_LGUEST and
 * version >= 2.07 before taking the lguest path.
 */
static int setup_boot_params(struct guest *g, char **args, int nargs)
{
	unsigned char *bp = gpa_ptr(g, BOOT_PARAMS_GPA);
	uint32_t cl_max = CMDLINE_MAX - 1;
	char *cmdline = gpa_ptr(g, CMDLINE_GPA);

	memset(bp, 0, PAGE_SIZE);
	if (g->bzimage) {
		/* Keep what the kernel told us about itself. */
		memcpy(bp + BP_SETUP_SECTS, g->setup_hdr, g->setup_hdr_len);
		if (get32(bp, BP_CMDLINE_SIZE) &&
		    get32(bp, BP_CMDLINE_SIZE) < cl_max)
			cl_max = get32(bp, BP_CMDLINE_SIZE);
	} else {
		/* Make the header look like one a bzImage would carry. */
		put16(bp, BP_BOOT_FLAG, 0xaa55);
		put32(bp, BP_HEADER, HDRS_MAGIC);
	}
	if (get16(bp, BP_VERSION) < BOOT_PROTO_MIN)
		put16(bp, BP_VERSION, BOOT_PROTO_MIN);
	put32(bp, BP_HARDWARE_SUBARCH, X86_SUBARCH_LGUEST);
	bp[BP_TYPE_OF_LOADER] = LOADER_UNDEFINED;
	put32(bp, BP_CMDLINE_SIZE, cl_max);

	if (build_cmdline(cmdline, cl_max + 1, args, nargs) < 0)
		return -1;
	put32(bp, BP_CMD_LINE_PTR, CMDLINE_GPA);

	if (g->initrd_len) {
		put32(bp, BP_RAMDISK_IMAGE, g->initrd_start);
		put32(bp, BP_RAMDISK_SIZE, g->initrd_size);
	}

	/* One RAM region: all of it.  The device pages are not RAM. */
	bp[BP_E820_ENTRIES] = 1;
	put32(bp, BP_E820_TABLE + 0, 0);		/* addr, low */
	put32(bp, BP_E820_TABLE + 4, 0);		/* addr, high */
	put32(bp, BP_E820_TABLE + 8, g->mem);		/* size, low */
	put32(bp, BP_E820_TABLE + 12, 0);		/* size, high */
	put32(bp, BP_E820_TABLE + 16, E820_TYPE_RAM);
	verbose("command line: %s\n", cmdline);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Devices.                                                            */
/* ------------------------------------------------------------------ */

/*
 * Add a device descriptor; "pages" zeroed pages are taken from the top of
 * the device area for it.  Returns the descriptor, or NULL when full.
 */
static struct lguest_device_desc *add_device(struct guest *g, uint16_t type,
				      uint16_t features, uint16_t pages)
{
	struct lguest_device_desc *d = gpa_ptr(g, g->mem);

	if (g->ndevices == LGUEST_MAX_DEVICES ||
	    g->top + pages * PAGE_SIZE > g->mem + DEVICE_PAGES_MAX * PAGE_SIZE) {
		fail("too many devices");
		return NULL;
	}
	d += g->ndevices++;
	memset(d, 0, sizeof(*d));
	d->type = type;
	d->features = features;
	d->num_pages = pages;
	if (pages) {
		d->pfn = g->top / PAGE_SIZE;
		memset(gpa_ptr(g, g->top), 0, pages * PAGE_SIZE);
		g->top += pages * PAGE_SIZE;
	}
	verbose("device %u: type %u, %u pages at pfn %#x\n", g->ndevices - 1,
		type, pages, d->pfn);
	return d;
}

/* ------------------------------------------------------------------ */
/* DMA buffers from the Guest.                                         */
/* ------------------------------------------------------------------ */

/*
 * Check the struct lguest_dma at guest-physical address "dma" and every
 * section it lists, and turn the sections into an iovec.  The list ends at
 * the first zero length or after LGUEST_MAX_DMA_SECTIONS.  Returns the
 * number of sections, or -1 (with lg_error set) if anything points outside
 * Guest memory: the Guest handed us garbage.
 */
static int dma_to_iov(const struct guest *g, uint32_t dma,
	       struct iovec iov[LGUEST_MAX_DMA_SECTIONS])
{
	const struct lguest_dma *d;
	int i;

	if (!gpa_range_ok(g, dma, sizeof(*d)))
		return fail("Guest DMA descriptor at %#x is outside its memory",
			    dma);
	d = gpa_ptr(g, dma);
	for (i = 0; i < LGUEST_MAX_DMA_SECTIONS && d->len[i]; i++) {
		if (!gpa_range_ok(g, d->addr[i], d->len[i]))
			return fail("Guest DMA section %d (%#x, %u bytes) is outside its memory",
				    i, d->addr[i], d->len[i]);
		iov[i].iov_base = gpa_ptr(g, d->addr[i]);
		iov[i].iov_len = d->len[i];
	}
	return i;
}

/* ------------------------------------------------------------------ */
/* The console.                                                        */
/* ------------------------------------------------------------------ */

/*
 * Killing the Guest from the keyboard.  The terminal is in raw mode so
 * Ctrl-C goes to the Guest like any other key; three Ctrl-C in a row, each
 * within a second of the first, end the Launcher instead.  Any other byte
 * starts the count again.
 */
struct kill_seq {
	unsigned int count;
	time_t first;
};

#define CTRL_C		0x03
#define KILL_PRESSES	3

static bool kill_seq_feed(struct kill_seq *k, const unsigned char *buf, size_t len,
		   time_t now)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] != CTRL_C) {
			k->count = 0;
			continue;
		}
		if (k->count == 0 || now - k->first > 1) {
			k->count = 1;
			k->first = now;
			continue;
		}
		if (++k->count == KILL_PRESSES)
			return true;
	}
	return false;
}

static struct termios saved_termios;
static bool termios_saved;

static void restore_terminal(void)
{
	if (termios_saved) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
		termios_saved = false;
	}
}

static void fatal_signal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * If stdin is a terminal, hand every key to the Guest as typed: no line
 * editing, no echo (the Guest echoes), no signals from ^C or ^Z, no flow
 * control.  Output processing is left alone.  The old settings come back
 * at exit.
 */
static void raw_terminal(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &t) < 0)
		return;
	saved_termios = t;
	termios_saved = true;
	atexit(restore_terminal);
	signal(SIGTERM, fatal_signal);
	signal(SIGHUP, fatal_signal);
	t.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(IXON | ICRNL);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

/* ------------------------------------------------------------------ */
/* Talking to the Host.                                                */
/* ------------------------------------------------------------------ */

static int lguest_fd = -1;

/* Write one request (code plus arguments) to /dev/lguest. */
static ssize_t lguest_request(uint32_t code, uint32_t arg)
{
	uint32_t req[2] = { code, arg };

	return write(lguest_fd, req, sizeof(req));
}

/*
 * Console output: the Guest sent a DMA to key 0.  Write its sections to
 * stdout and tell the Guest how many bytes went out.
 */
static int console_output(const struct guest *g, uint32_t dma)
{
	struct iovec iov[LGUEST_MAX_DMA_SECTIONS];
	struct lguest_dma *d;
	ssize_t done;
	int n;

	n = dma_to_iov(g, dma, iov);
	if (n < 0)
		return -1;
	d = gpa_ptr(g, dma);
	done = n ? writev(STDOUT_FILENO, iov, n) : 0;
	d->used_len = done < 0 ? 0 : done;
	return 0;
}

/*
 * Console input.
 *
 * The Guest's console binds one small buffer at key 0, and it is busy from
 * the moment we fill it until the Guest's tty has taken the characters.
 * Someone pasting a long line types faster than that, so what we read from
 * stdin waits in a backlog here, and goes to the Guest a bufferful at a
 * time, whenever LHREQ_GETDMA finds the buffer free again: after each
 * output the Guest sends us (typically the echo of what it just took), and
 * on a short timer of the Waker's while anything is waiting.  Only when the
 * backlog itself is full is input thrown away (with a warning): stdin must
 * still be read, or Ctrl-C three times could not get through.
 */
#define CON_BACKLOG	4096

struct con_backlog {
	unsigned char buf[CON_BACKLOG];
	size_t len;
};

/* Append what fits; returns how much did. */
static size_t backlog_add(struct con_backlog *b, const unsigned char *p,
			  size_t len)
{
	size_t room = sizeof(b->buf) - b->len;

	if (len > room)
		len = room;
	memcpy(b->buf + b->len, p, len);
	b->len += len;
	return len;
}

/* Drop the first "len" bytes (they went to the Guest). */
static void backlog_take(struct con_backlog *b, size_t len)
{
	memmove(b->buf, b->buf + len, b->len - len);
	b->len -= len;
}

static struct kill_seq kill_seq;
static struct con_backlog con_backlog;

/*
 * Hand as much of the backlog as fits to the Guest's console buffer, if it
 * is free.  LHREQ_GETDMA also stores the interrupt to raise in used_len.
 * Returns true while input is still waiting for the Guest.
 */
static bool console_flush(const struct guest *g)
{
	struct iovec iov[LGUEST_MAX_DMA_SECTIONS];
	struct lguest_dma *d;
	size_t done = 0;
	uint32_t irq;
	ssize_t r;
	int n, i;

	if (con_backlog.len) {
		/*
		 * The write() result is the gpa of the buffer, below
		 * LGUEST_GPA_LIMIT, so never negative: -1 means failure (no
		 * buffer bound yet, or it is still full).
		 */
		r = lguest_request(LHREQ_GETDMA, LGUEST_CONSOLE_DMA_KEY);
		if (r != -1) {
			n = dma_to_iov(g, (uint32_t)r, iov);
			if (n < 0)
				die(EXIT_FAILURE_RUN, "%s", lg_error);
			d = gpa_ptr(g, (uint32_t)r);
			irq = d->used_len;
			for (i = 0; i < n && done < con_backlog.len; i++) {
				size_t c = con_backlog.len - done;

				if (c > iov[i].iov_len)
					c = iov[i].iov_len;
				memcpy(iov[i].iov_base, con_backlog.buf + done, c);
				done += c;
			}
			/* An empty buffer (n == 0) goes straight back. */
			d->used_len = done;
			if (done && lguest_request(LHREQ_IRQ, irq) < 0)
				die(EXIT_FAILURE_RUN, "LHREQ_IRQ %u failed: %s",
				    irq, strerror(errno));
			backlog_take(&con_backlog, done);
		}
	}
	return con_backlog.len != 0;
}

/*
 * stdin is readable: read it into the backlog and flush that.  Returns
 * false when stdin is finished.
 */
static bool console_input(void)
{
	static bool warned;
	unsigned char buf[1024];
	ssize_t r;

	r = read(STDIN_FILENO, buf, sizeof(buf));
	if (r <= 0) {
		/* End of input: stop listening, but keep the Guest going. */
		restore_terminal();
		return false;
	}
	if (kill_seq_feed(&kill_seq, buf, r, time(NULL)))
		die(EXIT_KEYBOARD, "killed from the keyboard (Ctrl-C three times)");
	if (backlog_add(&con_backlog, buf, r) < (size_t)r && !warned) {
		fprintf(stderr, "lguest: Guest is not reading its console; input discarded\n");
		warned = true;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* The block device.                                                   */
/* ------------------------------------------------------------------ */

/*
 * Each --block=FILE gives the Guest one disk (lgba, lgbb, ... in order).  Its device page is a struct
 * lguest_block_page: we write the disk size there once, and the Guest
 * writes each request there before it sends a DMA to the page's address:
 *
 *   read	the DMA is empty; we read into the buffer the Guest bound at
 *		the same key, which the Host finds for us (LHREQ_GETDMA)
 *   write	the DMA holds the data; we write it to the file
 *   flush	(our extension, offered with LGUEST_BLOCK_F_FLUSH) the DMA is
 *		empty; we fdatasync() the file
 *
 * then set result and raise the interrupt of the Guest's binding, which
 * LHREQ_GETDMA stored in that buffer's used_len.  The Guest is stopped in
 * its SEND_DMA all the while, so a write is in the file (in the Host's
 * page cache) before the Guest hears it is done, and after a flush it is
 * on the disk.  Anything wrong with a request (beyond the end, a DMA that
 * does not hold the bytes it claims, an I/O error) is a result of
 * LGUEST_BLOCK_RESULT_ERROR, which the Guest sees as -EIO: only a DMA
 * pointing outside Guest memory ends the Launcher, as for the console.
 */
struct block_dev {
	int fd;			/* the image */
	uint64_t size;		/* bytes the Guest may use: num_sectors * 512 */
	uint32_t key;		/* guest-physical address of the device page */
	uint32_t ring;		/* ... and of the request ring after it */
	const struct lguest_device_desc *desc;	/* status says which protocol */
	/* What the ring did, for --verbose at exit. */
	unsigned long doorbells, requests;
	unsigned int most_queued;	/* the most served on one doorbell */
	uint64_t serve_ns;		/* time serving doorbells */
};

#define SECTOR_SIZE		512U

/* CLOCK_MONOTONIC in nanoseconds, for the statistics. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Open the disk image read-write and find its size.  A regular file or a
 * block device will do; bytes after the last whole sector are not used.
 */
static int block_open(const char *name, struct block_dev *b)
{
	struct stat st;
	off64_t end;
	int fd;

	fd = open(name, O_RDWR | O_LARGEFILE);
	if (fd < 0)
		return fail("cannot open disk image '%s': %s", name,
			    strerror(errno));
	if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
		close(fd);
		return fail("disk image '%s' is not a regular file or a block device",
			    name);
	}
	end = lseek64(fd, 0, SEEK_END);
	if (end < 0) {
		close(fd);
		return fail("cannot find the size of disk image '%s': %s", name,
			    strerror(errno));
	}
	if (end < SECTOR_SIZE) {
		close(fd);
		return fail("disk image '%s' is smaller than one %u-byte sector",
			    name, SECTOR_SIZE);
	}
	if ((uint64_t)end / SECTOR_SIZE > UINT32_MAX) {
		close(fd);
		return fail("disk image '%s' is too large (at most 2 TiB)", name);
	}
	b->fd = fd;
	b->size = (uint64_t)end / SECTOR_SIZE * SECTOR_SIZE;
	return 0;
}

/*
 * The request ring (LGUEST_BLOCK_F_RING): one page of slots after the
 * block page, 128 requests, more than the Guest's queue will hold.
 */
#define BLOCK_RING_PAGES	1U
#define BLOCK_RING_SLOTS	(BLOCK_RING_PAGES * PAGE_SIZE / \
				 sizeof(struct lguest_block_req))

/*
 * Describe the disk to the Guest: the block page and the ring, the size,
 * the flush and ring features.  Returns the descriptor, or NULL (lg_error
 * set) if there is no room.
 */
static struct lguest_device_desc *block_add(struct guest *g,
					    struct block_dev *b)
{
	struct lguest_device_desc *d;
	struct lguest_block_page *p;

	d = add_device(g, LGUEST_DEVICE_T_BLOCK,
		       LGUEST_DEVICE_F_RANDOMNESS | LGUEST_BLOCK_F_FLUSH |
		       LGUEST_BLOCK_F_RING, 1 + BLOCK_RING_PAGES);
	if (!d)
		return NULL;
	b->desc = d;
	b->key = d->pfn * PAGE_SIZE;
	b->ring = b->key + PAGE_SIZE;
	p = gpa_ptr(g, b->key);
	p->num_sectors = b->size / SECTOR_SIZE;
	verbose("block: %u sectors, key %#x\n", p->num_sectors, b->key);
	return d;
}

/* Is [off, off + len) on the disk? */
static bool block_range_ok(const struct block_dev *b, uint64_t off,
			   uint32_t len)
{
	return off <= b->size && len <= b->size - off;
}

static uint64_t iov_total(const struct iovec *iov, int n)
{
	uint64_t total = 0;
	int i;

	for (i = 0; i < n; i++)
		total += iov[i].iov_len;
	return total;
}

/*
 * Carry out the request in the device page.  "dma" is what the Guest sent,
 * "reply" the buffer it bound (used by reads).  Returns the result for the
 * page, or -1 (lg_error set) if a DMA points outside Guest memory.
 */
static int block_serve(const struct guest *g, struct block_dev *b,
		       uint32_t dma, uint32_t reply)
{
	struct lguest_block_page *p = gpa_ptr(g, b->key);
	struct iovec iov[LGUEST_MAX_DMA_SECTIONS];
	int32_t type = p->type;
	uint32_t bytes = p->bytes;
	uint64_t off = (uint64_t)p->sector * SECTOR_SIZE;
	struct lguest_dma *r;
	ssize_t done;
	int n;

	switch (type) {
	case LGUEST_BLOCK_READ:
		n = dma_to_iov(g, reply, iov);
		if (n < 0)
			return -1;
		r = gpa_ptr(g, reply);
		r->used_len = 0;
		if (!block_range_ok(b, off, bytes) || iov_total(iov, n) != bytes)
			break;
		done = n ? preadv64(b->fd, iov, n, off) : 0;
		if (done > 0)
			r->used_len = done;
		if (done == (ssize_t)bytes)
			return LGUEST_BLOCK_RESULT_OK;
		break;
	case LGUEST_BLOCK_WRITE:
		n = dma_to_iov(g, dma, iov);
		if (n < 0)
			return -1;
		if (!block_range_ok(b, off, bytes) || iov_total(iov, n) != bytes)
			break;
		done = n ? pwritev64(b->fd, iov, n, off) : 0;
		if (done == (ssize_t)bytes)
			return LGUEST_BLOCK_RESULT_OK;
		break;
	case LGUEST_BLOCK_FLUSH:
		if (fdatasync(b->fd) == 0)
			return LGUEST_BLOCK_RESULT_OK;
		break;
	}
	verbose("block: request type %d, sector %u, %u bytes failed\n", type,
		p->sector, bytes);
	return LGUEST_BLOCK_RESULT_ERROR;
}

/*
 * The Guest sent the DMA at "dma" to our disk's key: serve the request in
 * the device page, set its result and raise the reply buffer's interrupt.
 */
static void block_request(const struct guest *g, struct block_dev *b,
			  uint32_t dma)
{
	struct lguest_block_page *p;
	struct lguest_dma *r;
	uint32_t irq;
	ssize_t reply;
	int result;

	if (!gpa_range_ok(g, dma, sizeof(*r)))
		die(EXIT_FAILURE_RUN, "block: Guest DMA descriptor at %#x is outside its memory",
		    dma);
	reply = lguest_request(LHREQ_GETDMA, b->key);
	if (reply == -1)
		die(EXIT_FAILURE_RUN, "block: the Guest has no reply buffer bound: %s",
		    strerror(errno));
	if (!gpa_range_ok(g, (uint32_t)reply, sizeof(*r)))
		die(EXIT_FAILURE_RUN, "block: reply buffer %#x is outside Guest memory",
		    (uint32_t)reply);
	r = gpa_ptr(g, (uint32_t)reply);
	irq = r->used_len;
	result = block_serve(g, b, dma, (uint32_t)reply);
	if (result < 0)
		die(EXIT_FAILURE_RUN, "block: %s", lg_error);
	/* The sender learns the outcome from result, not from used_len. */
	((struct lguest_dma *)gpa_ptr(g, dma))->used_len = 0;
	p = gpa_ptr(g, b->key);
	__atomic_store_n(&p->result, result, __ATOMIC_RELEASE);
	if (lguest_request(LHREQ_IRQ, irq) < 0)
		die(EXIT_FAILURE_RUN, "LHREQ_IRQ %u failed: %s", irq,
		    strerror(errno));
}

/*
 * The ring: each slot's segment list becomes an iovec.  Returns the number
 * of segments, or -1 (lg_error set) if the Guest broke the rules: more
 * segments than allowed, a list or a segment outside its memory, an empty
 * segment, or lengths that do not add up to "bytes".
 */
static int block_ring_iov(const struct guest *g, uint32_t seg, uint32_t nseg,
			  uint32_t bytes, struct iovec *iov)
{
	const struct lguest_block_seg *s;
	uint64_t total = 0;
	uint32_t i;

	if (nseg > LGUEST_BLOCK_MAX_SEGS || bytes > LGUEST_BLOCK_MAX_BYTES)
		return fail("request of %u segments, %u bytes is too large",
			    nseg, bytes);
	if (!gpa_range_ok(g, seg, nseg * sizeof(*s)))
		return fail("segment list at %#x is outside Guest memory", seg);
	s = gpa_ptr(g, seg);
	for (i = 0; i < nseg; i++) {
		/* Once each: the Guest could be changing them. */
		uint32_t addr = __atomic_load_n(&s[i].addr, __ATOMIC_RELAXED);
		uint32_t len = __atomic_load_n(&s[i].len, __ATOMIC_RELAXED);

		if (!len || !gpa_range_ok(g, addr, len))
			return fail("segment %u (%#x, %u bytes) is outside Guest memory",
				    i, addr, len);
		iov[i].iov_base = gpa_ptr(g, addr);
		iov[i].iov_len = len;
		total += len;
	}
	if (total != bytes)
		return fail("segments hold %llu bytes, the request says %u",
			    (unsigned long long)total, bytes);
	return nseg;
}

/*
 * Serve one queued read or write of the ring.  Returns the slot's result,
 * or -1 (lg_error set) for a malformed request, which ends the Guest.
 */
static int block_ring_rw(const struct guest *g, struct block_dev *b,
			 const struct lguest_block_req *r, int32_t type)
{
	struct iovec iov[LGUEST_BLOCK_MAX_SEGS];
	uint64_t sector = __atomic_load_n(&r->sector, __ATOMIC_RELAXED);
	uint32_t bytes = __atomic_load_n(&r->bytes, __ATOMIC_RELAXED);
	uint32_t nseg = __atomic_load_n(&r->nseg, __ATOMIC_RELAXED);
	uint32_t seg = __atomic_load_n(&r->seg, __ATOMIC_RELAXED);
	ssize_t done;
	int n;

	n = block_ring_iov(g, seg, nseg, bytes, iov);
	if (n < 0)
		return -1;
	/* Beyond the end is an I/O error, as on a real disk. */
	if (sector > b->size / SECTOR_SIZE ||
	    !block_range_ok(b, sector * SECTOR_SIZE, bytes))
		goto error;
	if (!n)
		return LGUEST_BLOCK_RESULT_OK;
	if (type == LGUEST_BLOCK_READ)
		done = preadv64(b->fd, iov, n, sector * SECTOR_SIZE);
	else
		done = pwritev64(b->fd, iov, n, sector * SECTOR_SIZE);
	if (done == (ssize_t)bytes)
		return LGUEST_BLOCK_RESULT_OK;
error:
	verbose("block: ring request type %d, sector %llu, %u bytes failed\n",
		type, (unsigned long long)sector, bytes);
	return LGUEST_BLOCK_RESULT_ERROR;
}

/*
 * The doorbell of a Guest that uses the ring: serve every queued slot, the
 * flushes last so that they cover the writes queued beside them, and store
 * each result before the Guest runs again.  Returns 0, or -1 (lg_error
 * set) if the Guest broke the rules.
 */
static int block_ring(const struct guest *g, struct block_dev *b)
{
	struct lguest_block_req *slot = gpa_ptr(g, b->ring);
	unsigned int i, queued = 0, flushes = 0;
	uint64_t t0 = now_ns();
	int result;

	for (i = 0; i < BLOCK_RING_SLOTS; i++) {
		struct lguest_block_req *r = &slot[i];
		int32_t type;

		if (__atomic_load_n(&r->status, __ATOMIC_ACQUIRE) !=
		    LGUEST_BLOCK_REQ_QUEUED)
			continue;
		queued++;
		type = __atomic_load_n(&r->type, __ATOMIC_RELAXED);
		switch (type) {
		case LGUEST_BLOCK_READ:
		case LGUEST_BLOCK_WRITE:
			result = block_ring_rw(g, b, r, type);
			if (result < 0) {
				char why[sizeof(lg_error)];

				snprintf(why, sizeof(why), "%s", lg_error);
				return fail("block: ring slot %u: %s", i, why);
			}
			break;
		case LGUEST_BLOCK_FLUSH:
			if (r->bytes || r->nseg)
				return fail("block: ring slot %u: a flush with data",
					    i);
			flushes++;
			continue;
		default:
			/* A kind we do not know (yet): refuse it politely. */
			result = LGUEST_BLOCK_RESULT_ERROR;
			break;
		}
		__atomic_store_n(&r->status, result, __ATOMIC_RELEASE);
	}
	if (flushes) {
		result = fdatasync(b->fd) == 0 ? LGUEST_BLOCK_RESULT_OK :
						 LGUEST_BLOCK_RESULT_ERROR;
		for (i = 0; i < BLOCK_RING_SLOTS; i++)
			if (__atomic_load_n(&slot[i].status, __ATOMIC_ACQUIRE) ==
			    LGUEST_BLOCK_REQ_QUEUED &&
			    slot[i].type == LGUEST_BLOCK_FLUSH)
				__atomic_store_n(&slot[i].status, result,
						 __ATOMIC_RELEASE);
	}
	b->doorbells++;
	b->serve_ns += now_ns() - t0;
	b->requests += queued;
	if (queued > b->most_queued)
		b->most_queued = queued;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The network devices.                                                */
/* ------------------------------------------------------------------ */

/*
 * A network device is one page of struct lguest_net slots, one per member
 * of the network, holding that member's MAC address (see the Guest's
 * drivers/net/lguest_net.c).  The descriptor's features tell the Guest
 * which slot is its own.  A frame for the member in slot n is a DMA to the
 * page's guest-physical address plus 4 * n.
 *
 * Each --sharenet or --tunnet is one such device (eth0, eth1, ... in
 * order).
 *
 * --sharenet=FILE: the page is the first page of FILE, mapped MAP_SHARED
 *	over the device page.  Every Launcher using FILE does the same, so
 *	the Host sees one page behind all their keys and copies frames from
 *	Guest to Guest itself; we never see them.  A Launcher claims a slot
 *	by taking a write lock on the byte of FILE at that offset, which the
 *	kernel drops when the Launcher exits, however it dies.
 *
 * --tunnet=IP: the page is private Guest memory.  We put the MAC of a new
 *	tap device in slot 0, marked promiscuous, and give the Guest slot 1.
 *	The Guest then sends every frame to slot 0's key; the key is private,
 *	so the Host hands the DMA to us and we write it to the tap.  Frames
 *	from the tap go into the buffers the Guest bound at slot 1's key
 *	(LHREQ_GETDMA, then LHREQ_IRQ).  The tap reaches a real network, so
 *	the Guest must checksum its frames: no LGUEST_NET_F_NOCSUM here.
 *	"bridge:NAME" instead of an address adds the tap to bridge NAME.
 *
 * Both offer big frames (LGUEST_NET_F_BIG), except a tap in a bridge,
 * whose frames go on to a real network of Ethernet-sized frames.  A
 * --tunnet Guest that takes them says so in its status (LGUEST_NET_S_BIG)
 * before its first frame, and we then raise the tap's MTU to 65521, so
 * the Host's side of the link sends big frames too.
 */
#define NET_SLOTS		(PAGE_SIZE / sizeof(struct lguest_net))
#define TUN_HOST_SLOT		0U
#define TUN_GUEST_SLOT		1U

struct netdev {
	const char *arg;	/* the option's value, for messages */
	int fd;			/* the tap, or the --sharenet file; -1: none */
	unsigned int slot;	/* the Guest's slot */
	uint32_t page;		/* gpa of the slot page, once attached */
	unsigned char tap_mac[6];
	char tap[IFNAMSIZ];	/* the tap's name */
	bool bridged;		/* the tap is in a bridge: no big frames */
	bool big;		/* the tap's MTU is raised */
	const struct lguest_device_desc *desc;
	bool warned;		/* we said we drop frames */
};

/*
 * Open (creating it if need be) the --sharenet file and claim a free slot
 * in it.  Returns 0, or -1 with lg_error set.
 */
static int sharenet_open(struct netdev *n, const char *name)
{
	struct stat st;
	unsigned int slot;
	int fd;

	n->arg = name;
	fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail("--sharenet=%s: cannot open or create it: %s", name,
			    strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail("--sharenet=%s: not a regular file", name);
	}
	/* A new file grows to one page of zeroes: all slots free. */
	if (st.st_size < (off_t)PAGE_SIZE && ftruncate(fd, PAGE_SIZE) < 0) {
		close(fd);
		return fail("--sharenet=%s: cannot extend it to one page: %s",
			    name, strerror(errno));
	}
	for (slot = 0; slot < NET_SLOTS; slot++) {
		struct flock fl = {
			.l_type = F_WRLCK, .l_whence = SEEK_SET,
			.l_start = slot, .l_len = 1,
		};

		if (fcntl(fd, F_SETLK, &fl) == 0)
			break;
		if (errno != EACCES && errno != EAGAIN) {
			close(fd);
			return fail("--sharenet=%s: cannot lock a slot: %s",
				    name, strerror(errno));
		}
	}
	if (slot == NET_SLOTS) {
		close(fd);
		return fail("--sharenet=%s: all %zu slots are taken", name,
			    NET_SLOTS);
	}
	n->fd = fd;
	n->slot = slot;
	return 0;
}

/*
 * Give the Guest the device and put the file's page over its page.  The
 * slot may still hold the address of a Guest whose Launcher died; clear
 * it, the Guest writes its own when its interface comes up.
 */
static struct lguest_device_desc *sharenet_attach(struct guest *g,
						  struct netdev *n)
{
	struct lguest_device_desc *d;
	struct lguest_net *slots;
	void *p;

	d = add_device(g, LGUEST_DEVICE_T_NET,
		       n->slot | LGUEST_NET_F_NOCSUM | LGUEST_NET_F_BIG, 1);
	if (!d)
		return NULL;
	n->page = d->pfn * PAGE_SIZE;
	p = mmap(gpa_ptr(g, n->page), PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, n->fd, 0);
	if (p == MAP_FAILED) {
		fail("--sharenet=%s: cannot map it: %s", n->arg,
		     strerror(errno));
		return NULL;
	}
	slots = p;
	memset(&slots[n->slot], 0, sizeof(slots[n->slot]));
	verbose("sharenet %s: slot %u, page at gpa %#x\n", n->arg, n->slot,
		n->page);
	return d;
}

/* An ioctl on a socket, for interface settings; -1 with lg_error set. */
static int if_ioctl(unsigned long req, struct ifreq *ifr, const char *what)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int r;

	if (s < 0)
		return fail("--tunnet: no socket for %s: %s", what,
			    strerror(errno));
	r = ioctl(s, req, ifr);
	if (r < 0)
		fail("--tunnet: cannot %s %s: %s", what, ifr->ifr_name,
		     strerror(errno));
	close(s);
	return r < 0 ? -1 : 0;
}

/*
 * Make a tap device (/dev/net/tun, no packet information: we read and
 * write bare Ethernet frames), give it the address (or put it in the
 * bridge) and bring it up.  Returns 0, or -1 with lg_error set.
 */
static int tunnet_open(struct netdev *n, const char *arg)
{
	const char *bridge = NULL;
	struct sockaddr_in sin;
	struct ifreq ifr;
	char tap[IFNAMSIZ];
	int fd;

	n->arg = arg;
	if (!strncmp(arg, "bridge:", 7))
		bridge = arg + 7;
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return fail("--tunnet=%s: cannot open /dev/net/tun: %s (is CONFIG_TUN on?)",
			    arg, strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "lgtap%%d");
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		close(fd);
		return fail("--tunnet=%s: cannot make a tap device: %s", arg,
			    strerror(errno));
	}
	memcpy(tap, ifr.ifr_name, IFNAMSIZ);
	tap[IFNAMSIZ - 1] = '\0';
	memcpy(n->tap, tap, IFNAMSIZ);
	n->bridged = bridge;
	n->fd = fd;

	if (bridge) {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, IFNAMSIZ, "%s", bridge);
		ifr.ifr_ifindex = if_nametoindex(tap);
		if (if_ioctl(SIOCBRADDIF, &ifr, "add the tap to bridge") < 0)
			return -1;
	} else {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, IFNAMSIZ, "%s", tap);
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		/* check_tunnet() made sure this parses. */
		inet_pton(AF_INET, arg, &sin.sin_addr);
		memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
		if (if_ioctl(SIOCSIFADDR, &ifr, "set the address of") < 0)
			return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", tap);
	if (if_ioctl(SIOCGIFHWADDR, &ifr, "read the MAC address of") < 0)
		return -1;
	memcpy(n->tap_mac, ifr.ifr_hwaddr.sa_data, sizeof(n->tap_mac));
	if (if_ioctl(SIOCGIFFLAGS, &ifr, "read the flags of") < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	if (if_ioctl(SIOCSIFFLAGS, &ifr, "bring up") < 0)
		return -1;
	n->slot = TUN_GUEST_SLOT;
	verbose("tunnet: %s, MAC %02x:%02x:%02x:%02x:%02x:%02x\n", tap,
		n->tap_mac[0], n->tap_mac[1], n->tap_mac[2], n->tap_mac[3],
		n->tap_mac[4], n->tap_mac[5]);
	return 0;
}

/* Give the Guest the device, with the tap in slot 0, promiscuous. */
static struct lguest_device_desc *tunnet_attach(struct guest *g,
						struct netdev *n)
{
	struct lguest_device_desc *d;
	struct lguest_net *slots;

	d = add_device(g, LGUEST_DEVICE_T_NET,
		       n->slot | LGUEST_DEVICE_F_RANDOMNESS |
		       (n->bridged ? 0 : LGUEST_NET_F_BIG), 1);
	if (!d)
		return NULL;
	n->desc = d;
	n->page = d->pfn * PAGE_SIZE;
	slots = gpa_ptr(g, n->page);
	memcpy(slots[TUN_HOST_SLOT].mac, n->tap_mac, sizeof(n->tap_mac));
	slots[TUN_HOST_SLOT].mac[0] |= LGUEST_NET_PROMISC;
	return d;
}

/*
 * Has the Guest taken big frames since we last looked?  Then the tap's
 * side of the link gets the same MTU.  Only the Guest's driver sets the
 * bit, before it binds a buffer or sends a frame, so we look before
 * either.  A tap that refuses is no reason to stop: the link then just
 * carries Ethernet-sized frames from the Host's side.
 */
static void tap_check_big(struct netdev *n)
{
	struct ifreq ifr;

	if (n->big || n->bridged ||
	    !(__atomic_load_n(&n->desc->status, __ATOMIC_ACQUIRE) &
	      LGUEST_NET_S_BIG))
		return;
	n->big = true;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", n->tap);
	ifr.ifr_mtu = LGUEST_NET_BIG_FRAME - ETH_HLEN;
	if (if_ioctl(SIOCSIFMTU, &ifr, "raise the MTU of") < 0)
		fprintf(stderr, "lguest: %s\n", lg_error);
	else
		verbose("tunnet: %s takes big frames, MTU %d\n", n->tap,
			ifr.ifr_mtu);
}

/*
 * The Guest sent a frame to the tap's slot: write it to the tap and tell
 * the Guest it was all taken.
 */
static void tap_output(const struct guest *g, struct netdev *n, uint32_t dma)
{
	struct iovec iov[LGUEST_MAX_DMA_SECTIONS];
	struct lguest_dma *d;
	ssize_t r = 0;
	int nsec;

	tap_check_big(n);
	nsec = dma_to_iov(g, dma, iov);
	if (nsec < 0)
		die(EXIT_FAILURE_RUN, "%s", lg_error);
	if (nsec)
		r = writev(n->fd, iov, nsec);
	d = gpa_ptr(g, dma);
	/* A frame the tap refused is lost, as on a wire. */
	d->used_len = r < 0 ? 0 : r;
}

/*
 * A frame from the tap, into a buffer the Guest bound at its slot's key,
 * then its interrupt.  If the Guest has no free buffer we leave the frame
 * in the tap and return false: the caller stops reading the tap until the
 * Guest has room again, so the frames wait (in the tap's queue, and
 * beyond it in the senders' queues) instead of being thrown away.  The
 * tap is non-blocking: nothing to read is not an error.
 */
static bool tap_input(const struct guest *g, struct netdev *n)
{
	struct iovec iov[LGUEST_MAX_DMA_SECTIONS];
	static unsigned char discard[LGUEST_NET_BIG_FRAME];
	struct lguest_dma *d;
	uint32_t irq, dma;
	ssize_t r;
	int nsec;

	tap_check_big(n);
	r = lguest_request(LHREQ_GETDMA, n->page + 4 * n->slot);
	if (r == -1)
		return false;
	dma = (uint32_t)r;
	nsec = dma_to_iov(g, dma, iov);
	if (nsec < 0)
		die(EXIT_FAILURE_RUN, "%s", lg_error);
	d = gpa_ptr(g, dma);
	irq = d->used_len;
	if (nsec == 0) {
		/* A buffer with no room: the frame cannot go anywhere. */
		d->used_len = 0;
		if (!n->warned)
			fprintf(stderr, "lguest: Guest bound an empty network buffer; dropping frames\n");
		n->warned = true;
		iov[0].iov_base = discard;
		iov[0].iov_len = sizeof(discard);
		return readv(n->fd, iov, 1) >= 0 || errno == EAGAIN ||
		       errno == EINTR;
	}
	r = readv(n->fd, iov, nsec);
	if (r < 0) {
		d->used_len = 0;
		if (errno == EINTR || errno == EAGAIN)
			return true;
		die(EXIT_FAILURE_RUN, "reading the tap device: %s",
		    strerror(errno));
	}
	d->used_len = r;
	if (lguest_request(LHREQ_IRQ, irq) < 0)
		die(EXIT_FAILURE_RUN, "LHREQ_IRQ %u failed: %s", irq,
		    strerror(errno));
	return true;
}

/* ------------------------------------------------------------------ */
/* The device table.                                                   */
/* ------------------------------------------------------------------ */

/*
 * Every device the Guest has is one entry of devices[], in the order of
 * its descriptor: those of the command line first, the console last.  An
 * entry holds what the run loop needs to know, whatever the kind:
 *
 *	desc		its descriptor in the device page
 *	key		DMAs the Guest sends to this key are ours: the Host
 *			hands them to read() on /dev/lguest, and the run loop
 *			passes them to type->output (has_key is false for a
 *			--sharenet device, whose traffic the Host carries)
 *	input_fd	the Waker watches it, and type->input reads it
 *	waiting		input is ready but the Guest had no buffer free: the
 *			Waker wakes us every type->retry_ms to try
 *			type->retry again
 *
 * and its kind's own state.  What differs between kinds is in its struct
 * device_type, and device_types[] lists them all.
 */
struct device {
	const struct device_type *type;
	struct lguest_device_desc *desc;
	bool has_key;
	uint32_t key;
	int input_fd;		/* read by the Waker too: atomic accesses */
	bool waiting;		/* likewise */
	union {
		struct block_dev block;
		struct netdev net;
	};
};

static struct device devices[LGUEST_MAX_DEVICES];
static unsigned int ndevices;

/* The device whose key this is, or NULL. */
static struct device *device_for_key(uint32_t key)
{
	unsigned int i;

	for (i = 0; i < ndevices; i++)
		if (devices[i].has_key && devices[i].key == key)
			return &devices[i];
	return NULL;
}

static void set_input_fd(struct device *dev, int fd)
{
	__atomic_store_n(&dev->input_fd, fd, __ATOMIC_RELEASE);
}

static void set_waiting(struct device *dev, bool waiting)
{
	__atomic_store_n(&dev->waiting, waiting, __ATOMIC_RELEASE);
}

/* The console: key 0, stdin, always there. */
static int console_attach(struct guest *g, struct device *dev)
{
	dev->desc = add_device(g, LGUEST_DEVICE_T_CONSOLE, 0, 0);
	if (!dev->desc)
		return -1;
	dev->has_key = true;
	dev->key = LGUEST_CONSOLE_DMA_KEY;
	dev->input_fd = STDIN_FILENO;
	return 0;
}

static void console_dev_output(const struct guest *g, struct device *dev,
			       uint32_t dma)
{
	fflush(stdout);
	if (console_output(g, dma) < 0)
		die(EXIT_FAILURE_RUN, "%s", lg_error);
	/* It may have just taken our last input. */
	set_waiting(dev, console_flush(g));
}

static void console_dev_input(const struct guest *g, struct device *dev)
{
	if (!console_input())
		set_input_fd(dev, -1);
	set_waiting(dev, console_flush(g));
}

static void console_dev_retry(const struct guest *g, struct device *dev)
{
	set_waiting(dev, console_flush(g));
}

static const struct device_type console_type = {
	.attach	= console_attach,
	.output	= console_dev_output,
	.input	= console_dev_input,
	.retry	= console_dev_retry,
	.retry_ms = 10,		/* a person typing does not notice */
};

static const struct device_type sharenet_type;

/* --block=FILE */
static int block_dev_open(struct device *dev, const char *arg)
{
	return block_open(arg, &dev->block);
}

static int block_attach(struct guest *g, struct device *dev)
{
	dev->desc = block_add(g, &dev->block);
	if (!dev->desc)
		return -1;
	dev->has_key = true;
	dev->key = dev->block.key;
	return 0;
}

/*
 * The Guest's status tells which protocol it speaks: the ring if it set
 * LGUEST_BLOCK_S_RING (we offered it), else one request in the block page.
 */
static void block_output(const struct guest *g, struct device *dev,
			 uint32_t dma)
{
	struct block_dev *b = &dev->block;

	if (!(__atomic_load_n(&b->desc->status, __ATOMIC_ACQUIRE) &
	      LGUEST_BLOCK_S_RING)) {
		block_request(g, b, dma);
		return;
	}
	if (!gpa_range_ok(g, dma, sizeof(struct lguest_dma)))
		die(EXIT_FAILURE_RUN, "block: Guest DMA descriptor at %#x is outside its memory",
		    dma);
	if (block_ring(g, b) < 0)
		die(EXIT_FAILURE_RUN, "%s", lg_error);
	((struct lguest_dma *)gpa_ptr(g, dma))->used_len = 0;
}

static const struct device_type block_type = {
	.option	= "block",
	.usage	= "      --block=FILE       a disk (lgba, lgbb, ...) backed by FILE, read-write\n",
	.open	= block_dev_open,
	.attach	= block_attach,
	.output	= block_output,
};

/* --tunnet=IP or --tunnet=bridge:NAME */
static int tunnet_dev_open(struct device *dev, const char *arg)
{
	return tunnet_open(&dev->net, arg);
}

static int tunnet_dev_attach(struct guest *g, struct device *dev)
{
	dev->desc = tunnet_attach(g, &dev->net);
	if (!dev->desc)
		return -1;
	dev->has_key = true;
	dev->key = dev->net.page + 4 * TUN_HOST_SLOT;
	dev->input_fd = dev->net.fd;
	return 0;
}

/*
 * The tap while the Guest has no buffer free: not watched (it would stay
 * readable), but "waiting", so the Waker's timer and every frame the Guest
 * sends (an ACK, typically, once it has taken what we gave it) try again.
 */
static void tunnet_hold(struct device *dev, bool hold)
{
	set_input_fd(dev, hold ? -1 : dev->net.fd);
	set_waiting(dev, hold);
}

/*
 * The tap is readable.  Take what is queued there while the Guest has
 * room, not one frame per wake-up: a wake-up costs the Waker's poll(), a
 * break in the Guest's run and ours.  At most a ring's worth, so other
 * devices get their turn.
 */
static void tunnet_input(const struct guest *g, struct device *dev)
{
	struct pollfd p = { .fd = dev->net.fd, .events = POLLIN };
	unsigned int taken = 0;

	do {
		if (!tap_input(g, &dev->net)) {
			tunnet_hold(dev, true);
			return;
		}
	} while (++taken < LGUEST_MAX_DMA_BUFS && poll(&p, 1, 0) > 0);
}

/* Pass on what waits in the tap, as long as the Guest takes it. */
static void tunnet_retry(const struct guest *g, struct device *dev)
{
	struct pollfd p = { .fd = dev->net.fd, .events = POLLIN };

	while (poll(&p, 1, 0) > 0)
		if (!tap_input(g, &dev->net))
			return;
	tunnet_hold(dev, false);
}

static void tunnet_output(const struct guest *g, struct device *dev,
			  uint32_t dma)
{
	tap_output(g, &dev->net, dma);
	if (dev->waiting)
		tunnet_retry(g, dev);
}

static const struct device_type tunnet_type = {
	.option	= "tunnet",
	.usage	= "      --tunnet=IP        network: a tap device on this machine, address IP\n"
		  "      --tunnet=bridge:BR network: a tap device added to bridge BR\n",
	.check	= check_tunnet,
	.open	= tunnet_dev_open,
	.attach	= tunnet_dev_attach,
	.output	= tunnet_output,
	.input	= tunnet_input,
	.retry	= tunnet_retry,
	.retry_ms = 1,		/* TCP notices: keep the pause short */
};

/* Are the open files a and b the same file? */
static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * --sharenet=FILE: the Host carries the frames, we only set it up.  The
 * slot locks are per process, so a second device on the same FILE would
 * get the same slot as the first: refuse it.
 */
static int sharenet_dev_open(struct device *dev, const char *arg)
{
	unsigned int i;

	if (sharenet_open(&dev->net, arg) < 0)
		return -1;
	for (i = 0; &devices[i] != dev; i++)
		if (devices[i].type == &sharenet_type &&
		    same_file(devices[i].net.fd, dev->net.fd))
			return fail("--sharenet=%s: this Guest is already on that network",
				    arg);
	return 0;
}

static int sharenet_dev_attach(struct guest *g, struct device *dev)
{
	dev->desc = sharenet_attach(g, &dev->net);
	return dev->desc ? 0 : -1;
}

static const struct device_type sharenet_type = {
	.option	= "sharenet",
	.usage	= "      --sharenet=FILE    network shared with the other Guests using FILE\n",
	.open	= sharenet_dev_open,
	.attach	= sharenet_dev_attach,
};

/* The kinds a command-line option can make, in --help order. */
static const struct device_type *const device_types[] = {
	&block_type,
	&tunnet_type,
	&sharenet_type,
};

_Static_assert(ARRAY_SIZE(device_types) <= DEVICE_TYPES_MAX,
	       "raise DEVICE_TYPES_MAX");

static const struct device_type *device_type(unsigned int i)
{
	return i < ARRAY_SIZE(device_types) ? device_types[i] : NULL;
}

/* A new entry of kind t, not yet attached. */
static struct device *new_device(const struct device_type *t)
{
	struct device *dev = &devices[ndevices++];

	memset(dev, 0, sizeof(*dev));
	dev->type = t;
	dev->input_fd = -1;
	return dev;
}

/*
 * Open the devices of the command line (before Guest memory exists, so a
 * bad file is a quick error).  Returns 0, or -1 with lg_error set.
 */
static int open_devices(const struct options *o)
{
	unsigned int i;

	for (i = 0; i < o->ndev; i++) {
		struct device *dev = new_device(o->dev[i].type);

		if (dev->type->open(dev, o->dev[i].arg) < 0)
			return -1;
	}
	return 0;
}

/* ... give each its descriptor and pages, then add the console. */
static int attach_devices(struct guest *g)
{
	unsigned int i;

	for (i = 0; i < ndevices; i++)
		if (devices[i].type->attach(g, &devices[i]) < 0)
			return -1;
	return console_attach(g, new_device(&console_type));
}

/* The Guest sent a DMA to the Launcher: whose is it? */
static void device_output(const struct guest *g, uint32_t key, uint32_t dma)
{
	struct device *dev = device_for_key(key);

	if (dev && dev->type->output)
		dev->type->output(g, dev, dma);
	else
		fprintf(stderr, "lguest: DMA to unknown key %#x ignored\n",
			key);
}

/*
 * With --verbose, what each disk's ring did, when we exit: tests use "at
 * most N at once" to see that the Guest keeps several requests in flight.
 */
static void block_stats(void)
{
	unsigned int i;

	for (i = 0; i < ndevices; i++) {
		const struct block_dev *b = &devices[i].block;

		if (devices[i].type != &block_type || !b->doorbells)
			continue;
		verbose("block %u: ring served %lu requests on %lu doorbells, at most %u at once, %llu us serving each\n",
			i, b->requests, b->doorbells, b->most_queued,
			(unsigned long long)(b->serve_ns / 1000 / b->doorbells));
	}
}

/* ------------------------------------------------------------------ */
/* The Waker.                                                          */
/* ------------------------------------------------------------------ */

/*
 * While the Guest runs, the main thread sits in read() on /dev/lguest and
 * cannot watch stdin.  The Waker is a second thread that does: it sleeps
 * in poll() on the input file descriptors, and when one becomes readable
 * it writes LHREQ_BREAK 1.  The Host then makes the main thread's read()
 * return EAGAIN, and keeps the Waker blocked inside that write until the
 * main thread, having read the input, writes LHREQ_BREAK 0.  So the Waker
 * never spins on input nobody has consumed yet.
 *
 * A thread rather than the original forked process: a fork would share
 * (copy-on-write) all of Guest memory, which the Host pins page by page.
 *
 * The Waker watches the input_fd of every device, except while it is -1
 * (stdin at end of input); if a device has input waiting for a Guest
 * buffer, it also wakes us after the shortest retry_ms of those.  It reads
 * the table anew
 * each time round; the pipe is there to make it do so at once, and its
 * end of file stops the Waker.
 */
static int waker_pipe[2] = { -1, -1 };

/*
 * Fill p[] with the fds to watch; returns how many, and in *timeout the
 * poll() timeout: -1, or the shortest retry_ms of a waiting device.
 */
static unsigned int input_fds(struct pollfd *p, int *timeout)
{
	unsigned int i, n = 0;

	*timeout = -1;
	for (i = 0; i < ndevices; i++) {
		int fd = __atomic_load_n(&devices[i].input_fd,
					 __ATOMIC_ACQUIRE);

		if (__atomic_load_n(&devices[i].waiting, __ATOMIC_ACQUIRE))
			if (*timeout < 0 || devices[i].type->retry_ms < *timeout)
				*timeout = devices[i].type->retry_ms;
		if (fd < 0)
			continue;
		p[n].fd = fd;
		p[n].events = POLLIN;
		p[n].revents = 0;
		n++;
	}
	return n;
}

static void *waker(void *unused)
{
	struct pollfd p[1 + LGUEST_MAX_DEVICES];

	(void)unused;
	for (;;) {
		unsigned int i, n;
		bool ready = false;
		int timeout;
		char msg;
		int r;

		p[0].fd = waker_pipe[0];
		p[0].events = POLLIN;
		p[0].revents = 0;
		n = 1 + input_fds(p + 1, &timeout);
		r = poll(p, n, timeout);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (p[0].revents) {
			/* Look at the table again, or EOF: we are leaving. */
			if (read(waker_pipe[0], &msg, 1) != 1)
				return NULL;
			continue;
		}
		for (i = 1; i < n; i++)
			ready |= p[i].revents != 0;
		if (ready || r == 0) {
			/* Wait here until the main thread has dealt with it. */
			while (lguest_request(LHREQ_BREAK, 1) < 0)
				if (errno != EINTR)
					return NULL;	/* Guest is dead */
		}
	}
}

/* Which device has the input fd p->fd? */
static struct device *device_for_fd(int fd)
{
	unsigned int i;

	for (i = 0; i < ndevices; i++)
		if (devices[i].input_fd == fd)
			return &devices[i];
	return NULL;
}

/*
 * read() said EAGAIN: the Waker saw input, or its timer ran.  Hand over
 * what was waiting, consume everything newly readable, then release the
 * Waker.
 */
static void service_input(const struct guest *g)
{
	struct pollfd p[LGUEST_MAX_DEVICES];
	unsigned int i, n;
	int timeout;

	for (i = 0; i < ndevices; i++)
		if (devices[i].waiting && devices[i].type->retry)
			devices[i].type->retry(g, &devices[i]);
	for (;;) {
		n = input_fds(p, &timeout);
		if (!n || poll(p, n, 0) <= 0)
			break;
		for (i = 0; i < n; i++) {
			struct device *dev = device_for_fd(p[i].fd);

			if (p[i].revents && dev && dev->type->input)
				dev->type->input(g, dev);
		}
	}
	if (lguest_request(LHREQ_BREAK, 0) < 0)
		die(EXIT_FAILURE_RUN, "LHREQ_BREAK 0 failed: %s",
		    strerror(errno));
}

/* ------------------------------------------------------------------ */
/* Running the Guest.                                                  */
/* ------------------------------------------------------------------ */

/*
 * The Host's reason when the Guest ends: "CRASH: " and the Guest's text.
 * A power off (exit 0) and a restart (exit 4) have texts of their own
 * (lguest_launcher.h); anything else is a crash or a kill (exit 1).
 */

/* Exit status for the Host's reason string. */
static int reason_status(const char *reason)
{
	if (!strcmp(reason, "CRASH: " LGUEST_CRASH_POWEROFF))
		return EXIT_POWEROFF;
	if (!strcmp(reason, "CRASH: " LGUEST_CRASH_RESTART))
		return EXIT_RESTART;
	return EXIT_FAILURE_RUN;
}

/* The Guest has died: fetch the reason, print it, and exit accordingly. */
static void __noreturn guest_died(void)
{
	char reason[1024];
	ssize_t r;

	r = read(lguest_fd, reason, sizeof(reason) - 1);
	if (r < 0)
		die(EXIT_FAILURE_RUN, "Guest died (no reason given: %s)",
		    strerror(errno));
	reason[r] = '\0';
	while (r > 0 && (reason[r - 1] == '\n' || reason[r - 1] == '\0'))
		reason[--r] = '\0';
	die(reason_status(reason), "%s", reason);
}

/*
 * The Guest's FPU registers.  The Host runs the Guest on the FPU state of
 * the thread that reads /dev/lguest: ours, which the kernel saves and
 * restores with every xstate feature, as for any task.  So between two
 * reads this thread must leave those registers as the Guest left them,
 * and the C library's string functions use SSE.  We keep the Guest's copy
 * here while we work, with xsave where the CPU has it (fxsave otherwise).
 */
static void *guest_fpu;
static bool guest_fpu_xsave;
static uint32_t guest_fpu_mask[2];

static void guest_fpu_setup(void)
{
	unsigned int a, b, c, d, size = 512;

	__cpuid(1, a, b, c, d);
	guest_fpu_xsave = c & bit_OSXSAVE;
	if (guest_fpu_xsave) {
		asm volatile("xgetbv" : "=a" (guest_fpu_mask[0]),
			     "=d" (guest_fpu_mask[1]) : "c" (0));
		__cpuid_count(0xd, 0, a, b, c, d);
		size = b;
	}
	guest_fpu = aligned_alloc(64, (size + 63) & ~63u);
	if (!guest_fpu)
		die(EXIT_FAILURE_RUN, "no memory for the Guest's FPU state");
	memset(guest_fpu, 0, size);
}

static void guest_fpu_save(void)
{
	if (guest_fpu_xsave)
		asm volatile("xsave (%0)" : : "r" (guest_fpu),
			     "a" (guest_fpu_mask[0]), "d" (guest_fpu_mask[1])
			     : "memory");
	else
		asm volatile("fxsave (%0)" : : "r" (guest_fpu) : "memory");
}

static void guest_fpu_restore(void)
{
	if (guest_fpu_xsave)
		asm volatile("xrstor (%0)" : : "r" (guest_fpu),
			     "a" (guest_fpu_mask[0]), "d" (guest_fpu_mask[1])
			     : "memory");
	else
		asm volatile("fxrstor (%0)" : : "r" (guest_fpu) : "memory");
}

/* Tell the Host about the Guest, and run it until it dies. */
static void __noreturn run_guest(const struct guest *g)
{
	uint32_t init[5] = {
		LHREQ_INITIALIZE, g->top / PAGE_SIZE, g->pgdir, g->entry,
		g->page_offset,
	};
	pthread_t tid;

	if (write(lguest_fd, init, sizeof(init)) < 0)
		die(EXIT_FAILURE_RUN, "LHREQ_INITIALIZE failed: %s",
		    strerror(errno));

	if (pipe(waker_pipe) < 0 || pthread_create(&tid, NULL, waker, NULL))
		die(EXIT_FAILURE_RUN, "cannot start the Waker thread");
	raw_terminal();
	/* If stdout goes away, the Guest just sees its output not taken. */
	signal(SIGPIPE, SIG_IGN);

	guest_fpu_setup();
	atexit(block_stats);
	for (bool saved = false;; saved = true) {
		uint32_t out[2];
		ssize_t r;

		/* The Guest's FPU registers back, untouched, then run it. */
		if (saved)
			guest_fpu_restore();
		r = read(lguest_fd, out, sizeof(out));
		guest_fpu_save();

		if (r == sizeof(out)) {
			/* out[0] = gpa of the Guest's lguest_dma, out[1] = key */
			device_output(g, out[1], out[0]);
			continue;
		}
		if (r >= 0)
			die(EXIT_FAILURE_RUN, "unexpected read() of %zd bytes from /dev/lguest",
			    r);
		switch (errno) {
		case EINTR:
			continue;
		case EAGAIN:
			service_input(g);
			continue;
		case ENOENT:
			guest_died();
		default:
			die(EXIT_FAILURE_RUN, "running the Guest failed: %s",
			    strerror(errno));
		}
	}
}

/*
 * Map Guest RAM and the device area at virtual address 0, as anonymous
 * zero-filled pages, readable, writable and executable (the kernel patches
 * its own code).  MAP_FIXED_NOREPLACE makes this fail rather than clobber
 * anything of ours that happens to be there.  Mapping page 0 requires
 * CAP_SYS_RAWIO (or vm.mmap_min_addr = 0).
 */
static void map_guest_memory(const struct guest *g)
{
	uint32_t len = g->mem + DEVICE_PAGES_MAX * PAGE_SIZE;
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
		 MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED && errno == EPERM)
		die(EXIT_FAILURE_RUN, "cannot map Guest memory at address 0: %s (run as root, which has CAP_SYS_RAWIO)",
		    strerror(errno));
	if (p == MAP_FAILED)
		die(EXIT_FAILURE_RUN, "cannot map %u MiB of Guest memory at address 0: %s",
		    len >> 20, strerror(errno));
	if (p != NULL)
		die(EXIT_FAILURE_RUN, "Guest memory landed at %p, not 0 (kernel without MAP_FIXED_NOREPLACE?)",
		    p);
}

#ifdef LGUEST_UNIT_TEST
#define main lguest_main
#endif

int main(int argc, char *argv[])
{
	struct blob kernel, initrd = { NULL, 0 }, unpacked;
	struct options o;
	struct guest g;

	if (parse_options(argc, argv, &o) < 0)
		die(EXIT_USAGE, "%s", lg_error);
	if (o.help) {
		usage(stdout);
		return 0;
	}
	/*
	 * Check the files first, so a bad name is a quick error even for a
	 * user who cannot map page 0.  Read them only once Guest memory is
	 * mapped, so our buffers cannot take address space the Guest needs.
	 */
	if (check_file(o.kernel, "kernel") < 0 ||
	    (o.initrd && check_file(o.initrd, "initrd") < 0) ||
	    open_devices(&o) < 0)
		die(EXIT_USAGE, "%s", lg_error);
	guest_init(&g, 0, o.mem_mib);
	map_guest_memory(&g);
	if (read_file(o.kernel, "kernel", &kernel) < 0 ||
	    (o.initrd && read_file(o.initrd, "initrd", &initrd) < 0))
		die(EXIT_USAGE, "%s", lg_error);
	if (plan_layout(&g, initrd.len, 0) < 0)
		die(EXIT_USAGE, "%s", lg_error);
	if (load_kernel(&g, kernel.data, kernel.len, &unpacked) < 0)
		die(EXIT_USAGE, "%s", lg_error);

	/* A bzImage may ask for the initrd lower down. */
	if (g.bzimage && initrd.len) {
		uint32_t max = get32(g.setup_hdr,
				     BP_INITRD_ADDR_MAX - BP_SETUP_SECTS);

		if (!max)
			max = INITRD_ADDR_MAX_DEF;
		if (plan_layout(&g, initrd.len, max) < 0 ||
		    g.kernel_end > g.pt_start)
			die(EXIT_USAGE, "%u MiB is too small for this kernel and initrd",
			    o.mem_mib);
	}
	if (initrd.len)
		load_initrd(&g, &initrd);
	build_page_tables(&g);
	if (setup_boot_params(&g, o.kargs, o.nkargs) < 0)
		die(EXIT_USAGE, "%s", lg_error);
	free(unpacked.data);
	free(kernel.data);
	free(initrd.data);

	/* The command line's devices, in order, then the console. */
	if (attach_devices(&g) < 0)
		die(EXIT_USAGE, "%s", lg_error);
	verbose("RAM %u MiB, top %#x (pfnlimit %#x), pgdir %#x, entry %#x, PAGE_OFFSET %#x\n",
		g.mem >> 20, g.top, g.top / PAGE_SIZE, g.pgdir, g.entry,
		g.page_offset);

	lguest_fd = open("/dev/lguest", O_RDWR);
	if (lguest_fd < 0)
		die(EXIT_FAILURE_RUN, "cannot open /dev/lguest: %s (is the lguest Host built in?)",
		    strerror(errno));
	run_guest(&g);
}
