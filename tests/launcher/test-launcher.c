// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the lguest Launcher, linux/Documentation/lguest/lguest.c.
 *
 * The Launcher is #included with LGUEST_UNIT_TEST defined, so its main()
 * becomes lguest_main() and all its functions are visible here.  Guest
 * memory is an ordinary mapping at some address ("base") instead of
 * address 0.  No /dev/lguest and no VM are needed.
 *
 * Some cases also run the real Launcher binary (its path is argv[1]) to
 * check exit codes and messages.
 *
 * Output is TAP: "ok N - what" or "not ok N - what", then "1..N".  The
 * exit status is 1 if any case failed.
 *
 * Usage: test-launcher <path-to-lguest> <scratch-dir> [bzImage] [vmlinux]
 */
#define LGUEST_UNIT_TEST
#include "../../linux/Documentation/lguest/lguest.c"
#undef main

#include <sys/wait.h>

static unsigned int tests, failures;

__printf(2, 3)
static bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failures++;
	printf("%sok %u - ", cond ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond && lg_error[0])
		printf("# last error: %s\n", lg_error);
	fflush(stdout);
	return cond;
}

__printf(1, 2)
static void skip(const char *fmt, ...)
{
	va_list ap;

	tests++;
	printf("ok %u # SKIP ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Did the last failing call say something containing "want"? */
static bool error_has(const char *want)
{
	return strstr(lg_error, want) != NULL;
}

static const char *launcher;
static const char *scratch;

/* ------------------------------------------------------------------ */
/* Guest memory for the tests.                                         */
/* ------------------------------------------------------------------ */

/*
 * Make a Guest of mem_mib MiB whose memory lives at some mapping of ours.
 * Fill it with 0xaa so we can tell what the Launcher wrote or zeroed.
 */
static unsigned char *guest_mem;
static size_t guest_mem_len;

static void new_guest(struct guest *g, unsigned int mem_mib, bool fill)
{
	size_t len = ((size_t)mem_mib << 20) + DEVICE_PAGES_MAX * PAGE_SIZE;

	if (guest_mem)
		munmap(guest_mem, guest_mem_len);
	guest_mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (guest_mem == MAP_FAILED) {
		printf("Bail out! cannot map %u MiB for a test Guest\n",
		       mem_mib);
		exit(1);
	}
	guest_mem_len = len;
	if (fill)
		memset(guest_mem, 0xaa, len);
	guest_init(g, (uintptr_t)guest_mem, mem_mib);
	lg_error[0] = '\0';
}

/* ------------------------------------------------------------------ */
/* Building ELF images.                                                */
/* ------------------------------------------------------------------ */

/*
 * A small kernel-like ELF: a "text" segment at physical 0x100000 and a
 * "data" segment at 0x104000 whose last 0x2000 bytes are bss.  Both are
 * linked at PAGE_OFFSET 0xc0000000 and the entry point is physical.
 */
#define T_PO		0xc0000000U
#define T_TEXT_PA	0x100000U
#define T_TEXT_SZ	0x1234U
#define T_DATA_PA	0x104000U
#define T_DATA_FSZ	0x100U
#define T_DATA_MSZ	0x2100U
#define T_ENTRY		(T_TEXT_PA + 0x10)

struct elf_img {
	unsigned char buf[0x3000];
	size_t len;
	Elf32_Ehdr *eh;
	Elf32_Phdr *ph;		/* 3 headers: text, a PT_NOTE, data */
};

static void make_elf(struct elf_img *e)
{
	unsigned int i;

	memset(e, 0, sizeof(*e));
	e->eh = (Elf32_Ehdr *)e->buf;
	e->ph = (Elf32_Phdr *)(e->buf + sizeof(Elf32_Ehdr));
	memcpy(e->eh->e_ident, ELFMAG, SELFMAG);
	e->eh->e_ident[EI_CLASS] = ELFCLASS32;
	e->eh->e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh->e_ident[EI_VERSION] = EV_CURRENT;
	e->eh->e_type = ET_EXEC;
	e->eh->e_machine = EM_386;
	e->eh->e_version = EV_CURRENT;
	e->eh->e_entry = T_ENTRY;
	e->eh->e_phoff = sizeof(Elf32_Ehdr);
	e->eh->e_ehsize = sizeof(Elf32_Ehdr);
	e->eh->e_phentsize = sizeof(Elf32_Phdr);
	e->eh->e_phnum = 3;

	e->ph[0].p_type = PT_LOAD;
	e->ph[0].p_offset = 0x1000;
	e->ph[0].p_paddr = T_TEXT_PA;
	e->ph[0].p_vaddr = T_TEXT_PA + T_PO;
	e->ph[0].p_filesz = T_TEXT_SZ;
	e->ph[0].p_memsz = T_TEXT_SZ;

	/* Non-load headers are ignored, whatever their addresses. */
	e->ph[1].p_type = PT_NOTE;
	e->ph[1].p_offset = 0x1000;
	e->ph[1].p_vaddr = 0x1234;
	e->ph[1].p_filesz = 4;
	e->ph[1].p_memsz = 4;

	e->ph[2].p_type = PT_LOAD;
	e->ph[2].p_offset = 0x2400;
	e->ph[2].p_paddr = T_DATA_PA;
	e->ph[2].p_vaddr = T_DATA_PA + T_PO;
	e->ph[2].p_filesz = T_DATA_FSZ;
	e->ph[2].p_memsz = T_DATA_MSZ;

	/* Recognisable contents: byte i of the file is (i * 7) & 0xff. */
	for (i = 0x1000; i < sizeof(e->buf); i++)
		e->buf[i] = (i * 7) & 0xff;
	e->len = 0x2400 + T_DATA_FSZ;
}

/* Is every byte in [p, p+n) equal to v? */
static bool all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
	while (n--)
		if (*p++ != v)
			return false;
	return true;
}

/* Load a test ELF into a fresh 64 MiB Guest; returns load_elf()'s result. */
static int try_elf(struct guest *g, struct elf_img *e)
{
	new_guest(g, 64, true);
	if (plan_layout(g, 0, 0) < 0)
		return -2;
	return load_elf(g, e->buf, e->len);
}

static void test_elf(void)
{
	struct elf_img e;
	struct guest g;
	int r;

	make_elf(&e);
	r = try_elf(&g, &e);
	ok(r == 0, "ELF: a valid two-segment image loads");
	ok(g.page_offset == T_PO, "ELF: PAGE_OFFSET is p_vaddr - p_paddr (%#x)",
	   g.page_offset);
	ok(g.entry == T_ENTRY, "ELF: entry is the physical e_entry (%#x)",
	   g.entry);
	ok(!memcmp(guest_mem + T_TEXT_PA, e.buf + 0x1000, T_TEXT_SZ),
	   "ELF: text segment copied to its p_paddr");
	ok(!memcmp(guest_mem + T_DATA_PA, e.buf + 0x2400, T_DATA_FSZ),
	   "ELF: data segment copied to its p_paddr");
	ok(all_bytes(guest_mem + T_DATA_PA + T_DATA_FSZ,
		     T_DATA_MSZ - T_DATA_FSZ, 0),
	   "ELF: bytes between p_filesz and p_memsz (bss) are zeroed");
	ok(guest_mem[T_DATA_PA + T_DATA_MSZ] == 0xaa &&
	   guest_mem[T_TEXT_PA - 1] == 0xaa &&
	   guest_mem[T_TEXT_PA + T_TEXT_SZ] == 0xaa,
	   "ELF: nothing written outside the segments");
	ok(g.kernel_start == T_TEXT_PA &&
	   g.kernel_end == T_DATA_PA + T_DATA_MSZ,
	   "ELF: kernel extent %#x-%#x recorded", g.kernel_start,
	   g.kernel_end);

	/* Malformed images: each must fail with the right message. */
#define BAD_ELF(what, change, msg) do {					\
		make_elf(&e);						\
		change;							\
		r = try_elf(&g, &e);					\
		ok(r == -1 && error_has(msg), "ELF rejected: %s (%s)",	\
		   what, lg_error);					\
	} while (0)

	BAD_ELF("bad magic", e.buf[1] = 'X', "not an ELF");
	BAD_ELF("64-bit class", e.eh->e_ident[EI_CLASS] = ELFCLASS64,
		"not 32-bit");
	BAD_ELF("big-endian", e.eh->e_ident[EI_DATA] = ELFDATA2MSB,
		"little-endian");
	BAD_ELF("ET_DYN", e.eh->e_type = ET_DYN, "not an executable");
	BAD_ELF("x86-64 machine", e.eh->e_machine = EM_X86_64, "not for i386");
	BAD_ELF("wrong phentsize", e.eh->e_phentsize = 40,
		"program header size");
	BAD_ELF("zero phnum", e.eh->e_phnum = 0, "program header count");
	BAD_ELF("huge phnum", e.eh->e_phnum = 5000, "program header count");
	BAD_ELF("phoff past the end", e.eh->e_phoff = 0x10000,
		"outside the file");
	BAD_ELF("phdrs run off the end", e.eh->e_phoff = e.len - 40,
		"outside the file");
	BAD_ELF("truncated header", e.len = 20, "not an ELF");
	BAD_ELF("segment data past the end", e.ph[2].p_filesz = 0x1000,
		"segment 2 lies outside");
	BAD_ELF("segment offset wraps",
		(e.ph[0].p_offset = 0xfffff000, e.ph[0].p_filesz = 0x2000,
		 e.ph[0].p_memsz = 0x2000), "segment 0 lies outside");
	BAD_ELF("filesz > memsz", e.ph[2].p_memsz = 0x10,
		"file size exceeds");
	BAD_ELF("segments disagree on PAGE_OFFSET",
		e.ph[2].p_vaddr = T_DATA_PA + 0x80000000, "disagree");
	BAD_ELF("segment beyond RAM", (e.ph[2].p_paddr = 64 << 20,
				       e.ph[2].p_vaddr = (64 << 20) + T_PO),
		"does not fit");
	BAD_ELF("segment into the page tables",
		(e.ph[2].p_paddr = (64 << 20) - 0x11000,
		 e.ph[2].p_vaddr = (64 << 20) - 0x11000 + T_PO),
		"does not fit");
	BAD_ELF("segment whose end wraps",
		(e.ph[2].p_paddr = 0xfffff000, e.ph[2].p_vaddr = 0xbffff000),
		"does not fit");
	BAD_ELF("segment over the boot parameters",
		(e.ph[0].p_paddr = 0x1000, e.ph[0].p_vaddr = T_PO + 0x1000),
		"does not fit");
	BAD_ELF("entry outside the segments", e.eh->e_entry = 0x200000,
		"entry point");
	BAD_ELF("virtual entry point", e.eh->e_entry = T_ENTRY + T_PO,
		"entry point");
	BAD_ELF("PAGE_OFFSET 0", (e.ph[0].p_vaddr = T_TEXT_PA,
				  e.ph[2].p_vaddr = T_DATA_PA), "PAGE_OFFSET 0");
	BAD_ELF("PAGE_OFFSET not 4 MiB aligned",
		(e.ph[0].p_vaddr += 0x1000, e.ph[2].p_vaddr += 0x1000),
		"multiple of 4 MiB");
	BAD_ELF("no PT_LOAD", (e.ph[0].p_type = PT_NULL,
			       e.ph[2].p_type = PT_NOTE), "no loadable");
#undef BAD_ELF

	/* The kernel must not run into the page tables at the top. */
	make_elf(&e);
	new_guest(&g, 4, true);
	plan_layout(&g, 3 << 20, 0);
	r = load_elf(&g, e.buf, e.len);
	ok(r == -1 && error_has("does not fit"),
	   "ELF rejected: kernel overlapping page tables/initrd (%s)",
	   lg_error);
}

