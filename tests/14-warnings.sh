#!/bin/bash
# Our kernel files (linux/, but not the Launcher) compile without a single warning
# at W=1.  They are compiled in a separate object directory, so the main
# build is not disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR=${CCACHE_DIR:-${LGUEST_CACHE:-$HOME/.cache/lguest}/ccache}
obj=build/kobj-w1
mkdir -p "$obj" build/logs
cp out/config "$obj/.config"
dirs=()
for d in $(cd linux && find . -path ./Documentation -prune -o -name Makefile -printf '%h\n'); do
	dirs+=("${d#./}/")
done
# Our files in upstream directories (drivers/block/lguest_blk.c, ...) are
# built one object at a time: the rest of those directories is not ours.
objs=()
for f in $(cd linux && find . -path ./Documentation -prune -o -name '*.c' -print); do
	f=${f#./}
	[ -e "linux/$(dirname "$f")/Makefile" ] ||
		objs+=("${f%.c}.o")
done
log=build/logs/w1.log
make -s -C build/linux O="$PWD/$obj" ARCH=i386 CC="ccache gcc" olddefconfig >"$log" 2>&1
# Force a fresh compile of our objects (ccache keeps it cheap).
for d in "${dirs[@]}"; do
	find "$obj/$d" -name '*.o' -delete 2>/dev/null || true
done
for o in "${objs[@]}"; do
	rm -f "$obj/$o"
done
make -C build/linux O="$PWD/$obj" ARCH=i386 CC="ccache gcc" -j"$(nproc)" W=1 \
	"${dirs[@]}" "${objs[@]}" >>"$log" 2>&1 || { cat "$log"; exit 1; }
n=$(grep -cE '^\s+(CC|AS)\s' "$log" || true)
if grep -E 'warning:|error:' "$log"; then
	echo "our files are not W=1 clean"; exit 1
fi
echo "RESULT: W=1: ${#dirs[@]} directories and ${#objs[@]} single objects, $n objects compiled, no warnings"
