#!/bin/bash
# check-configs.sh [NAME...]: with lguest off, the series changes no code.
#
# Each foreign config (config/foreign/NAME.config; by default all but
# x86_64-xen-pv, which tests/15 builds and x86_64-xen contains) is built
# twice by tools/foreign-build.sh: from the pristine tree and from the
# assembled tree (the series applied).  Then every object file both
# builds made is compared by its code: the disassembly of all executable
# sections with their relocations (objdump -d -r), file names stripped and
# the __COUNTER__ numbers of __UNIQUE_ID_ symbols masked (a header with one
# more use shifts them; they are names, not code).
# Any object whose code differs, or that only one build made, is listed
# with a diff of the first lines that differ.
#
# Ends with "SAME: NAME" or "DIFFERENT: NAME (N objects)" per config and
# exits 1 if any config differs.  Not in make check: each config is two
# kernel builds.  make check-configs runs it.  With --compare OLD NEW it
# only compares two object directories already built.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
compare=
if [ "${1:-}" = --compare ]; then
	# --compare OLD-OBJDIR NEW-OBJDIR: only compare two finished builds.
	[ $# = 3 ] || { echo "usage: check-configs.sh --compare OLD NEW" >&2; exit 2; }
	compare=1
	cmp_old=$(readlink -f "$2") cmp_new=$(readlink -f "$3")
	set -- "$(basename "$cmp_new")"
elif [ $# = 0 ]; then
	set -- x86_64-xen i386-pae-pv i386-nopv i386-pv
fi
[ "$compare" ] || tools/assemble.py

disasm() {
	objdump -d -r -w --no-show-raw-insn "$1" | tail -n +3 |
		sed -E 's/__UNIQUE_ID_([A-Za-z_]*[A-Za-z_])[0-9]+/__UNIQUE_ID_\1/g'
}

# code OBJDIR: "hash path" for every object of a kernel build.
code() {
	(cd "$1" && find . -name '*.o' ! -name 'vmlinux.o' ! -name '.tmp_*' \
		! -name '.vmlinux*' ! -path './scripts/*' ! -path './tools/*' \
		-printf '%P\n' | sort | while read -r o; do
			printf '%s %s\n' "$(disasm "$o" | sha256sum | cut -c1-16)" "$o"
		done)
}

status=0
summary=()
for name in "$@"; do
	start=$(date +%s)
	if [ "$compare" ]; then
		old=$cmp_old new=$cmp_new
	else
		new=$(tools/foreign-build.sh "$name")
		old=$(tools/foreign-build.sh --pristine "$name")
	fi
	code "$old" >"$old.code"
	code "$new" >"$new.code"
	n=0
	while read -r o; do
		n=$((n + 1))
		if [ ! -f "$old/$o" ]; then
			echo "$name: $o: only with the series"
		elif [ ! -f "$new/$o" ]; then
			echo "$name: $o: only without the series"
		else
			echo "$name: $o: code differs:"
			diff <(disasm "$old/$o") <(disasm "$new/$o") |
				head -n 20 | sed 's/^/    /' || true
		fi
	done < <(diff <(cut -d' ' -f2- "$old.code" | sort) <(cut -d' ' -f2- "$new.code" | sort) |
			sed -n 's/^[<>] //p' || true
		 join -j2 <(sort -k2 "$old.code") <(sort -k2 "$new.code") |
			awk '$2 != $3 {print $1}')
	objs=$(wc -l <"$new.code")
	secs=$(( $(date +%s) - start ))
	if [ $n = 0 ]; then
		summary+=("SAME: $name ($objs objects, same code; ${secs}s)")
	else
		summary+=("DIFFERENT: $name ($n of $objs objects; ${secs}s)")
		status=1
	fi
done
printf '%s\n' "${summary[@]}"
exit $status