/* ------------------------------------------------------------------ */
/* bzImage.                                                            */
/* ------------------------------------------------------------------ */

/* gzip-compress with zlib, as the kernel build does with gzip -9. */
static size_t gzip_buf(const unsigned char *in, size_t len,
		       unsigned char *out, size_t cap)
{
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	zs.next_in = (unsigned char *)in;
	zs.avail_in = len;
	zs.next_out = out;
	zs.avail_out = cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		return 0;
	deflateEnd(&zs);
	return cap - zs.avail_out;
}

/*
 * LZ4-compress as "lz4 -l" does (the legacy frame: magic, then one block
 * with its length), with a plain greedy matcher: enough to give the
 * unpacker literals, long lengths and overlapping matches.
 */
static size_t lz4_len_bytes(unsigned char *o, size_t n)
{
	size_t k = 0;

	for (; n >= 255; n -= 255)
		o[k++] = 255;
	o[k++] = n;
	return k;
}

static size_t lz4_buf(const unsigned char *in, size_t len,
		      unsigned char *out, size_t cap)
{
	static uint32_t last[4096];
	size_t i = 0, anchor = 0, o = 8;

	memset(last, 0xff, sizeof(last));
	if (cap < 8 + len + len / 255 + 16)
		return 0;
	while (i + 4 <= len) {
		uint32_t v = get32(in, i), h = (v * 2654435761U) >> 20;
		size_t cand = last[h], m = 0, lit = i - anchor;

		last[h] = i;
		if (cand == 0xffffffff || i - cand > 65535 ||
		    get32(in, cand) != v) {
			i++;
			continue;
		}
		while (i + m < len && in[cand + m] == in[i + m])
			m++;
		out[o++] = (lit < 15 ? lit : 15) << 4 |
			   (m - 4 < 15 ? m - 4 : 15);
		if (lit >= 15)
			o += lz4_len_bytes(out + o, lit - 15);
		memcpy(out + o, in + anchor, lit);
		o += lit;
		put16(out, o, i - cand);
		o += 2;
		if (m - 4 >= 15)
			o += lz4_len_bytes(out + o, m - 4 - 15);
		i += m;
		anchor = i;
	}
	/* The last sequence: the remaining literals alone. */
	out[o++] = (len - anchor < 15 ? len - anchor : 15) << 4;
	if (len - anchor >= 15)
		o += lz4_len_bytes(out + o, len - anchor - 15);
	memcpy(out + o, in + anchor, len - anchor);
	o += len - anchor;
	put32(out, 0, 0x184c2102);
	put32(out, 4, o - 8);
	return o;
}

#define BZ_SETUP_SECTS	2		/* protected mode code at 0x600 */
#define BZ_PM		((BZ_SETUP_SECTS + 1) * 512)
#define BZ_PAYLOAD_OFF	0x80
#define BZ_HDR_END	0x268

struct bz_img {
	unsigned char buf[0x8000];
	size_t len;
	size_t plen;
};

/*
 * A fake bzImage whose payload is the test ELF compressed (gzip, or lz4
 * when make_bz_lz4 is set) plus 4 bytes.
 */
static bool make_bz_lz4;

static void make_bzimage(struct bz_img *b)
{
	struct elf_img e;
	size_t n;

	make_elf(&e);
	memset(b, 0, sizeof(*b));
	b->buf[BP_SETUP_SECTS] = BZ_SETUP_SECTS;
	put16(b->buf, BP_BOOT_FLAG, 0xaa55);
	b->buf[BP_JUMP] = 0xeb;
	b->buf[BP_JUMP + 1] = BZ_HDR_END - BP_HEADER;
	put32(b->buf, BP_HEADER, HDRS_MAGIC);
	put16(b->buf, BP_VERSION, 0x020f);
	put32(b->buf, 0x214, 0x100000);		/* code32_start, a marker */
	put32(b->buf, BP_INITRD_ADDR_MAX, 0x7fffffff);
	put32(b->buf, BP_CMDLINE_SIZE, 2047);
	put32(b->buf, BP_PAYLOAD_OFFSET, BZ_PAYLOAD_OFF);
	n = (make_bz_lz4 ? lz4_buf : gzip_buf)(e.buf, e.len,
			b->buf + BZ_PM + BZ_PAYLOAD_OFF,
			sizeof(b->buf) - BZ_PM - BZ_PAYLOAD_OFF - 4);
	/* The kernel build appends the unpacked size after the stream. */
	put32(b->buf, BZ_PM + BZ_PAYLOAD_OFF + n, e.len);
	b->plen = n + 4;
	put32(b->buf, BP_PAYLOAD_LENGTH, b->plen);
	b->len = BZ_PM + BZ_PAYLOAD_OFF + b->plen + 16;
}

static int try_bz(struct guest *g, struct bz_img *b, struct blob *keep)
{
	new_guest(g, 64, true);
	if (plan_layout(g, 0, 0) < 0)
		return -2;
	return load_kernel(g, b->buf, b->len, keep);
}

/* unlz4() on a legacy frame: magic, blocks, the appended size. */
static int try_unlz4(const unsigned char *blk, size_t n, size_t trailer,
		     struct blob *out)
{
	static unsigned char in[64 << 10];
	size_t len = 8 + n;

	put32(in, 0, 0x184c2102);
	put32(in, 4, n);
	memcpy(in + 8, blk, n);
	if (trailer != (size_t)-1) {
		put32(in, len, trailer);
		len += 4;
	}
	return unlz4(in, len, out);
}

static void test_lz4(void)
{
	/* "ab", then a match 2 back of 10 bytes (overlapping), then "!". */
	static const unsigned char good[] = { 0x26, 'a', 'b', 2, 0, 0x10, '!' };
	static unsigned char big[40 << 10];
	struct blob out;
	struct bz_img b;
	struct elf_img e;
	struct guest g;
	unsigned char blk[16];
	int r;

	r = try_unlz4(good, sizeof(good), 13, &out);
	ok(r == 0 && out.len == 13 && !memcmp(out.data, "abababababab!", 13),
	   "lz4: literals and an overlapping match unpack (%d, %zu bytes)",
	   r, out.len);
	free(out.data);

#define BAD_LZ4(what, bytes, n, trailer, msg) do {					r = try_unlz4(bytes, n, trailer, &out);					ok(r == -1 && error_has(msg) && !out.data,				   "lz4 rejected: %s (%s)", what, lg_error);			} while (0)
	BAD_LZ4("wrong appended size", good, sizeof(good), 14, "corrupt");
	BAD_LZ4("no appended size", good, sizeof(good), (size_t)-1,
		"ends inside a block length");
	memcpy(blk, good, sizeof(good));
	blk[3] = 0;
	BAD_LZ4("match distance 0", blk, sizeof(good), 13, "reaches back");
	blk[3] = 3;
	BAD_LZ4("match before the block", blk, sizeof(good), 13,
		"reaches back");
	blk[0] = 0xf0;
	BAD_LZ4("literal length cut off", blk, 1, 0, "literal length runs off");
	blk[0] = 0x50;
	BAD_LZ4("literals cut off", blk, 3, 0, "literals run off");
	BAD_LZ4("match distance cut off", good, 4, 0, "distance runs off");
	/* One byte, then a match of 19 + 33,000 * 255 bytes: over 8 MiB. */
	big[0] = 0x1f;
	big[1] = 'x';
	put16(big, 2, 1);
	memset(big + 4, 0xff, 33000);
	BAD_LZ4("a block of more than 8 MiB", big, 33005, 0, "8 MiB");

	/* The kernel build's layout, through load_kernel(). */
	make_elf(&e);
	make_bz_lz4 = true;
	make_bzimage(&b);
	r = try_bz(&g, &b, &out);
	ok(r == 0 && g.bzimage && out.len == e.len &&
	   !memcmp(out.data, e.buf, e.len) && g.entry == T_ENTRY,
	   "bzImage: lz4 payload (%zu bytes) unpacks to the ELF and loads",
	   b.plen);
	free(out.data);
	make_bzimage(&b);
	put32(b.buf, BP_PAYLOAD_LENGTH, b.plen / 2);
	r = try_bz(&g, &b, &out);
	ok(r == -1 && error_has("lz4 payload is corrupt"),
	   "bzImage rejected: truncated lz4 payload (%s)", lg_error);
	make_bz_lz4 = false;
#undef BAD_LZ4
}

