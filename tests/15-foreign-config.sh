#!/bin/bash
# The series must not break the kernels a distribution builds from the same
# tree.  Build one such foreign config with the series applied: x86_64
# tinyconfig + Xen PV + paravirt spinlocks (config/foreign/x86_64-xen-pv),
# the one other user of PARAVIRT_XXL, whose paravirt.h the series changes.
# (The series once broke exactly this build.)  make check-configs builds
# more configs, with and without the series, and compares their code.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/assemble.py
start=$(date +%s)
obj=$(tools/foreign-build.sh x86_64-xen-pv)
for opt in CONFIG_64BIT=y CONFIG_XEN_PV=y CONFIG_PARAVIRT_XXL=y \
		CONFIG_PARAVIRT_SPINLOCKS=y; do
	grep -qx "$opt" "$obj/.config" || { echo "config lacks $opt"; exit 1; }
done
[ -s "$obj/vmlinux" ] || { echo "no vmlinux in $obj"; exit 1; }
file "$obj/vmlinux" | grep -q 'ELF 64-bit.*x86-64' ||
	{ echo "vmlinux is not x86-64: $(file "$obj/vmlinux")"; exit 1; }
echo "RESULT: x86_64 tinyconfig + XEN_PV + PARAVIRT_SPINLOCKS builds with the series ($(( $(date +%s) - start ))s)"
