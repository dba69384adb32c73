#!/bin/sh
# build.sh OUTDIR: build the test launcher (lgrun), the test guests
# (hello.elf, hostile-N.elf, dmax-*.elf, ring-*.elf) for the in-VM Host
# tests, the hostile suite's Launcher-side attacker (lgattack) and
# /dev/lguest fuzzer (lgfuzz), stamp (which times a command's output lines)
# lgnet and lgio.
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
gcc -m32 -static -O2 -Wall -Wextra -Werror -I"$top/linux/include/uapi" \
	-Wl,-Ttext-segment=0xb0000000 -o "$out/lgrun" "$here/lgrun.c"
# stamp: times the lines a command prints, from the command's start.
gcc -m32 -static -O2 -Wall -Wextra -Werror -o "$out/stamp" "$here/stamp.c"
# maxgap: the longest the CPU was kept from it (hostile latency classes).
gcc -m32 -static -O2 -Wall -Wextra -Werror -o "$out/maxgap" "$here/maxgap.c"
# lgnet: moves a file over TCP and times it, in Guests and on the Host.
gcc -m32 -static -O2 -Wall -Wextra -Werror -o "$out/lgnet" "$here/lgnet.c"
# lgio: times direct disk I/O, in Guests and on the Host.
gcc -m32 -static -O2 -Wall -Wextra -Werror -o "$out/lgio" "$here/lgio.c"
guest() {
	gcc -m32 -nostdlib -static -no-pie -D__ASSEMBLY__ -I"$here" \
		-I"$top/linux/include" -Wl,-T,"$here/guest.lds" \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments "$@"
}
guest -o "$out/hello.elf" "$here/hello.S"
guest -o "$out/fpu.elf" "$here/fpu.S"
guest -o "$out/touch.elf" "$here/touch.S"
guest -o "$out/ldtr.elf" "$here/ldtr.S"
# ldt-*.elf: a Guest's own LDT, abused (the order of TEST in ldt.S).
n=1
for t in toobig callgate dpl0code switcher intoswitcher beyondmem unaligned \
	 use writehost; do
	guest -DTEST=$n -o "$out/ldt-$t.elf" "$here/ldt.S"
	n=$((n + 1))
done
guest -o "$out/pinflood.elf" "$here/pinflood.S"
n=1
for t in limits echo recv badrecv send send_none; do
	guest -DTEST=$n -o "$out/dma-$t.elf" "$here/dma.S"
	n=$((n + 1))
done
# dmax-*.elf: the hostile suite's DMA attackers (the order of TEST in dmax.S).
n=1
for t in high low bigbind full flood full1 bindloop sink; do
	guest -DTEST=$n -o "$out/dmax-$t.elf" "$here/dmax.S"
	n=$((n + 1))
done
# ring-*.elf: abuse of the async hypercall ring (the order of TEST in ring.S).
n=1
for t in full init flood; do
	guest -DTEST=$n -o "$out/ring-$t.elf" "$here/ring.S"
	n=$((n + 1))
done
# lgfuzz: the /dev/lguest fuzzer (tests/fuzz/).
gcc -m32 -static -O2 -Wall -Wextra -Werror -I"$top/linux/include/uapi" \
	-Wl,-Ttext-segment=0xb0000000 -o "$out/lgfuzz" "$top/tests/fuzz/lgfuzz.c"
# lgattack: the hostile suite's Launcher-side attacks on /dev/lguest.
gcc -m32 -static -O2 -Wall -Wextra -Werror -I"$top/linux/include/uapi" \
	-Wl,-Ttext-segment=0xb0000000 -o "$out/lgattack" "$here/lgattack.c"
n=1
while [ $n -le 26 ]; do
	guest -DTEST=$n -o "$out/hostile-$n.elf" "$here/hostile.S"
	n=$((n + 1))
done
# The run loop and the world switch (tests/hostile/noirq-*, ymm-*).
guest -DHALT -o "$out/noirq-halt.elf" "$here/noirq.S"
guest -o "$out/noirq-spin.elf" "$here/noirq.S"
guest -o "$out/ymm-read.elf" "$here/ymm.S"
guest -DWRITER -o "$out/ymm-write.elf" "$here/ymm.S"
gcc -m32 -static -O2 -Wall -Wextra -Werror -o "$out/ymmhog" "$here/ymmhog.c"
guest -o "$out/crashtext.elf" "$here/crashtext.S"
n=1
for t in read-state leave-mark find-mark exec; do
	guest -DTEST=$n -o "$out/switcher-$t.elf" "$here/switcher.S"
	n=$((n + 1))
done
guest -o "$out/rdpmc.elf" "$here/rdpmc.S"
gcc -m32 -static -O2 -Wall -Wextra -Werror -o "$out/hwbp" "$here/hwbp.c"
guest -o "$out/int18.elf" "$here/int18.S"
guest -o "$out/shadowhog.elf" "$here/shadowhog.S"
guest -o "$out/vecsweep.elf" "$here/vecsweep.S"
# pgchurn-*.elf: NEW_PGTABLE churn, then one bad directory (TEST in pgchurn.S).
n=1
for t in ok outside unaligned switcher; do
	guest -DTEST=$n -o "$out/pgchurn-$t.elf" "$here/pgchurn.S"
	n=$((n + 1))
done
guest -DTEST=1 -DSHARED -o "$out/pgchurn-shared.elf" "$here/pgchurn.S"
# migrate-*.elf and cpuflip: a Launcher moved between CPUs (tests/hostile/migrate.sh).
guest -DSEED=0x1000000 -o "$out/migrate-a.elf" "$here/migrate.S"
guest -DSEED=0x2000000 -o "$out/migrate-b.elf" "$here/migrate.S"
gcc -m32 -static -O2 -Wall -Wextra -Werror -o "$out/cpuflip" "$here/cpuflip.c"
guest -o "$out/ramprobe.elf" "$here/ramprobe.S"
# segs-*.elf: odd segments and bad stacks (the order of TEST in segs.S).
n=1
for t in ring2 conforming sixteen expanddown badstack badstack80 badss80 misaligned; do
	guest -DTEST=$n -o "$out/segs-$t.elf" "$here/segs.S"
	n=$((n + 1))
done
guest -o "$out/clockabuse.elf" "$here/clockabuse.S"