static void test_bzimage(void)
{
	struct blob keep;
	struct bz_img b;
	struct elf_img e;
	struct guest g;
	unsigned char *bp;
	char *args[] = { "quiet" };
	int r;

	make_elf(&e);
	make_bzimage(&b);
	r = try_bz(&g, &b, &keep);
	ok(r == 0 && g.bzimage, "bzImage: fake image with gzip payload loads");
	ok(keep.len == e.len && keep.data && !memcmp(keep.data, e.buf, e.len),
	   "bzImage: payload unpacks to the original ELF (%zu bytes)",
	   keep.len);
	ok(g.entry == T_ENTRY && g.page_offset == T_PO &&
	   !memcmp(guest_mem + T_TEXT_PA, e.buf + 0x1000, T_TEXT_SZ),
	   "bzImage: unpacked ELF placed, entry %#x, PAGE_OFFSET %#x",
	   g.entry, g.page_offset);
	ok(g.setup_hdr_len == BZ_HDR_END - BP_SETUP_SECTS,
	   "bzImage: setup header length from the jump byte (%zu)",
	   g.setup_hdr_len);

	r = setup_boot_params(&g, args, 1);
	bp = guest_mem;
	ok(r == 0 && get32(bp, 0x214) == 0x100000 &&
	   get32(bp, BP_PAYLOAD_OFFSET) == BZ_PAYLOAD_OFF &&
	   get16(bp, BP_BOOT_FLAG) == 0xaa55,
	   "bzImage: setup header copied into boot_params.hdr");
	ok(get16(bp, BP_VERSION) == 0x020f,
	   "bzImage: newer protocol version kept (%#x)",
	   get16(bp, BP_VERSION));
	ok(get32(bp, BP_HARDWARE_SUBARCH) == 1 &&
	   bp[BP_TYPE_OF_LOADER] == 0xff,
	   "bzImage: hardware_subarch 1, type_of_loader 0xff");
	ok(all_bytes(bp + BZ_HDR_END, 0x2d0 - BZ_HDR_END, 0),
	   "bzImage: nothing copied past the header end");
	free(keep.data);

#define BAD_BZ(what, change, msg) do {					\
		make_bzimage(&b);					\
		change;							\
		r = try_bz(&g, &b, &keep);				\
		ok(r == -1 && error_has(msg), "bzImage rejected: %s (%s)", \
		   what, lg_error);					\
	} while (0)

	BAD_BZ("no HdrS", b.buf[BP_HEADER] = 'X', "HdrS");
	BAD_BZ("tiny file", b.len = 0x100, "HdrS");
	BAD_BZ("protocol 2.06", put16(b.buf, BP_VERSION, 0x0206), "too old");
	BAD_BZ("payload past the end",
	       put32(b.buf, BP_PAYLOAD_LENGTH, 0x10000), "outside the file");
	BAD_BZ("payload offset wraps",
	       put32(b.buf, BP_PAYLOAD_OFFSET, 0xfffffff0), "outside the file");
	BAD_BZ("bzip2 payload",
	       memcpy(b.buf + BZ_PM + BZ_PAYLOAD_OFF, "BZh9", 4),
	       "bzip2-compressed");
	BAD_BZ("xz payload",
	       memcpy(b.buf + BZ_PM + BZ_PAYLOAD_OFF, "\xfd\x37zXZ", 6),
	       "xz-compressed");
	BAD_BZ("zstd payload",
	       memcpy(b.buf + BZ_PM + BZ_PAYLOAD_OFF, "\x28\xb5\x2f\xfd", 4),
	       "zstd-compressed");
	BAD_BZ("lzma payload",
	       memcpy(b.buf + BZ_PM + BZ_PAYLOAD_OFF, "\x5d\0\0", 3),
	       "lzma-compressed");
	BAD_BZ("unknown payload format",
	       memcpy(b.buf + BZ_PM + BZ_PAYLOAD_OFF, "JUNK", 4),
	       "unknown compression");
	BAD_BZ("truncated gzip stream",
	       put32(b.buf, BP_PAYLOAD_LENGTH, b.plen / 2), "corrupt");
	BAD_BZ("corrupt gzip stream",
	       memset(b.buf + BZ_PM + BZ_PAYLOAD_OFF + 20, 0xff, 40),
	       "corrupt");
	BAD_BZ("payload is not an ELF",
	       (gzip_buf((const unsigned char *)"hello, world", 12,
			 b.buf + BZ_PM + BZ_PAYLOAD_OFF, 200),
		put32(b.buf, BP_PAYLOAD_LENGTH, 40)),
	       "bzImage payload: kernel is not an ELF");
#undef BAD_BZ

	/* setup_sects == 0 means 4: move the payload offset accordingly. */
	make_bzimage(&b);
	b.buf[BP_SETUP_SECTS] = 0;
	memmove(b.buf + 5 * 512 + BZ_PAYLOAD_OFF, b.buf + BZ_PM +
		BZ_PAYLOAD_OFF, b.plen);
	b.len += 5 * 512 - BZ_PM;
	r = try_bz(&g, &b, &keep);
	ok(r == 0 && g.entry == T_ENTRY,
	   "bzImage: setup_sects 0 is taken as 4");
	free(keep.data);
}

/* ------------------------------------------------------------------ */
/* Real kernel images from our build, if present.                      */
/* ------------------------------------------------------------------ */

static int64_t walk(struct guest *g, uint32_t va, uint32_t *flags);

static void test_real_kernel(const char *path, const char *what)
{
	struct blob file, keep;
	struct guest g;
	int r;

	if (!path || access(path, R_OK) != 0) {
		skip("real %s: %s not built", what, path ? path : "(none)");
		return;
	}
	if (read_file(path, what, &file) < 0) {
		ok(false, "real %s: read %s", what, path);
		return;
	}
	new_guest(&g, 256, false);
	plan_layout(&g, 0, 0);
	r = load_kernel(&g, file.data, file.len, &keep);
	ok(r == 0 && g.page_offset == 0xc0000000U &&
	   g.entry >= g.kernel_start && g.entry < g.kernel_end &&
	   g.entry < 0x40000000U,
	   "real %s: loads, PAGE_OFFSET %#x, physical entry %#x in %#x-%#x",
	   what, g.page_offset, g.entry, g.kernel_start, g.kernel_end);
	if (r == 0) {
		uint32_t f1 = 0, f2 = 0;

		build_page_tables(&g);
		ok(walk(&g, g.entry, &f1) == g.entry &&
		   walk(&g, g.entry + g.page_offset, &f2) == g.entry &&
		   f1 == 0x70003U && f2 == 0x70003U,
		   "real %s: entry mapped in both views", what);
	} else {
		ok(false, "real %s: entry mapped in both views", what);
	}
	free(keep.data);
	free(file.data);
}

/* ------------------------------------------------------------------ */
/* Page tables.                                                        */
/* ------------------------------------------------------------------ */

/*
 * Translate va through the Launcher-built tables as the MMU would.
 * Returns the physical address, or -1 if not mapped; *flags gets the
 * directory entry's flags in bits 16-27 and the table entry's in 0-11.
 */
static int64_t walk(struct guest *g, uint32_t va, uint32_t *flags)
{
	uint32_t pde, pte, *pt;
	uint32_t *pgdir = (uint32_t *)(guest_mem + g->pgdir);

	pde = pgdir[va >> 22];
	if (!(pde & PT_PRESENT))
		return -1;
	if ((pde & PAGE_MASK) + PAGE_SIZE > g->mem)
		return -2;	/* table outside RAM: a bug */
	pt = (uint32_t *)(guest_mem + (pde & PAGE_MASK));
	pte = pt[(va >> 12) & 1023];
	if (!(pte & PT_PRESENT))
		return -1;
	*flags = (pde & 0xfff) << 16 | (pte & 0xfff);
	return (pte & PAGE_MASK) | (va & 0xfff);
}

