# Runs inside the Host VM: the /dev/lguest fuzzer (tests/fuzz/lgfuzz.c).
# lgfuzz_seeds=FIRST-LAST and lgfuzz_calls=N on the kernel command line
# (tests/fuzz/run.sh sets them; defaults 1-10 and 10000) run one lgfuzz per
# seed.  Passes if every run ends normally and the Host's kernel log shows
# no WARNING, BUG, Oops, RCU stall, lockdep or KFENCE report.
NAME=fuzz
. /tests/guest.lib
d=${LGTEST_DIR:-/lguest/tests}
seeds=1-10
n=10000
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	lgfuzz_seeds=*) seeds=${arg#lgfuzz_seeds=} ;;
	lgfuzz_calls=*) n=${arg#lgfuzz_calls=} ;;
	esac
done
need_lguest
s=${seeds%-*}
last=${seeds#*-}
fail=0 total=0 runs=0
while [ "$s" -le "$last" ]; do
	out=$("$d/lgfuzz" "$s" "$n" 2>&1); rc=$?
	echo "$out" | tail -n 2 | sed 's/^/  /'
	if [ $rc -ne 0 ]; then
		echo "fuzz: FAIL seed $s (exit $rc)"
		fail=1
	fi
	c=$(echo "$out" | sed -n 's/^lgfuzz: seed [0-9]*: \([0-9]*\) calls.*/\1/p')
	total=$((total + ${c:-0}))
	runs=$((runs + 1))
	s=$((s + 1))
done
if host_trouble; then
	echo "fuzz: FAIL the Host's kernel log shows trouble"
	fail=1
fi
echo "fuzz: seeds $seeds, $runs runs, $total calls, $([ $fail -eq 0 ] && echo clean || echo FAILED)"
exit $fail
