#!/bin/bash
# qemu-run.sh: boot the Host kernel in qemu-system-i386 (TCG) and bring the
# result of the script run inside out to the caller.
#
#   qemu-run.sh [options] [--] [extra kernel args...]
#     --test NAME      run /tests/NAME.sh inside the VM (lgtest=NAME)
#     --shell          interactive shell on the serial console (needs a tty)
#     --log FILE       serial console log (default build/logs/<test>.log)
#     --timeout SEC    hard limit for the whole VM (default 300)
#     --cpu MODEL      QEMU CPU model (default: QEMU's own default)
#     --smp N          CPUs (default 2)
#     --icount         QEMU -icount shift=0: guest time is instructions (one
#                      ns each, the TSC at 1 GHz), so timings do not move
#                      with the build machine's load
#     --mem MIB        memory (default 512)
#     --kernel FILE    default out/bzImage
#     --initrd FILE    default build/host-initramfs.cpio
#     --drive FILE     a raw virtio disk for the Host (/dev/vda, vdb...);
#                      may be given more than once
#     --kill-when RE   power cut: SIGKILL QEMU as soon as a line of the
#                      serial log matches the extended regex RE; exit 0
#                      if it did, 125 if the VM ended first
#
# Exit status: the test script's status, taken from the
# "LGTEST-RESULT NAME rc=N" line the VM's /init prints; 124 if the VM hit the
# timeout; 125 if it ended without a result line.  On failure the tail of the
# log is shown.  The VM never has a network card (-nic none).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
test=
shell=0
log=
timeout=300
cpu=
icount=
smp=2
mem=512
kernel=$top/out/bzImage
initrd=$top/build/host-initramfs.cpio
extra=()
drives=()
kill_when=

while [ $# -gt 0 ]; do
	case "$1" in
	--test) test=$2; shift 2 ;;
	--shell) shell=1; shift ;;
	--log) log=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--mem) mem=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--drive) drives+=("$2"); shift 2 ;;
	--kill-when) kill_when=$2; shift 2 ;;
	--) shift; extra+=("$@"); break ;;
	*) extra+=("$1"); shift ;;
	esac
done

for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "qemu-run: $f is missing; run make first" >&2; exit 2; }
done

append="console=ttyS0 panic=-1 ${extra[*]}"
[ -z "$icount" ] || append="$append tsc_early_khz=1000000 tsc=reliable"
# One socket per CPU: SeaBIOS's MP table (our only CPU enumeration: the
# kernel has no ACPI) lists just the boot CPU for "-smp N" alone.
qemu=(qemu-system-i386 -m "$mem" -smp "$smp,sockets=$smp,cores=1,threads=1" -nic none -no-reboot
      -kernel "$kernel" -initrd "$initrd")
[ -z "$icount" ] || qemu+=(-icount shift=0)
# QEMU's "max" CPU under TCG says AuthenticAMD with a family Linux's old
# Athlon MP check rejects ("not suitable for SMP", a WARNING in every log
# of an SMP Host).  Intel's vendor string avoids that and keeps every
# feature (PGE, SMEP, SMAP, UMIP...).
[ "$cpu" = max ] && cpu=max,vendor=GenuineIntel
[ -n "$cpu" ] && qemu+=(-cpu "$cpu")
# The Host's disks: QEMU writes each request to the file as the Host
# submits it and fdatasync()s the file on the Host's flush, as a disk with
# a volatile write cache does.
for d in "${drives[@]}"; do
	qemu+=(-drive "file=$d,format=raw,if=virtio,cache=writeback")
done

if [ $shell = 1 ]; then
	# -nographic puts the serial console on this terminal; Ctrl-A X quits.
	exec "${qemu[@]}" -nographic -append "$append lgshell=1"
fi

[ -n "$test" ] || { echo "qemu-run: --test NAME or --shell is needed" >&2; exit 2; }
if [ -z "$log" ]; then
	mkdir -p "$top/build/logs"
	log=$top/build/logs/$test.log
fi

if [ -n "$kill_when" ]; then
	# QEMU runs in the background and this loop is its timeout.  What
	# QEMU had written into its disk files stays there (the build
	# machine's page cache survives); what sat in the Host's memory is
	# gone: a power cut for the Host.
	: >"$log"
	"${qemu[@]}" -display none -monitor none -serial "file:$log" \
		-append "$append lgtest=$test" </dev/null >"$log.qemu" 2>&1 &
	qpid=$!
	end=$((SECONDS + timeout))
	while kill -0 "$qpid" 2>/dev/null; do
		if tr -d '\r' <"$log" | grep -aE "$kill_when" >/dev/null; then
			kill -KILL "$qpid"
			wait "$qpid" 2>/dev/null || true
			echo "qemu-run: $test: power cut (QEMU killed) at /$kill_when/"
			exit 0
		fi
		if [ $SECONDS -ge $end ]; then
			kill -KILL "$qpid"
			wait "$qpid" 2>/dev/null || true
			echo "qemu-run: $test: /$kill_when/ not seen within ${timeout}s" >&2
			tail -n 40 "$log" >&2
			exit 124
		fi
		sleep 0.2
	done
	echo "qemu-run: $test: VM ended before /$kill_when/" >&2
	tail -n 40 "$log" >&2
	exit 125
fi

set +e
timeout -k 5 "$timeout" "${qemu[@]}" -display none -monitor none \
	-serial "file:$log" -append "$append lgtest=$test" </dev/null >"$log.qemu" 2>&1
qrc=$?
set -e

show_tail() {
	echo "---- last lines of $log ----" >&2
	tail -n 40 "$log" >&2
	[ -s "$log.qemu" ] && { echo "---- qemu said ----" >&2; cat "$log.qemu" >&2; }
	echo "----" >&2
}

if [ $qrc = 124 ] || [ $qrc = 137 ]; then
	echo "qemu-run: $test: VM did not finish within ${timeout}s" >&2
	show_tail
	exit 124
fi
result=$(tr -d '\r' <"$log" | sed -n "s/^LGTEST-RESULT $test rc=\([0-9]*\)$/\1/p" | tail -n 1)
if [ -z "$result" ]; then
	echo "qemu-run: $test: VM ended (qemu status $qrc) without a result line" >&2
	show_tail
	exit 125
fi
if [ "$result" != 0 ]; then
	echo "qemu-run: $test: script in the VM exited $result" >&2
	show_tail
fi
exit "$result"