static void test_page_tables(void)
{
	static const uint32_t probes[] = {
		0, 0x1000, 0x100000, 0x1000000, 0x1234567, 0x3fffff, 0x400000,
		(64 << 20) - 1,
	};
	bool ident = true, kern = true, fl = true;
	uint32_t flags = 0, i, rd = (1 << 20) + 1;
	struct elf_img e;
	struct guest g;
	int r;

	make_elf(&e);
	new_guest(&g, 64, true);
	ok(plan_layout(&g, rd, 0) == 0, "page tables: layout planned");
	load_elf(&g, e.buf, e.len);
	build_page_tables(&g);

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		int64_t pa = walk(&g, probes[i], &flags);

		if (pa != probes[i])
			ident = false;
		if (flags != 0x70003U)
			fl = false;
		pa = walk(&g, probes[i] + T_PO, &flags);
		if (pa != probes[i])
			kern = false;
		if (flags != 0x70003U)
			fl = false;
	}
	ok(ident, "page tables: identity map va == gpa across RAM");
	ok(kern, "page tables: PAGE_OFFSET alias va - %#x == gpa", T_PO);
	ok(fl, "page tables: directory entries 0x7, table entries 0x3 (supervisor)");
	ok(walk(&g, 64 << 20, &flags) == -1 &&
	   walk(&g, T_PO + (64 << 20), &flags) == -1 &&
	   walk(&g, 0x80000000U, &flags) == -1,
	   "page tables: nothing mapped beyond RAM");
	ok(((uint32_t *)(guest_mem + g.pgdir))[1023] == 0,
	   "page tables: top 4 MiB (Switcher) left unmapped");
	ok(g.pgdir % PAGE_SIZE == 0 && g.pt_start % PAGE_SIZE == 0 &&
	   g.pt_pages == 16, "page tables: page aligned, 16 PTE pages for 64 MiB");
	ok(g.initrd_len == 0x101000 &&
	   g.initrd_start + g.initrd_len == g.mem &&
	   g.pgdir + PAGE_SIZE == g.initrd_start,
	   "page tables: directory directly below the initrd, which ends RAM");
	ok(g.pt_start >= g.kernel_end && g.pt_start >= LOW_END &&
	   g.pgdir + PAGE_SIZE <= g.mem,
	   "page tables: inside RAM, above the kernel (%#x-%#x)", g.pt_start,
	   g.pgdir + PAGE_SIZE);

	/*
	 * A 2G/2G-style split with more RAM than PAGE_OFFSET: the identity
	 * view stops at PAGE_OFFSET, the kernel view goes up to 4 GiB - 4 MiB.
	 */
	new_guest(&g, 1536, false);
	plan_layout(&g, 0, 0);
	g.page_offset = 0x40000000U;
	build_page_tables(&g);
	ok(walk(&g, 0x3fffffff, &flags) == 0x3fffffff &&
	   walk(&g, 0x40000000U, &flags) == 0 &&
	   walk(&g, 0x40000000U + 0x50000000U, &flags) == 0x50000000 &&
	   walk(&g, 0x40000000U + 0x5fffffffU, &flags) == 0x5fffffff,
	   "page tables: identity capped at PAGE_OFFSET when RAM is larger");

	/* Too little memory for page tables and initrd. */
	new_guest(&g, 4, false);
	r = plan_layout(&g, 4 << 20, 0);
	ok(r == -1 && error_has("too small"),
	   "page tables: refused when the initrd leaves no room (%s)",
	   lg_error);

	/* initrd_addr_max below RAM end moves initrd and tables down. */
	new_guest(&g, 64, false);
	r = plan_layout(&g, 0x3000, 0x01ffffff);
	ok(r == 0 && g.initrd_start + g.initrd_len == 0x02000000 &&
	   g.pgdir + PAGE_SIZE == g.initrd_start,
	   "page tables: initrd_addr_max respected (initrd ends %#x)",
	   g.initrd_start + g.initrd_len);
}

/* ------------------------------------------------------------------ */
/* Boot parameters.                                                    */
/* ------------------------------------------------------------------ */

static void test_boot_params(void)
{
	char *args[] = { "console=hvc0", "root=/dev/ram0", "--", "nopat" };
	char *args2[] = { "mitigations=auto", "dis_ucode_ldr" };
	char *longarg[1];
	char big[3000];
	struct blob rd;
	struct elf_img e;
	struct guest g;
	unsigned char *bp;
	char *cl;
	int r;

	make_elf(&e);
	new_guest(&g, 64, true);
	plan_layout(&g, sizeof(big), 0);
	load_elf(&g, e.buf, e.len);
	rd.data = (unsigned char *)big;
	memset(big, 'R', sizeof(big));
	rd.len = sizeof(big);
	load_initrd(&g, &rd);
	r = setup_boot_params(&g, args, 4);
	bp = guest_mem;
	cl = (char *)guest_mem + CMDLINE_GPA;

	ok(r == 0, "boot params: written");
	ok(bp[BP_E820_ENTRIES] == 1 && get32(bp, BP_E820_TABLE) == 0 &&
	   get32(bp, BP_E820_TABLE + 4) == 0 &&
	   get32(bp, BP_E820_TABLE + 8) == 64 << 20 &&
	   get32(bp, BP_E820_TABLE + 12) == 0 &&
	   get32(bp, BP_E820_TABLE + 16) == 1,
	   "boot params: one E820 RAM entry {0, 64 MiB}");
	ok(get32(bp, BP_HARDWARE_SUBARCH) == 1, "boot params: hardware_subarch 1");
	ok(get16(bp, BP_VERSION) >= 0x0207 && get32(bp, BP_HEADER) == HDRS_MAGIC,
	   "boot params: version %#x >= 0x207 and HdrS for an ELF kernel",
	   get16(bp, BP_VERSION));
	ok(bp[BP_TYPE_OF_LOADER] == 0xff, "boot params: type_of_loader 0xff");
	ok(get32(bp, BP_CMD_LINE_PTR) == CMDLINE_GPA &&
	   get32(bp, BP_CMDLINE_SIZE) == CMDLINE_MAX - 1,
	   "boot params: cmd_line_ptr %#x, cmdline_size %u",
	   get32(bp, BP_CMD_LINE_PTR), get32(bp, BP_CMDLINE_SIZE));
	ok(!strcmp(cl, "dis_ucode_ldr mitigations=off nopat console=hvc0 root=/dev/ram0 -- nopat"),
	   "boot params: command line '%s'", cl);
	ok(get32(bp, BP_RAMDISK_IMAGE) == g.initrd_start &&
	   get32(bp, BP_RAMDISK_SIZE) == sizeof(big) &&
	   g.initrd_start == (64 << 20) - PAGE_SIZE,
	   "boot params: ramdisk_image %#x, ramdisk_size %#x",
	   get32(bp, BP_RAMDISK_IMAGE), get32(bp, BP_RAMDISK_SIZE));
	ok(all_bytes(guest_mem + g.initrd_start, sizeof(big), 'R') &&
	   all_bytes(guest_mem + g.initrd_start + sizeof(big),
		     g.initrd_len - sizeof(big), 0),
	   "boot params: initrd copied and its last page padded with zeros");
	ok(get32(bp, 0x1ef) == 0 && bp[8] == 0 && bp[0x1e8 - 1] == 0,
	   "boot params: rest of the zero page (e.g. sentinel) is zero");

	new_guest(&g, 64, true);
	plan_layout(&g, 0, 0);
	r = setup_boot_params(&g, args2, 2);
	cl = (char *)guest_mem + CMDLINE_GPA;
	ok(r == 0 && !strcmp(cl, "nopat mitigations=auto dis_ucode_ldr") &&
	   get32(guest_mem, BP_RAMDISK_IMAGE) == 0,
	   "boot params: user's own settings are not duplicated ('%s')", cl);

	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	longarg[0] = big;
	r = setup_boot_params(&g, longarg, 1);
	ok(r == -1 && error_has("too long"),
	   "boot params: over-long command line refused (%s)", lg_error);
}

/* ------------------------------------------------------------------ */
/* Devices and DMA.                                                    */
/* ------------------------------------------------------------------ */

static void test_devices(void)
{
	struct lguest_device_desc *d;
	struct guest g;

	new_guest(&g, 16, true);
	memset(guest_mem + g.mem, 0, PAGE_SIZE);
	d = add_device(&g, LGUEST_DEVICE_T_CONSOLE, 0, 0);
	ok(d == (void *)(guest_mem + g.mem) && d->type == 1 &&
	   d->num_pages == 0 && d->pfn == 0 && d->features == 0 &&
	   d[1].type == 0,
	   "devices: console descriptor at gpa mem, type 1, no pages");
	ok(g.top == g.mem + PAGE_SIZE && g.top / PAGE_SIZE == 0x1001,
	   "devices: pfnlimit covers RAM and the descriptor page (%#x)",
	   g.top / PAGE_SIZE);
	d = add_device(&g, LGUEST_DEVICE_T_BLOCK, 0x8000, 1);
	ok(d && d->pfn == (g.mem + PAGE_SIZE) / PAGE_SIZE &&
	   g.top == g.mem + 2 * PAGE_SIZE &&
	   all_bytes(guest_mem + g.mem + PAGE_SIZE, PAGE_SIZE, 0),
	   "devices: a device with one page gets the next, zeroed, page");
}

/* Put a struct lguest_dma at "at" listing the given sections. */
static struct lguest_dma *make_dma(struct guest *g, uint32_t at, int n,
				   const uint32_t *addr, const uint16_t *len)
{
	struct lguest_dma *d = (void *)(guest_mem + at);
	int i;

	(void)g;
	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++) {
		d->addr[i] = addr[i];
		d->len[i] = len[i];
	}
	return d;
}

