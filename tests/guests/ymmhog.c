// SPDX-License-Identifier: GPL-2.0
/*
 * ymmhog - a Host process that keeps a pattern in its vector registers
 * (ymm0-7 with AVX, else xmm0-7) and spins, checking them, for a given
 * number of seconds or until SIGTERM.  Guests that run on the same CPU in
 * between must not see the pattern (tests/guests/ymm.S looks for it), and
 * nothing they do may change it.
 *
 *	ymmhog SECONDS
 *
 * Prints what it checked; exit 0 if the registers stayed intact, 1 if
 * they changed (and what they held), 2 on a usage error.
 */
#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define YMM_HOST	0x484F5354u	/* ymm.S's YMM_HOST */

static volatile sig_atomic_t stop;
static uint32_t pattern[8] __attribute__((aligned(32)));
static uint32_t seen[8 * 8] __attribute__((aligned(32)));

static int have_avx(void)
{
	unsigned int a, b, c, d, lo, hi;

	if (!__get_cpuid(1, &a, &b, &c, &d) || (c & (3u << 27)) != (3u << 27))
		return 0;
	asm volatile("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0));
	return (lo & 6) == 6;
}

/* The no-AVX case needs SSE at least. */
static int have_sse(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid(1, &a, &b, &c, &d) && (d & (1u << 25));
}

static void load_ymm(void)
{
	asm volatile("vmovdqu %0, %%ymm0\n\tvmovdqu %0, %%ymm1\n\t"
		     "vmovdqu %0, %%ymm2\n\tvmovdqu %0, %%ymm3\n\t"
		     "vmovdqu %0, %%ymm4\n\tvmovdqu %0, %%ymm5\n\t"
		     "vmovdqu %0, %%ymm6\n\tvmovdqu %0, %%ymm7"
		     : : "m" (pattern));
}

static void store_ymm(void)
{
	asm volatile("vmovdqu %%ymm0, 0(%0)\n\tvmovdqu %%ymm1, 32(%0)\n\t"
		     "vmovdqu %%ymm2, 64(%0)\n\tvmovdqu %%ymm3, 96(%0)\n\t"
		     "vmovdqu %%ymm4, 128(%0)\n\tvmovdqu %%ymm5, 160(%0)\n\t"
		     "vmovdqu %%ymm6, 192(%0)\n\tvmovdqu %%ymm7, 224(%0)"
		     : : "r" (seen) : "memory");
}

static void load_xmm(void)
{
	asm volatile("movups %0, %%xmm0\n\tmovups %0, %%xmm1\n\t"
		     "movups %0, %%xmm2\n\tmovups %0, %%xmm3\n\t"
		     "movups %0, %%xmm4\n\tmovups %0, %%xmm5\n\t"
		     "movups %0, %%xmm6\n\tmovups %0, %%xmm7"
		     : : "m" (pattern));
}

static void store_xmm(void)
{
	asm volatile("movups %%xmm0, 0(%0)\n\tmovups %%xmm1, 16(%0)\n\t"
		     "movups %%xmm2, 32(%0)\n\tmovups %%xmm3, 48(%0)\n\t"
		     "movups %%xmm4, 64(%0)\n\tmovups %%xmm5, 80(%0)\n\t"
		     "movups %%xmm6, 96(%0)\n\tmovups %%xmm7, 112(%0)"
		     : : "r" (seen) : "memory");
}

/* The kernel saves and restores our registers around a handler. */
static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	int avx, i, words;
	unsigned long checks = 0;
	time_t end;

	if (argc != 2)
		return 2;
	avx = have_avx();
	if (!avx && !have_sse()) {
		printf("ymmhog: no vector registers on this CPU\n");
		return 0;
	}
	words = avx ? 64 : 32;
	for (i = 0; i < 8; i++)
		pattern[i] = YMM_HOST;
	signal(SIGTERM, on_term);
	end = time(NULL) + atoi(argv[1]);
	/* Nothing between the load and the checks may use vector registers. */
	avx ? load_ymm() : load_xmm();
	while (!stop && time(NULL) < end) {
		for (i = 0; i < 10000; i++) {
			int w;

			avx ? store_ymm() : store_xmm();
			checks++;
			for (w = 0; w < words; w++) {
				if (seen[w] != YMM_HOST) {
					printf("ymmhog: %s%d word %d changed to %#x after %lu checks\n",
					       avx ? "ymm" : "xmm", w / (words / 8),
					       w % (words / 8), seen[w], checks);
					return 1;
				}
			}
		}
	}
	printf("ymmhog: %s0-7 intact after %lu checks\n", avx ? "ymm" : "xmm",
	       checks);
	return 0;
}
