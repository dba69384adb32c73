#!/bin/bash
# The Guest's clock, on both of its paths, and interrupt delivery at
# irq_enable (tests/vm/guest-clock.sh does the work inside the Host):
#  - QEMU's default CPU (qemu32) has no constant-rate TSC for Linux, so
#    the Host gives the Guest tsc_khz 0 and it must use the "lguest"
#    clocksource (the Host's time in lguest_data);
#  - with family 6 model 15 (a Core 2, whose TSC Linux knows to be
#    constant) the Host vouches for its TSC and the Guest must use "tsc".
#    (QEMU's TCG cannot offer the invariant-TSC cpuid bit, +invtsc.)
#    Its TSC is this machine's, whose rate tests/clock/tsc-khz measures
#    and the Host kernel gets as tsc_early_khz=: under TCG its own
#    calibration against the emulated PIT fails when the machine is busy
#    ("Unable to calibrate against PIT"), and a real machine would know
#    the rate from cpuid or firmware anyway.  And tsc=reliable: the only
#    clock the TCG Host could check its TSC against is its jiffies, which
#    fall behind when QEMU is starved of the CPU, so its watchdog would
#    mark the TSC unstable ("skewed 71 ms over ... 500 ms" was seen) and
#    the Host would, rightly, stop advertising it.  The TSC is this
#    machine's own constant one; the jiffies are what is unreliable.
# Either way "sleep 1" must take a second of Host time and the Guest's
# clock must keep pace with the Host's over several seconds.  Also prints
# what a Guest system call costs (dd with 1-byte blocks).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
case "$(uname -m)" in
i?86|x86_64) ;;
*) echo "the TSC path needs an x86 build machine"; exit 77 ;;
esac
mkdir -p build/clock
gcc -O2 -Wall -Wextra -o build/clock/tsc-khz tests/clock/tsc-khz.c
khz=$(build/clock/tsc-khz)
echo "this machine's TSC: $khz kHz"
for run in "lguest:" "tsc:qemu32,model=15"; do
	want=${run%%:*} cpu=${run#*:}
	log=build/logs/guest-clock-$want.log
	extra=(lgclock=$want)
	[ "$want" = tsc ] && extra+=(tsc_early_khz=$khz tsc=reliable)
	vm_test guest-clock "$log" --timeout 600 ${cpu:+--cpu $cpu} "${extra[@]}"
	tr -d '\r' <"$log" | grep -a 'guest-clock: '
	# The first match, read to the end (as in test 52): grep -m1 would
	# leave tr writing into a closed pipe, and with pipefail its SIGPIPE
	# (exit 141) failed the test.
	t=$(tr -d '\r' <"$log" | grep -a 'guest-clock: TIME ' | sed -n 1p || true)
	echo "RESULT: ${cpu:-default} CPU, Guest clocksource $want: sleep 1 took" \
	     "$(echo "$t" | sed -n 's/.*sleep1-host=\([0-9.]*\).*/\1/p') s of Host time;" \
	     "over $(echo "$t" | sed -n 's/.*span-host=\([0-9.]*\).*/\1/p') s the Guest's clock was off by" \
	     "$(echo "$t" | sed -n 's/.*drift=\([-0-9.]*\).*/\1/p') s"
	tr -d '\r' <"$log" | sed -n 's/.*guest-clock: IRQ \(.*\)/RESULT: \1/p'
	tr -d '\r' <"$log" | sed -n 's/.*guest-clock: SYSCALL \(.*\)/RESULT: Guest: \1/p'
done