static void test_dma(void)
{
	struct iovec iov[LGUEST_MAX_DMA_SECTIONS];
	uint32_t addr[16];
	uint16_t len[16];
	struct lguest_dma *d;
	struct guest g;
	int n, i, pfd[2];
	char out[64];

	new_guest(&g, 16, true);
	/* top = mem + 4096 */

	addr[0] = 0x5000;
	len[0] = 5;
	addr[1] = 0x6000;
	len[1] = 3;
	make_dma(&g, 0x4000, 2, addr, len);
	n = dma_to_iov(&g, 0x4000, iov);
	ok(n == 2 && iov[0].iov_base == guest_mem + 0x5000 &&
	   iov[0].iov_len == 5 && iov[1].iov_base == guest_mem + 0x6000 &&
	   iov[1].iov_len == 3, "DMA: two sections, zero length ends the list");

	make_dma(&g, 0x4000, 0, addr, len);
	ok(dma_to_iov(&g, 0x4000, iov) == 0, "DMA: leading zero length = no sections");

	for (i = 0; i < 16; i++) {
		addr[i] = 0x5000 + i * 16;
		len[i] = 16;
	}
	make_dma(&g, 0x4000, 16, addr, len);
	ok(dma_to_iov(&g, 0x4000, iov) == 16,
	   "DMA: 16 sections with no terminator are all used");

	addr[0] = g.top - 8;
	len[0] = 8;
	make_dma(&g, 0x4000, 1, addr, len);
	ok(dma_to_iov(&g, 0x4000, iov) == 1,
	   "DMA: a section ending exactly at top is fine");

	addr[0] = g.top - 8;
	len[0] = 9;
	make_dma(&g, 0x4000, 1, addr, len);
	n = dma_to_iov(&g, 0x4000, iov);
	ok(n == -1 && error_has("section 0"),
	   "DMA: a section running past top is refused (%s)", lg_error);

	addr[0] = 0x5000;
	len[0] = 1;
	addr[1] = g.top;
	len[1] = 1;
	make_dma(&g, 0x4000, 2, addr, len);
	ok(dma_to_iov(&g, 0x4000, iov) == -1 && error_has("section 1"),
	   "DMA: a section starting at top is refused");

	addr[0] = 0xfffff000U;
	len[0] = 0x2000;
	make_dma(&g, 0x4000, 1, addr, len);
	ok(dma_to_iov(&g, 0x4000, iov) == -1 && error_has("outside"),
	   "DMA: a section wrapping past 4 GiB is refused");

	ok(dma_to_iov(&g, g.top, iov) == -1 && error_has("descriptor"),
	   "DMA: a descriptor at top is refused");
	ok(dma_to_iov(&g, g.top - 50, iov) == -1 && error_has("descriptor"),
	   "DMA: a descriptor straddling top is refused");
	ok(dma_to_iov(&g, 0xffffffc0U, iov) == -1 && error_has("descriptor"),
	   "DMA: a descriptor whose end wraps is refused");

	/* Console output: the sections go to stdout, used_len is set. */
	memcpy(guest_mem + 0x5000, "hello", 5);
	memcpy(guest_mem + 0x6000, ", world", 7);
	addr[0] = 0x5000;
	len[0] = 5;
	addr[1] = 0x6000;
	len[1] = 7;
	d = make_dma(&g, 0x4000, 2, addr, len);
	d->used_len = 0;
	if (pipe(pfd) == 0) {
		int saved = dup(STDOUT_FILENO);

		fflush(stdout);
		dup2(pfd[1], STDOUT_FILENO);
		n = console_output(&g, 0x4000);
		dup2(saved, STDOUT_FILENO);
		close(saved);
		close(pfd[1]);
		i = read(pfd[0], out, sizeof(out) - 1);
		close(pfd[0]);
		out[i < 0 ? 0 : i] = '\0';
		ok(n == 0 && !strcmp(out, "hello, world") && d->used_len == 12,
		   "console: output written to stdout, used_len %u", d->used_len);
	} else {
		ok(false, "console: pipe");
	}
	addr[1] = 0xfffffff0U;
	make_dma(&g, 0x4000, 2, addr, len);
	ok(console_output(&g, 0x4000) == -1,
	   "console: output with a bad section is refused");
}

/* ------------------------------------------------------------------ */
/* Small pieces of the run loop.                                       */
/* ------------------------------------------------------------------ */

static void test_run_helpers(void)
{
	struct kill_seq k = { 0, 0 };
	const unsigned char c = CTRL_C, x = 'x';
	const unsigned char ccc[] = { 3, 3, 3 };
	bool r;

	r = kill_seq_feed(&k, &c, 1, 100) || kill_seq_feed(&k, &c, 1, 100);
	ok(!r && kill_seq_feed(&k, &c, 1, 101),
	   "keyboard: three Ctrl-C within a second kill");
	k.count = 0;
	kill_seq_feed(&k, &c, 1, 100);
	kill_seq_feed(&k, &c, 1, 100);
	kill_seq_feed(&k, &x, 1, 100);
	ok(!kill_seq_feed(&k, &c, 1, 100),
	   "keyboard: another key in between resets the count");
	k.count = 0;
	kill_seq_feed(&k, &c, 1, 100);
	kill_seq_feed(&k, &c, 1, 101);
	ok(!kill_seq_feed(&k, &c, 1, 103),
	   "keyboard: Ctrl-C spread over more than a second does not kill");
	k.count = 0;
	ok(kill_seq_feed(&k, ccc, 3, 50),
	   "keyboard: three Ctrl-C in one read kill");

	{
		static struct con_backlog b;
		static unsigned char big[CON_BACKLOG + 10];

		memset(big, 'a', sizeof(big));
		ok(backlog_add(&b, (const unsigned char *)"hello", 5) == 5 &&
		   b.len == 5, "console backlog: input is kept");
		backlog_take(&b, 2);
		ok(b.len == 3 && !memcmp(b.buf, "llo", 3),
		   "console backlog: what the Guest took goes, the rest stays in order");
		ok(backlog_add(&b, big, sizeof(big)) == CON_BACKLOG - 3 &&
		   b.len == CON_BACKLOG,
		   "console backlog: only what fits is accepted when it is full");
	}

	ok(reason_status("CRASH: Power down") == 0,
	   "exit: 'CRASH: Power down' is success");
	ok(reason_status("CRASH: Restart requested") == 4,
	   "exit: 'CRASH: Restart requested' is 4, a restart");
	ok(reason_status("CRASH: Kernel panic - not syncing: VFS") == 1 &&
	   reason_status("unhandled trap 13 at 0xc0100000 (0x0)") == 1 &&
	   reason_status("CRASH: Power down now") == 1 &&
	   reason_status("") == 1,
	   "exit: any other reason is failure");
}

/* ------------------------------------------------------------------ */
/* Option parsing, as functions.                                       */
/* ------------------------------------------------------------------ */

static int parse(struct options *o, const char *line)
{
	static char copy[2304];
	char *argv[32];
	int argc = 0;
	char *tok;

	snprintf(copy, sizeof(copy), "lguest %s", line);
	for (tok = strtok(copy, " "); tok && argc < 31; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	lg_error[0] = '\0';
	lg_verbose = false;
	return parse_options(argc, argv, o);
}

static void test_options(void)
{
	struct options o;
	int r;

	r = parse(&o, "-v --initrd=rd.img 64 vmlinux console=hvc0 -- -s");
	ok(r == 0 && lg_verbose && o.initrd && !strcmp(o.initrd, "rd.img") &&
	   o.mem_mib == 64 && !strcmp(o.kernel, "vmlinux") && o.nkargs == 3 &&
	   !strcmp(o.kargs[0], "console=hvc0") && !strcmp(o.kargs[2], "-s"),
	   "options: verbose, initrd, memory, kernel and its arguments");
	r = parse(&o, "--verbose 2047 bzImage");
	ok(r == 0 && o.mem_mib == 2047 && o.nkargs == 0,
	   "options: largest memory size, no kernel arguments");
	r = parse(&o, "--help 64 k");
	ok(r == 0 && o.help, "options: --help");
	r = parse(&o, "--block=disk.img --tunnet=10.0.0.1 --sharenet=net 64 k");
	ok(r == 0 && o.ndev == 3 &&
	   o.dev[0].type == &block_type && !strcmp(o.dev[0].arg, "disk.img") &&
	   o.dev[1].type == &tunnet_type && !strcmp(o.dev[1].arg, "10.0.0.1") &&
	   o.dev[2].type == &sharenet_type && !strcmp(o.dev[2].arg, "net"),
	   "options: device options parsed, in order");
	r = parse(&o, "--block=a --sharenet=n1 --block=b --tunnet=10.0.0.1 "
		  "--sharenet=n2 --tunnet=10.0.1.1 64 k");
	ok(r == 0 && o.ndev == 6 &&
	   !strcmp(o.dev[0].arg, "a") && !strcmp(o.dev[2].arg, "b") &&
	   o.dev[2].type == &block_type && o.dev[4].type == &sharenet_type &&
	   !strcmp(o.dev[5].arg, "10.0.1.1"),
	   "options: each repeated device option is one more device");
	r = parse(&o, "--tunnet=bridge:br0 64 k");
	ok(r == 0 && o.ndev == 1 && !strcmp(o.dev[0].arg, "bridge:br0"),
	   "options: --tunnet=bridge:NAME");
	r = parse(&o, "--block=1 --block=2 --block=3 --block=4 --block=5 "
		  "--block=6 --block=7 --block=8 --block=9 --block=10 "
		  "--block=11 --block=12 --block=13 --block=14 --block=15 64 k");
	ok(r == 0 && o.ndev == LGUEST_MAX_DEVICES - 1,
	   "options: %u devices besides the console fit",
	   LGUEST_MAX_DEVICES - 1);
	r = parse(&o, "64 k --foo");
	ok(r == 0 && o.nkargs == 1 && !strcmp(o.kargs[0], "--foo"),
	   "options: anything after the kernel belongs to the Guest");

#define BAD_OPT(line, msg) do {						\
		r = parse(&o, line);					\
		ok(r == -1 && error_has(msg), "options: '%s' refused (%s)", \
		   line, lg_error);					\
	} while (0)
	BAD_OPT("", "missing memory size");
	BAD_OPT("64", "missing kernel");
	BAD_OPT("64x k", "not a number");
	BAD_OPT("0x40 k", "not a number");
	BAD_OPT("+64 k", "not a number");
	BAD_OPT("3 k", "too small");
	BAD_OPT("2048 k", "too large");
	BAD_OPT("99999999999999999999 k", "too large");
	BAD_OPT("--frobnicate 64 k", "unknown option '--frobnicate'");
	BAD_OPT("-q 64 k", "unknown option '-q'");
	BAD_OPT("--initrd", "needs a value");
	BAD_OPT("--verbose=yes 64 k", "takes no value");
	BAD_OPT("--tunnet=300.1.1.1 64 k", "not an IPv4");
	BAD_OPT("--tunnet=1.2.3 64 k", "not an IPv4");
	BAD_OPT("--tunnet=bridge: 64 k", "needs a bridge name");
	BAD_OPT("--block=1 --block=2 --block=3 --block=4 --block=5 "
		"--block=6 --block=7 --block=8 --block=9 --block=10 "
		"--block=11 --block=12 --block=13 --block=14 --block=15 "
		"--sharenet=16 64 k", "too many devices");
#undef BAD_OPT
}

