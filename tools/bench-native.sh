#!/bin/bash
# bench-native.sh: what do the lguest paravirt hooks cost a native boot?
#
# Builds two kernels from the same source tree and configuration, one with
# CONFIG_LGUEST_GUEST (and so PARAVIRT_XXL: the hooks) and one without it
# (config/nohooks.config), boots each natively in QEMU and runs
# tests/bench/pvbench.c there: null syscall, pipe ping-pong, fork+exit and
# a page-fault loop.  Prints the median ns/op of each kernel and the ratio
# hooks/no-hooks per test.  The goal is a ratio <= 1.02 everywhere: on a
# native boot the hooks are patched into native code and must cost nothing.
#
#   tools/bench-native.sh [options]
#     --src DIR        kernel source tree (default build/linux, as assembled)
#     --config FILE    base .config with LGUEST_GUEST=y (default build/kobj/.config)
#     --out DIR        scratch dir for the two builds and logs (default build/bench)
#     --hooks-obj DIR  build the hooks kernel in this existing O= dir instead of
#                      OUT/hooks (e.g. the normal build dir, to save a build);
#                      its .config is replaced only if it differs from --config
#     --sessions N     QEMU sessions per kernel, alternating hooks/no-hooks (default 1)
#     --rounds N       interleaved rounds of each test inside a session (default 7)
#     --scale F        multiply pvbench's iteration counts (default 1)
#     --jobs N         make -j (default 2)
#     --limit R        goal for every ratio (default 1.02)
#     --strict         exit 1 if a ratio is above the goal
#
# The source tree is only read: both kernels are built with O= in --out.
# TCG timing is noisy; each test runs --rounds times in every session,
# interleaved with the others, and the figure used is the median over all
# runs of all sessions.  The VMs get one CPU, so the pipe test measures
# switches rather than cross-CPU wakeups.  Not part of CI: it takes a
# while (two kernel builds, then a few minutes of QEMU).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux
config=$top/build/kobj/.config
out=$top/build/bench
hooks_obj=
sessions=1
rounds=7
scale=1
jobs=2
limit=1.02
strict=0

while [ $# -gt 0 ]; do
	case "$1" in
	--src) src=$2; shift 2 ;;
	--config) config=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--hooks-obj) hooks_obj=$2; shift 2 ;;
	--sessions) sessions=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--scale) scale=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--limit) limit=$2; shift 2 ;;
	--strict) strict=1; shift ;;
	*) echo "bench-native: unknown option $1" >&2; exit 2 ;;
	esac
done

src=$(readlink -f "$src")
[ -f "$src/Makefile" ] || { echo "bench-native: no kernel tree at $src" >&2; exit 2; }
[ -f "$config" ] || { echo "bench-native: no base config $config" >&2; exit 2; }
mkdir -p "$out"
out=$(readlink -f "$out")
export ARCH=i386
export CCACHE_DIR=${CCACHE_DIR:-/root/.cache/lguest/ccache}
# Object dirs differ from run to run; let ccache hash relative paths.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$src")}
cc="gcc"
command -v ccache >/dev/null && cc="ccache gcc"

