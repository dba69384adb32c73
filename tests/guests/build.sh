#!/bin/sh
# build.sh OUTDIR: build the test launcher (lgrun), the test guests
# (hello.elf, hostile-N.elf) for the in-VM Host tests, stamp (which times a
# command's output lines) and lgnet.
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
guest() {
	gcc -m32 -nostdlib -static -no-pie -D__ASSEMBLY__ -I"$here" \
		-I"$top/linux/include" -Wl,-T,"$here/guest.lds" \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments "$@"
}
guest -o "$out/hello.elf" "$here/hello.S"
guest -o "$out/fpu.elf" "$here/fpu.S"
guest -o "$out/touch.elf" "$here/touch.S"
guest -o "$out/pinflood.elf" "$here/pinflood.S"
n=1
for t in limits echo recv badrecv send send_none; do
	guest -DTEST=$n -o "$out/dma-$t.elf" "$here/dma.S"
	n=$((n + 1))
done
n=1
while [ $n -le 26 ]; do
	guest -DTEST=$n -o "$out/hostile-$n.elf" "$here/hostile.S"
	n=$((n + 1))
done