/* ------------------------------------------------------------------ */
/* The real binary.                                                    */
/* ------------------------------------------------------------------ */

/*
 * Run the Launcher with "args" (space separated); collect its exit status
 * and what it wrote to stdout and stderr.
 */
static int run(const char *args, char *out, size_t outlen, char *err,
	       size_t errlen)
{
	char copy[512], *argv[32], *tok;
	int argc = 0, o[2], e[2], status;
	pid_t pid;
	ssize_t n;

	argv[argc++] = (char *)launcher;
	snprintf(copy, sizeof(copy), "%s", args);
	for (tok = strtok(copy, " "); tok && argc < 31; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	if (pipe(o) || pipe(e))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, STDIN_FILENO);
		dup2(o[1], STDOUT_FILENO);
		dup2(e[1], STDERR_FILENO);
		execv(launcher, argv);
		_exit(127);
	}
	close(o[1]);
	close(e[1]);
	n = read(o[0], out, outlen - 1);
	out[n < 0 ? 0 : n] = '\0';
	n = read(e[0], err, errlen - 1);
	err[n < 0 ? 0 : n] = '\0';
	close(o[0]);
	close(e[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Exactly one line, starting with "lguest: ", containing "want". */
static bool one_line(const char *err, const char *want)
{
	const char *nl = strchr(err, '\n');

	return !strncmp(err, "lguest: ", 8) && nl && nl[1] == '\0' &&
	       strstr(err, want) && strstr(err, want) < nl;
}

static void write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	close(fd);
}


/* Can this process map page 0, as the Launcher must? */
static bool can_map_page0(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return false;
	munmap(p, 4096);
	return p == NULL;
}
static void test_binary(void)
{
	char out[4096], err[4096], elf[300], bz[300], junk[300], args[1200];
	char tmp[700];
	struct elf_img e;
	struct bz_img b;
	int st;

	snprintf(elf, sizeof(elf), "%s/tiny-vmlinux", scratch);
	snprintf(bz, sizeof(bz), "%s/tiny-bzImage", scratch);
	snprintf(junk, sizeof(junk), "%s/junk", scratch);
	make_elf(&e);
	write_file(elf, e.buf, e.len);
	make_bzimage(&b);
	write_file(bz, b.buf, b.len);
	write_file(junk, "this is not a kernel\n", 21);

	st = run("--help", out, sizeof(out), err, sizeof(err));
	ok(st == 0 && !strncmp(out, "Usage: lguest", 13) && !err[0],
	   "binary: --help prints usage to stdout and exits 0");
	ok(strstr(out, "--block=FILE") && strstr(out, "--tunnet=IP") &&
	   strstr(out, "--sharenet=FILE") && strstr(out, "may be repeated"),
	   "binary: --help lists every kind of device");
	st = run("-h", out, sizeof(out), err, sizeof(err));
	ok(st == 0 && !strncmp(out, "Usage: lguest", 13), "binary: -h too");

#define BAD_RUN(fmt, arg, want) do {					\
		snprintf(args, sizeof(args), fmt, arg);			\
		st = run(args, out, sizeof(out), err, sizeof(err));	\
		ok(st == 2 && one_line(err, want) && !out[0],		\
		   "binary: '%s' exits 2 with one line: %.*s", args,	\
		   (int)strcspn(err, "\n"), err);			\
	} while (0)
	BAD_RUN("%s", "", "missing memory size");
	BAD_RUN("%s", "64", "missing kernel file");
	BAD_RUN("%s", "sixty-four /x", "not a number");
	BAD_RUN("%s", "100000 /x", "too large");
	BAD_RUN("%s", "--bogus 64 /x", "unknown option");
	BAD_RUN("%s", "--initrd", "needs a value");
	BAD_RUN("64 %s/does-not-exist", scratch, "cannot open kernel");
	BAD_RUN("64 %s", scratch, "not a regular file");
	snprintf(tmp, sizeof(tmp), "--initrd=%s/no-such-initrd 64 %s", scratch,
		 elf);
	BAD_RUN("%s", tmp, "cannot open initrd");
	snprintf(tmp, sizeof(tmp), "--initrd=%s 64 %s", scratch, elf);
	BAD_RUN("%s", tmp, "initrd");
	snprintf(tmp, sizeof(tmp), "--block=%s/no-such-disk 64 %s", scratch,
		 elf);
	BAD_RUN("%s", tmp, "cannot open disk image");
	snprintf(tmp, sizeof(tmp), "--block=%s/junk 64 %s", scratch, elf);
	BAD_RUN("%s", tmp, "smaller than one 512-byte sector");
	/* The first disk is fine: the second is the one refused. */
	snprintf(tmp, sizeof(tmp), "--block=%s --block=%s/no-such-disk2 64 %s",
		 elf, scratch, elf);
	BAD_RUN("%s", tmp, "no-such-disk2");
	/* A --sharenet file that cannot be created; no tap is made. */
	snprintf(tmp, sizeof(tmp), "--sharenet=%s/no-such-dir/net 64 %s",
		 scratch, elf);
	BAD_RUN("%s", tmp, "cannot open or create");
	snprintf(tmp, sizeof(tmp), "--sharenet=%s 64 %s", scratch, elf);
	BAD_RUN("%s", tmp, "--sharenet");

	/*
	 * The rest get as far as mapping Guest memory at address 0, which
	 * needs root (CAP_SYS_RAWIO).
	 */
	if (geteuid() != 0) {
		skip("binary: bad kernel contents (needs root to map page 0)");
		skip("binary: tiny ELF loads (needs root to map page 0)");
		skip("binary: tiny bzImage loads (needs root to map page 0)");
		return;
	}
	/*
	 * QEMU's user-mode emulator (tools/i386-run.sh uses it where the
	 * kernel refuses i386 programs) treats MAP_FIXED_NOREPLACE as a hint,
	 * so page 0 cannot be had there.  The VM tests run the Launcher for
	 * real on the Host.
	 */
	if (!can_map_page0()) {
		skip("binary: bad kernel contents (page 0 cannot be mapped here: qemu-user?)");
		skip("binary: tiny ELF loads (page 0 cannot be mapped here: qemu-user?)");
		skip("binary: tiny bzImage loads (page 0 cannot be mapped here: qemu-user?)");
		return;
	}
	BAD_RUN("64 %s", junk, "neither an ELF vmlinux nor a bzImage");

	/*
	 * A good kernel: everything up to opening /dev/lguest works.  With
	 * no Host yet we expect exit 1 and that message; if a Host exists
	 * this would really run a Guest, so don't.
	 */
	if (access("/dev/lguest", F_OK) == 0) {
		skip("binary: tiny ELF loads (/dev/lguest exists)");
		skip("binary: tiny bzImage loads (/dev/lguest exists)");
		return;
	}
	snprintf(args, sizeof(args), "--verbose 64 %s quiet", elf);
	st = run(args, out, sizeof(out), err, sizeof(err));
	ok(st == 1 && strstr(err, "lguest: cannot open /dev/lguest") &&
	   strstr(err, "PAGE_OFFSET 0xc0000000"),
	   "binary: tiny ELF mapped at 0 and loaded; stops at /dev/lguest");
	snprintf(args, sizeof(args), "--verbose 64 %s quiet", bz);
	st = run(args, out, sizeof(out), err, sizeof(err));
	ok(st == 1 && strstr(err, "lguest: cannot open /dev/lguest") &&
	   strstr(err, "bzImage: protocol 2.15"),
	   "binary: tiny bzImage unpacked and loaded; stops at /dev/lguest");
#undef BAD_RUN
}

