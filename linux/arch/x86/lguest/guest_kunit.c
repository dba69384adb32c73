// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit, inside an lguest Guest: is an interrupt that arrived while
 * interrupts were off taken as soon as they are enabled again?
 *
 * The Host can only deliver an interrupt when it has control.  If the
 * Guest had interrupts off at that moment, the Host marks
 * lguest_data.irq_pending and lguest_irq_enable() makes a hypercall when
 * it sees the mark, so the interrupt is taken inside local_irq_enable().
 * Without that, the interrupt would wait for the Guest's next exit of any
 * kind, which for a Guest busy in its own code is the Host's next timer
 * tick.
 *
 * Both cases below make an interrupt wait: with interrupts off, they start
 * a short hrtimer, which programs the Guest's clock event (virtual IRQ 0),
 * and spin until the Host has flagged the interrupt in irq_pending.  The
 * first then enables interrupts the normal way and checks that IRQ 0 was
 * counted by the time local_irq_restore() returned.  The second shows
 * the cost of not looking: it enables them with a bare store to
 * irq_enabled, as irq_enable did before, and measures how long the
 * interrupt then takes to come.  Times are TSC cycles, shown as
 * microseconds when the Host gave us the TSC's rate.
 *
 * On a native boot there is no lguest_data and the cases skip.
 *
 * Tour stop 5: in a Guest, a waiting interrupt is taken on irq_enable.
 */
#include <kunit/test.h>
#include <linux/hrtimer.h>
#include <linux/irqflags.h>
#include <linux/kernel_stat.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/processor-flags.h>

#include "lg_guest.h"

/* How long to wait for anything, in TSC cycles: seconds on any CPU. */
#define LG_TEST_SPIN_LIMIT	(10ULL * 1000 * 1000 * 1000)
#define LG_TEST_ROUNDS		5

static struct hrtimer lg_test_timer;

static enum hrtimer_restart lg_test_timer_fn(struct hrtimer *t)
{
	return HRTIMER_NORESTART;
}

static int lg_test_init(struct kunit *test)
{
	if (!boot_cpu_has(X86_FEATURE_LGUEST))
		kunit_skip(test, "not running as an lguest Guest");
	hrtimer_init(&lg_test_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	lg_test_timer.function = lg_test_timer_fn;
	return 0;
}

static void lg_test_exit(struct kunit *test)
{
	if (boot_cpu_has(X86_FEATURE_LGUEST))
		hrtimer_cancel(&lg_test_timer);
}

/*
 * With interrupts off: have IRQ 0 raised soon and wait until the Host
 * flags it as waiting for us.  False if it never does.
 */
static bool lg_make_irq_wait(void)
{
	u64 start = rdtsc();

	hrtimer_start(&lg_test_timer, ns_to_ktime(50 * NSEC_PER_USEC), HRTIMER_MODE_REL);
	while (!READ_ONCE(lguest_data.irq_pending)) {
		if (rdtsc() - start > LG_TEST_SPIN_LIMIT)
			return false;
		cpu_relax();
	}
	return true;
}

static void lg_report(struct kunit *test, const char *what, u64 total,
		      u64 worst, unsigned int n)
{
	u32 khz = READ_ONCE(lguest_data.tsc_khz);

	if (!n)
		return;
	if (khz)
		kunit_info(test, "%s: mean %llu us, worst %llu us (%u rounds)\n",
			   what, div_u64(div_u64(total, n) * 1000, khz),
			   div_u64(worst * 1000, khz), n);
	else
		kunit_info(test, "%s: mean %llu, worst %llu TSC cycles (%u rounds)\n",
			   what, div_u64(total, n), worst, n);
}

/* The interrupt is taken inside local_irq_restore(). */
static void irq_taken_at_enable(struct kunit *test)
{
	unsigned int i, before, done = 0, late = 0;
	u64 t, total = 0, worst = 0;
	unsigned long flags;
	bool flagged;

	for (i = 0; i < LG_TEST_ROUNDS; i++) {
		local_irq_save(flags);
		flagged = lg_make_irq_wait();
		before = kstat_irqs_cpu(0, 0);
		t = rdtsc();
		local_irq_restore(flags);
		t = rdtsc() - t;
		if (!flagged) {
			KUNIT_FAIL(test, "the Host never flagged the waiting interrupt");
			break;
		}
		if (kstat_irqs_cpu(0, 0) == before)
			late++;
		total += t;
		worst = max(worst, t);
		done++;
	}
	KUNIT_EXPECT_EQ_MSG(test, late, 0U,
			    "interrupts not yet taken when irq_enable returned");
	lg_report(test, "enable to interrupt handled, with irq_pending", total,
		  worst, done);
}

/* For comparison: enabling without looking at irq_pending. */
static void irq_waits_without_notice(struct kunit *test)
{
	unsigned int i, before, done = 0;
	u64 t, total = 0, worst = 0;
	unsigned long flags;
	bool flagged, taken;

	for (i = 0; i < LG_TEST_ROUNDS; i++) {
		local_irq_save(flags);
		flagged = lg_make_irq_wait();
		before = kstat_irqs_cpu(0, 0);
		t = rdtsc();
		WRITE_ONCE(lguest_data.irq_enabled, X86_EFLAGS_IF);
		while (!(taken = kstat_irqs_cpu(0, 0) != before) &&
		       rdtsc() - t < LG_TEST_SPIN_LIMIT)
			cpu_relax();
		t = rdtsc() - t;
		local_irq_restore(flags);
		if (!flagged || !taken) {
			KUNIT_FAIL(test, "interrupt %s", flagged ?
				   "never taken" : "never flagged by the Host");
			break;
		}
		total += t;
		worst = max(worst, t);
		done++;
	}
	lg_report(test, "enable to interrupt handled, bare store", total,
		  worst, done);
}

static struct kunit_case lguest_guest_cases[] = {
	KUNIT_CASE(irq_taken_at_enable),
	KUNIT_CASE(irq_waits_without_notice),
	{}
};

static struct kunit_suite lguest_guest_suite = {
	.name = "lguest_guest",
	.init = lg_test_init,
	.exit = lg_test_exit,
	.test_cases = lguest_guest_cases,
};
kunit_test_suite(lguest_guest_suite);