# --- 1. The two configurations -------------------------------------------
# Same base, differing only in what config/nohooks.config turns off.
mkconfig() {
	local obj=$1; shift
	mkdir -p "$obj"
	cat "$config" "$@" >"$out/config.want"
	# An unchanged config must not touch .config: kbuild would rebuild.
	if [ $# = 0 ] && cmp -s "$out/config.want" "$obj/.config"; then
		return 0
	fi
	if ! cmp -s "$out/config.want" "$obj/.config.bench-base" 2>/dev/null; then
		cp "$out/config.want" "$obj/.config"
		make -s -C "$src" O="$obj" olddefconfig 2>/dev/null
		cp "$out/config.want" "$obj/.config.bench-base"
	fi
}
hooks_obj=${hooks_obj:-$out/hooks}
hooks_obj=$(mkdir -p "$hooks_obj" && readlink -f "$hooks_obj")
mkconfig "$hooks_obj"
mkconfig "$out/nohooks" "$top/config/nohooks.config"
grep -q '^CONFIG_PARAVIRT_XXL=y' "$hooks_obj/.config" ||
	{ echo "bench-native: the hooks kernel lacks PARAVIRT_XXL" >&2; exit 1; }
if grep -q '^CONFIG_PARAVIRT_XXL=y' "$out/nohooks/.config"; then
	echo "bench-native: the no-hooks kernel still has PARAVIRT_XXL" >&2; exit 1
fi

# --- 2. Build (one build at a time) --------------------------------------
declare -A objdir=([hooks]=$hooks_obj [nohooks]=$out/nohooks)
for k in hooks nohooks; do
	echo "bench-native: building the $k kernel in ${objdir[$k]}"
	make -s -C "$src" O="${objdir[$k]}" CC="$cc" -j"$jobs" bzImage \
		>"$out/$k.build.log" 2>&1 ||
		{ tail -n 30 "$out/$k.build.log" >&2; exit 1; }
done

# --- 3. The userspace: busybox, pvbench and an /init that runs it ---------
gcc -m32 -static -O2 -Wall -o "$out/pvbench" "$top/tests/bench/pvbench.c"
cat >"$out/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "PVBENCH-START \$(uname -r)"
/bin/pvbench $rounds $scale
echo "PVBENCH-END rc=\$?"
dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace' && echo "PVBENCH-DMESG-TROUBLE"
reboot -f
EOF
chmod +x "$out/init"
busybox=$("$top/tools/fetch-busybox.sh")
"$top/tools/mkcpio.sh" "$out/bench.cpio" init="$out/init" \
	bin/busybox="$busybox" bin/pvbench="$out/pvbench"

# --- 4. Boot: hooks, nohooks, hooks, nohooks, ... ------------------------
# QEMU runs with -icount shift=0: the guest's clocks (TSC included) then
# advance by exactly one nanosecond per guest instruction, whatever the
# host is doing.  Timings stop depending on host load and become
# instruction counts, which is what the hooks could add (an indirect call
# and its spills instead of one inline instruction), and two sessions of
# the same kernel agree to a fraction of a percent.  The kernel is told
# the TSC runs at 1 GHz so it does not fall back to 10 ms jiffies.
clock="tsc_early_khz=1000000 tsc=reliable"
run() {
	local k=$1 n=$2 log=$out/$1.$2.log
	echo "bench-native: session $n, $k kernel"
	timeout -k 5 900 qemu-system-i386 -m 256 -smp 1 -icount shift=0 \
		-nic none -no-reboot \
		-display none -monitor none -serial "file:$log" \
		-kernel "${objdir[$k]}/arch/x86/boot/bzImage" -initrd "$out/bench.cpio" \
		-append "console=ttyS0 panic=-1 quiet $clock" </dev/null >"$log.qemu" 2>&1 || true
	grep -q 'PVBENCH-END rc=0' "$log" ||
		{ echo "bench-native: $k session $n failed, see $log" >&2; exit 1; }
	if grep -q PVBENCH-DMESG-TROUBLE "$log"; then
		echo "bench-native: $k kernel warned during the run, see $log" >&2; exit 1
	fi
}
for n in $(seq 1 "$sessions"); do
	run hooks "$n"
	run nohooks "$n"
done

# --- 5. Medians and ratios ----------------------------------------------
median() {	# median of the RUN figures of test $2 in the logs of kernel $1
	cat "$out/$1".*.log | tr -d '\r' | awk -v t="$2" '$1 == "RUN" && $2 == t { print $4 }' |
		sort -g | awk '{ v[NR] = $1 } END {
			if (NR == 0) { print "nan"; exit }
			if (NR % 2) print v[(NR + 1) / 2]
			else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
over=0
printf '\n%-6s %14s %14s %8s\n' test "hooks ns/op" "nohooks ns/op" ratio
for t in null pipe fork fault; do
	h=$(median hooks "$t"); n=$(median nohooks "$t")
	r=$(awk -v h="$h" -v n="$n" 'BEGIN { printf "%.3f", h / n }')
	mark=
	if awk -v r="$r" -v l="$limit" 'BEGIN { exit !(r > l) }'; then
		mark="  > $limit"; over=1
	fi
	printf '%-6s %14s %14s %8s%s\n' "$t" "$h" "$n" "$r" "$mark"
done
runs=$(( sessions * rounds ))
echo "(medians of $runs runs per test and kernel; with -icount shift=0 one ns is one guest instruction; logs in $out)"
if [ $over = 1 ]; then
	echo "bench-native: some ratios are above the goal of $limit"
	[ $strict = 1 ] && exit 1
fi
exit 0