/*
 * The block device: requests served against a scratch image, and every
 * kind of bad request answered with an error result, not an exit.
 */
static void test_block(void)
{
	struct lguest_block_page *p;
	struct block_dev b = { .fd = -1 };
	unsigned char *data, buf[4096];
	uint32_t addr[2];
	uint16_t len[2];
	char path[512];
	struct guest g;
	int i, fd;

	snprintf(path, sizeof(path), "%s/disk.img", scratch);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = i * 7;
	/* 8 sectors and a stray 100 bytes, which the Guest does not get. */
	if (fd < 0 || write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf) ||
	    write(fd, buf, 100) != 100) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	close(fd);

	new_guest(&g, 16, true);
	memset(guest_mem + g.mem, 0, PAGE_SIZE);
	ok(block_open(path, &b) == 0 && b.size == 4096 && block_add(&g, &b),
	   "block: image opened, size rounded down to whole sectors");
	p = gpa_ptr(&g, b.key);
	ok(b.key == g.mem + PAGE_SIZE && p->num_sectors == 8 &&
	   ((struct lguest_device_desc *)gpa_ptr(&g, g.mem))->features ==
	   (LGUEST_DEVICE_F_RANDOMNESS | LGUEST_BLOCK_F_FLUSH |
	    LGUEST_BLOCK_F_RING),
	   "block: device page after the descriptors, num_sectors 8, flush and ring offered");

	/* Read sectors 1-2 into two sections of the reply buffer. */
	data = guest_mem + 0x8000;
	addr[0] = 0x8000;
	len[0] = 512;
	addr[1] = 0x9000;
	len[1] = 512;
	make_dma(&g, 0x4000, 0, addr, len);		/* the doorbell */
	make_dma(&g, 0x4100, 2, addr, len);		/* the reply */
	p->type = LGUEST_BLOCK_READ;
	p->sector = 1;
	p->bytes = 1024;
	ok(block_serve(&g, &b, 0x4000, 0x4100) == LGUEST_BLOCK_RESULT_OK &&
	   !memcmp(data, buf + 512, 512) &&
	   !memcmp(guest_mem + 0x9000, buf + 1024, 512) &&
	   ((struct lguest_dma *)(guest_mem + 0x4100))->used_len == 1024,
	   "block: read of two sectors into two sections");

	p->sector = 7;
	ok(block_serve(&g, &b, 0x4000, 0x4100) == LGUEST_BLOCK_RESULT_ERROR,
	   "block: a read running past the end is an error result");
	p->sector = 0xffffffff;
	ok(block_serve(&g, &b, 0x4000, 0x4100) == LGUEST_BLOCK_RESULT_ERROR,
	   "block: a read far beyond the end is an error result");
	p->sector = 0;
	p->bytes = 4096;
	ok(block_serve(&g, &b, 0x4000, 0x4100) == LGUEST_BLOCK_RESULT_ERROR,
	   "block: a read whose buffer is smaller than bytes is an error result");

	/* Write sector 7 from one section. */
	memset(data, 0x5a, 512);
	make_dma(&g, 0x4000, 1, addr, len);
	p->type = LGUEST_BLOCK_WRITE;
	p->sector = 7;
	p->bytes = 512;
	fd = open(path, O_RDONLY);
	ok(block_serve(&g, &b, 0x4000, 0x4100) == LGUEST_BLOCK_RESULT_OK &&
	   pread(fd, buf, 512, 7 * 512) == 512 && all_bytes(buf, 512, 0x5a),
	   "block: a write is in the file when the result is given");
	close(fd);
	p->sector = 8;
	ok(block_serve(&g, &b, 0x4000, 0x4100) == LGUEST_BLOCK_RESULT_ERROR,
	   "block: a write past the end is an error result, file not grown");

	p->type = LGUEST_BLOCK_FLUSH;
	p->sector = 0;
	p->bytes = 0;
	ok(block_serve(&g, &b, 0x4000, 0x4100) == LGUEST_BLOCK_RESULT_OK,
	   "block: flush");
	p->type = 99;
	ok(block_serve(&g, &b, 0x4000, 0x4100) == LGUEST_BLOCK_RESULT_ERROR,
	   "block: an unknown request type is an error result");

	p->type = LGUEST_BLOCK_WRITE;
	addr[0] = g.top;
	make_dma(&g, 0x4000, 1, addr, len);
	ok(block_serve(&g, &b, 0x4000, 0x4100) == -1 &&
	   error_has("outside its memory"),
	   "block: a DMA outside Guest memory is a Launcher error");
	close(b.fd);
	ok(lseek(open(path, O_RDONLY), 0, SEEK_END) == 4196,
	   "block: the image kept its size");
}

/* Fill ring slot n of disk b. */
static struct lguest_block_req *ring_slot(struct guest *g, struct block_dev *b,
					  unsigned int n, int32_t type,
					  uint64_t sector, uint32_t bytes,
					  uint32_t nseg, uint32_t seg)
{
	struct lguest_block_req *r = gpa_ptr(g, b->ring);

	r += n;
	r->type = type;
	r->sector = sector;
	r->bytes = bytes;
	r->nseg = nseg;
	r->seg = seg;
	r->status = LGUEST_BLOCK_REQ_QUEUED;
	return r;
}

/* A malformed ring request ends the Guest and leaves the file alone. */
static void ring_bad(struct guest *g, struct block_dev *b, const char *path,
		     const char *err, const char *what)
{
	unsigned char buf[512];
	int fd = open(path, O_RDONLY);

	lg_error[0] = '\0';
	ok(block_ring(g, b) == -1 && error_has(err) && fd >= 0 &&
	   pread(fd, buf, sizeof(buf), 4 * 512) == (ssize_t)sizeof(buf) &&
	   all_bytes(buf, sizeof(buf), 0x44) && lseek(fd, 0, SEEK_END) == 8192,
	   "block ring: %s is a Launcher error, file untouched", what);
	close(fd);
	/* Clear the ring for the next case. */
	memset(gpa_ptr(g, b->ring), 0, BLOCK_RING_PAGES * PAGE_SIZE);
}

/*
 * The request ring: several requests served on one doorbell, each result
 * in its slot, flushes after the writes; every malformed slot (too many
 * segments, segments outside Guest memory or not adding up) a Launcher
 * error, never a write outside the image.
 */
static void test_block_ring(void)
{
	struct lguest_block_seg *seg;
	struct lguest_block_req *r0, *r1, *r2, *r3, *r4;
	struct block_dev b = { .fd = -1 };
	struct lguest_device_desc *d;
	unsigned char buf[8192];
	char path[512];
	struct guest g;
	int i, fd;

	snprintf(path, sizeof(path), "%s/ring.img", scratch);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = i / 512 * 0x11;
	if (fd < 0 || write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	close(fd);

	new_guest(&g, 16, true);
	memset(guest_mem + g.mem, 0, PAGE_SIZE);
	d = block_open(path, &b) == 0 ? block_add(&g, &b) : NULL;
	ok(d && d->num_pages == 1 + BLOCK_RING_PAGES &&
	   b.ring == b.key + PAGE_SIZE && BLOCK_RING_SLOTS == 128,
	   "block ring: a page of 128 slots after the block page");

	/*
	 * Slot 0 reads sectors 1-2 into two segments, slot 5 writes sector
	 * 6 from one spanning a page boundary, slot 9 flushes, slot 10 is a
	 * kind we do not know, slot 20 runs past the end: one doorbell.
	 */
	seg = gpa_ptr(&g, 0x6000);
	seg[0] = (struct lguest_block_seg){ 0x8000, 512 };
	seg[1] = (struct lguest_block_seg){ 0x9000, 512 };
	seg[2] = (struct lguest_block_seg){ 0xaf00, 512 };
	memset(guest_mem + 0xaf00, 0x77, 512);
	r0 = ring_slot(&g, &b, 0, LGUEST_BLOCK_READ, 1, 1024, 2, 0x6000);
	r1 = ring_slot(&g, &b, 5, LGUEST_BLOCK_WRITE, 6, 512, 1, 0x6010);
	r2 = ring_slot(&g, &b, 9, LGUEST_BLOCK_FLUSH, 0, 0, 0, 0);
	r3 = ring_slot(&g, &b, 10, 99, 0, 0, 0, 0);
	r4 = ring_slot(&g, &b, 20, LGUEST_BLOCK_READ, 16, 512, 1, 0x6000);
	fd = open(path, O_RDONLY);
	ok(block_ring(&g, &b) == 0 &&
	   r0->status == LGUEST_BLOCK_RESULT_OK &&
	   all_bytes(guest_mem + 0x8000, 512, 0x11) &&
	   all_bytes(guest_mem + 0x9000, 512, 0x22) &&
	   r1->status == LGUEST_BLOCK_RESULT_OK &&
	   pread(fd, buf, 512, 6 * 512) == 512 && all_bytes(buf, 512, 0x77) &&
	   r2->status == LGUEST_BLOCK_RESULT_OK &&
	   r3->status == LGUEST_BLOCK_RESULT_ERROR &&
	   r4->status == LGUEST_BLOCK_RESULT_ERROR &&
	   b.doorbells == 1 && b.requests == 5 && b.most_queued == 5,
	   "block ring: five requests on one doorbell, each result in its slot");
	close(fd);
	ok(block_ring(&g, &b) == 0 && b.requests == 5 && b.doorbells == 2,
	   "block ring: a slot with its result is not served again");

	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 4, 512, 1, g.top - 4);
	ring_bad(&g, &b, path, "outside Guest memory",
		 "a segment list past the end of Guest memory");
	seg[3] = (struct lguest_block_seg){ g.top - 256, 512 };
	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 4, 512, 1, 0x6018);
	ring_bad(&g, &b, path, "outside Guest memory",
		 "a segment running past Guest memory");
	seg[3] = (struct lguest_block_seg){ 0xffffff00, 0x200 };
	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 4, 512, 1, 0x6018);
	ring_bad(&g, &b, path, "outside Guest memory",
		 "a segment address that wraps");
	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 4, 1024, 1, 0x6000);
	ring_bad(&g, &b, path, "the request says 1024",
		 "segments holding less than bytes");
	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 4, 512, 2, 0x6000);
	ring_bad(&g, &b, path, "the request says 512",
		 "segments holding more than bytes");
	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 4, 512,
		  LGUEST_BLOCK_MAX_SEGS + 1, 0x6000);
	ring_bad(&g, &b, path, "too large", "too many segments");
	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 4, 512, 0x40000000, 0x6000);
	ring_bad(&g, &b, path, "too large",
		 "a segment count whose list size wraps");
	ring_slot(&g, &b, 3, LGUEST_BLOCK_READ, 0, LGUEST_BLOCK_MAX_BYTES + 512,
		  1, 0x6000);
	ring_bad(&g, &b, path, "too large", "a request over the size limit");
	seg[4] = (struct lguest_block_seg){ 0x8000, 0 };
	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 4, 0, 1, 0x6020);
	ring_bad(&g, &b, path, "outside Guest memory", "an empty segment");
	ring_slot(&g, &b, 3, LGUEST_BLOCK_FLUSH, 0, 512, 1, 0x6000);
	ring_bad(&g, &b, path, "a flush with data", "a flush that carries data");

	/* Beyond the end is an error result for the Guest, not an exit. */
	ring_slot(&g, &b, 3, LGUEST_BLOCK_WRITE, 0xffffffffffffffffULL, 512, 1,
		  0x6000);
	ring_slot(&g, &b, 4, LGUEST_BLOCK_WRITE, 0x0080000000000000ULL, 512, 1,
		  0x6000);
	r0 = gpa_ptr(&g, b.ring);
	fd = open(path, O_RDONLY);
	ok(block_ring(&g, &b) == 0 &&
	   r0[3].status == LGUEST_BLOCK_RESULT_ERROR &&
	   r0[4].status == LGUEST_BLOCK_RESULT_ERROR &&
	   lseek(fd, 0, SEEK_END) == 8192,
	   "block ring: sectors far beyond the end (and whose offset wraps) are error results");
	close(fd);
	close(b.fd);
}

