#!/bin/bash
# build-kernel.sh VARIANT FRAGMENT...: configure and build one kernel of the
# project from the assembled tree build/linux (pristine + series + linux/).
#
#   main     the one kernel, Host and Guest: objects in build/kobj, results
#            out/bzImage, out/config and out/modules/
#   NAME     any other variant: objects in build/kobj-NAME, results in
#            out/NAME/ (bzImage, config, modules/)
#
# Every variant is the same source with another set of config fragments
# (tools/mkconfig.sh merges them onto tinyconfig, later fragments winning),
# so a variant is one more fragment on the main list, never a copy of the
# build.  kbuild decides what to rebuild; only changed results are copied
# out, so the timestamps in out/ mean something too.  Modules, when the
# config has any, are installed stripped under out/.../modules/lib/modules/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: build-kernel.sh VARIANT FRAGMENT..." >&2; exit 2; }
variant=$1; shift
case "$variant" in
main) obj=$top/build/kobj out=$top/out log=$top/build/logs/kernel-build.log ;;
*[!a-z0-9-]*|'') echo "build-kernel: bad variant name '$variant'" >&2; exit 2 ;;
*) obj=$top/build/kobj-$variant out=$top/out/$variant
   log=$top/build/logs/kernel-build-$variant.log ;;
esac

# A variant built for the first time starts from a copy of the main
# kernel's objects, when there are any: to kbuild that is the main build
# with its .config edited, and it recompiles only what depends on the
# options that differ (fixdep records which options each object used).
# For the modular variant (only the LGUEST options differ) that is the
# lguest directories and the link, where a build of its own, even from a
# warm compiler cache, preprocesses every file again.
main_obj=$top/build/kobj
if [ "$variant" != main ] && [ ! -e "$obj/vmlinux" ] && [ -e "$main_obj/vmlinux" ]; then
	rm -rf "$obj"
	cp -a "$main_obj" "$obj"
fi

"$top/tools/mkconfig.sh" "$obj" "$@"

kmake() {
	make -s -C "$top/build/linux" O="$obj" ARCH=i386 CC="ccache gcc" \
		-j"${JOBS:-$(nproc)}" "$@"
}
mkdir -p "$top/build/logs" "$out"
echo "  KERNEL  ${obj#"$top"/} (log: ${log#"$top"/})"
kmake bzImage 2>&1 | tee "$log"
"$top/tools/update-file.sh" "$obj/arch/x86/boot/bzImage" "$out/bzImage"
"$top/tools/update-file.sh" "$obj/.config" "$out/config"
if grep -q '^CONFIG_MODULES=y' "$obj/.config"; then
	kmake modules 2>&1 | tee -a "$log"
	rm -rf "$out/modules"
	kmake INSTALL_MOD_PATH="$out/modules" INSTALL_MOD_STRIP=1 modules_install \
		>>"$log" 2>&1
else
	rm -rf "$out/modules"; mkdir -p "$out/modules"
fi
