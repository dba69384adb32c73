// SPDX-License-Identifier: GPL-2.0
/*
 * tsc-khz: print this machine's TSC rate in kHz, measured against
 * CLOCK_MONOTONIC_RAW: the median of five tries of 0.1 s each.
 *
 * Under TCG, QEMU's guest TSC is the machine's own TSC, so this is the
 * rate the QEMU Host sees.  tests/54 hands it to the Host kernel with
 * tsc_early_khz=, standing in for the firmware or cpuid leaf 0x15 that
 * tells a real machine its TSC rate: a TCG Host cannot calibrate its TSC
 * against the emulated PIT reliably while the machine is busy.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	double khz[5], t0, t1;
	uint64_t c0, c1;
	int i;

	for (i = 0; i < 5; i++) {
		t0 = now();
		c0 = __rdtsc();
		do
			t1 = now();
		while (t1 - t0 < 0.1);
		c1 = __rdtsc();
		khz[i] = (c1 - c0) / (t1 - t0) / 1000;
	}
	qsort(khz, 5, sizeof(khz[0]), cmp);
	printf("%.0f\n", khz[2]);
	return 0;
}