/*
 * A child process that claims a slot of the --sharenet file "path", tells
 * us which on the pipe, and holds it until it is killed.
 */
static pid_t sharenet_holder(const char *path, int *slot)
{
	int p[2];
	pid_t pid;

	*slot = -1;
	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		struct netdev n = { .fd = -1 };
		int got = sharenet_open(&n, path) < 0 ? -1 : (int)n.slot;

		if (write(p[1], &got, sizeof(got)) != sizeof(got))
			_exit(1);
		pause();
		_exit(0);
	}
	if (pid < 0 || read(p[0], slot, sizeof(*slot)) != sizeof(*slot))
		*slot = -1;
	close(p[0]);
	close(p[1]);
	return pid;
}

static void test_sharenet(void)
{
	struct netdev n = { .fd = -1 };
	pid_t first, again;
	char path[512];
	struct stat st;
	int slot, r;

	snprintf(path, sizeof(path), "%s/sharenet", scratch);
	unlink(path);
	first = sharenet_holder(path, &slot);
	ok(slot == 0 && stat(path, &st) == 0 && st.st_size == PAGE_SIZE,
	   "sharenet: a new file is made one page long, the first gets slot 0");
	r = sharenet_open(&n, path);
	ok(r == 0 && n.slot == 1,
	   "sharenet: the next Launcher gets slot 1 (got %u)", n.slot);
	kill(first, SIGKILL);
	waitpid(first, NULL, 0);
	again = sharenet_holder(path, &slot);
	ok(slot == 0, "sharenet: slot 0 is free again once its Launcher died (got %d)",
	   slot);
	kill(again, SIGKILL);
	waitpid(again, NULL, 0);
	if (n.fd >= 0)
		close(n.fd);
}

/*
 * The device table: two disks and two networks from one command line get
 * a descriptor and a page each, in order, the console last; every key
 * leads to its own device, and only the tap and stdin are watched.
 */
static void test_device_table(void)
{
	struct lguest_device_desc *d;
	char line[2200], disk[2][512], net[2][512];
	struct options o;
	struct guest g;
	unsigned int i;
	int fd;

	for (i = 0; i < 2; i++) {
		snprintf(disk[i], sizeof(disk[i]), "%s/table-disk%u", scratch, i);
		fd = open(disk[i], O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || ftruncate(fd, (i + 1) * 4096) < 0) {
			printf("Bail out! cannot make %s\n", disk[i]);
			exit(1);
		}
		close(fd);
	}
	for (i = 0; i < 2; i++) {
		snprintf(net[i], sizeof(net[i]), "%s/table-net%u", scratch, i);
		unlink(net[i]);
	}
	snprintf(line, sizeof(line), "--block=%s --sharenet=%s --block=%s --sharenet=%s 64 k",
		 disk[0], net[0], disk[1], net[1]);
	new_guest(&g, 16, true);
	memset(guest_mem + g.mem, 0, PAGE_SIZE);
	ndevices = 0;
	ok(parse(&o, line) == 0 && open_devices(&o) == 0 && ndevices == 4,
	   "device table: two disks and two networks opened (%s)", lg_error);
	ok(devices[0].block.fd >= 0 && devices[2].block.fd >= 0 &&
	   devices[0].block.fd != devices[2].block.fd &&
	   devices[0].block.size == 4096 && devices[2].block.size == 8192,
	   "device table: each disk has its own image");
	ok(devices[1].net.slot == 0 && devices[3].net.slot == 0 &&
	   devices[1].net.fd != devices[3].net.fd,
	   "device table: each --sharenet device has its own file");
	ok(attach_devices(&g) == 0 && ndevices == 5 && g.ndevices == 5,
	   "device table: five descriptors (%s)", lg_error);
	d = gpa_ptr(&g, g.mem);
	ok(d[0].type == LGUEST_DEVICE_T_BLOCK && d[1].type == LGUEST_DEVICE_T_NET &&
	   d[2].type == LGUEST_DEVICE_T_BLOCK && d[3].type == LGUEST_DEVICE_T_NET &&
	   d[4].type == LGUEST_DEVICE_T_CONSOLE && d[5].type == 0,
	   "device table: descriptors in command-line order, console last");
	ok(((struct lguest_block_page *)gpa_ptr(&g, d[0].pfn * PAGE_SIZE))->num_sectors == 8 &&
	   ((struct lguest_block_page *)gpa_ptr(&g, d[2].pfn * PAGE_SIZE))->num_sectors == 16 &&
	   d[0].pfn != d[2].pfn,
	   "device table: each disk's page holds its own size");
	ok(device_for_key(d[0].pfn * PAGE_SIZE) == &devices[0] &&
	   device_for_key(d[2].pfn * PAGE_SIZE) == &devices[2] &&
	   device_for_key(LGUEST_CONSOLE_DMA_KEY) == &devices[4] &&
	   device_for_key(d[1].pfn * PAGE_SIZE) == NULL &&
	   device_for_key(d[3].pfn * PAGE_SIZE + 4) == NULL &&
	   devices[0].desc == &d[0] && devices[4].desc == &d[4],
	   "device table: each key finds its device; --sharenet keys are the Host's");
	ok(devices[0].input_fd == -1 && devices[1].input_fd == -1 &&
	   devices[4].input_fd == STDIN_FILENO,
	   "device table: disks and --sharenet have no input; the console has stdin");
	for (i = 0; i < 4; i++)
		close(i & 1 ? devices[i].net.fd : devices[i].block.fd);

	/* One network twice: the second would share the first's slot. */
	snprintf(line, sizeof(line), "--sharenet=%s --sharenet=%s 64 k",
		 net[0], net[0]);
	ndevices = 0;
	ok(parse(&o, line) == 0 && open_devices(&o) == -1 &&
	   error_has("already on that network"),
	   "device table: the same --sharenet file twice is refused (%s)",
	   lg_error);
	for (i = 0; i < ndevices; i++)
		if (devices[i].net.fd >= 0)
			close(devices[i].net.fd);
	ndevices = 0;
}

int main(int argc, char *argv[])
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s <lguest> <scratch-dir> [bzImage] [vmlinux]\n",
			argv[0]);
		return 2;
	}
	launcher = argv[1];
	scratch = argv[2];

	test_options();
	test_binary();
	test_elf();
	test_bzimage();
	test_lz4();
	test_real_kernel(argc > 3 ? argv[3] : NULL, "bzImage");
	test_real_kernel(argc > 4 ? argv[4] : NULL, "vmlinux");
	test_page_tables();
	test_boot_params();
	test_devices();
	test_dma();
	test_block();
	test_block_ring();
	test_sharenet();
	test_device_table();
	test_run_helpers();

	printf("1..%u\n", tests);
	if (failures)
		printf("# %u of %u failed\n", failures, tests);
	return failures ? 1 : 0;
}
