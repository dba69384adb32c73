// SPDX-License-Identifier: GPL-2.0
/*
 * lgio: time direct I/O on a file or a disk, the same program on the Host
 * and in a Guest (tests/vm/guest-block-bench.sh).
 *
 *   lgio FILE seq|rand|fsync read|write BLOCK-BYTES TOTAL-KIB
 *
 * Moves TOTAL-KIB KiB in blocks of BLOCK-BYTES with O_DIRECT (so neither
 * page cache is measured), sequentially from offset 0 or at random
 * block-aligned offsets within the first TOTAL-KIB * 4 KiB of FILE (the
 * same fixed pseudo-random sequence every run); fsync is sequential with
 * an fdatasync() after every block, so its IOPS are the rate of durable
 * writes (in a Guest each is a FLUSH request).  Prints one line:
 *
 *   lgio: seq read 65536 x 512: 12.345 s, 2.59 MiB/s, 41.5 IOPS
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char *argv[])
{
	unsigned long bs, kib, n, i, span;
	uint32_t rnd = 12345;
	int fd, rand, sync, wr;
	double t0, t;
	void *buf;

	if (argc != 6) {
		fprintf(stderr, "usage: lgio FILE seq|rand|fsync read|write BLOCK-BYTES TOTAL-KIB\n");
		return 2;
	}
	rand = !strcmp(argv[2], "rand");
	sync = !strcmp(argv[2], "fsync");
	wr = !strcmp(argv[3], "write");
	bs = strtoul(argv[4], NULL, 0);
	kib = strtoul(argv[5], NULL, 0);
	if (!bs || bs % 512 || !kib || kib * 1024 % bs) {
		fprintf(stderr, "lgio: bad block size or total\n");
		return 2;
	}
	n = kib * 1024 / bs;
	span = rand ? n * 4 : n;
	fd = open(argv[1], (wr ? O_WRONLY : O_RDONLY) | O_DIRECT);
	if (fd < 0 || posix_memalign(&buf, 4096, bs)) {
		perror("lgio: open");
		return 1;
	}
	memset(buf, 0x5a, bs);
	t0 = now();
	for (i = 0; i < n; i++) {
		unsigned long blk = i;
		ssize_t r;

		if (rand) {
			rnd = rnd * 1103515245 + 12345;
			blk = (rnd >> 8) % span;
		}
		r = wr ? pwrite(fd, buf, bs, (off_t)blk * bs) :
			 pread(fd, buf, bs, (off_t)blk * bs);
		if (r != (ssize_t)bs) {
			perror("lgio: I/O");
			return 1;
		}
		if (sync && fdatasync(fd)) {
			perror("lgio: fdatasync");
			return 1;
		}
	}
	t = now() - t0;
	printf("lgio: %s %s %lu x %lu: %.3f s, %.2f MiB/s, %.1f IOPS\n",
	       argv[2], argv[3], n, bs, t, t > 0 ? n * bs / t / 1048576 : 0,
	       t > 0 ? n / t : 0);
	return 0;
}
