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
# A difference can be justified: config/foreign/justified lists
# "NAME OBJECT reason", one a line, for a difference that is meant (the
# object is then reported as JUSTIFIED with the reason, and does not make
# the config DIFFERENT).  A justification that no longer matches a
# difference is reported as STALE and makes the config DIFFERENT too, so
# the list stays true.
#
# Ends with "SAME: NAME" or "DIFFERENT: NAME (N objects)" per config and
# exits 1 if any config differs.  Everything printed also goes to
# out/check-configs.txt, the record of the last run.  Not in make check:
# each config is two kernel builds.  make check-configs runs it.  With
# --compare OLD NEW it only compares two object directories already built.
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
	# The config closest to lguest's first: it is the likeliest to differ.
	set -- i386-pv x86_64-xen i386-pae-pv i386-nopv
fi
mkdir -p out
report=out/check-configs.txt
exec 3>&1 > >(tee "$report") 2>&1
teepid=$!
echo "check-configs: $(date -u '+%F %T') UTC, configs: $*"
justified=config/foreign/justified
# why NAME OBJECT: the justification of a difference, if there is one.
why() {
	[ -f "$justified" ] || return 1
	awk -v n="$1" -v o="$2" '$1 == n && $2 == o {
		$1 = ""; $2 = ""; sub(/^ +/, ""); print; found = 1 }
		END { exit !found }' "$justified"
}
[ "$compare" ] || tools/assemble.py

disasm() {
	objdump -d -r -w --no-show-raw-insn "$1" | tail -n +3 |
		sed -E 's/__UNIQUE_ID_([A-Za-z0-9_]*[A-Za-z_])[0-9]+/__UNIQUE_ID_\1/g'
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
	n=0 j=0 stale=0
	seen=()
	while read -r o; do
		seen+=("$o")
		if reason=$(why "$name" "$o"); then
			j=$((j + 1))
			echo "$name: $o: JUSTIFIED: $reason"
			diff <(disasm "$old/$o" 2>/dev/null) <(disasm "$new/$o" 2>/dev/null) |
				head -n 10 | sed 's/^/    /' || true
			continue
		fi
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
	if [ -f "$justified" ]; then
		while read -r jn jo _; do
			[ "$jn" = "$name" ] || continue
			printf '%s\n' "${seen[@]}" | grep -qxF "$jo" ||
				{ echo "$name: $jo: STALE justification: the code no longer differs"
				  stale=$((stale + 1)); }
		done < <(grep -v '^#' "$justified" | grep .)
	fi
	objs=$(wc -l <"$new.code")
	secs=$(( $(date +%s) - start ))
	if [ $n = 0 ] && [ $stale = 0 ]; then
		summary+=("SAME: $name ($objs objects, same code, $j justified; ${secs}s)")
	else
		summary+=("DIFFERENT: $name ($n of $objs objects, $stale stale justifications; ${secs}s)")
		status=1
	fi
done
printf '%s\n' "${summary[@]}"
# Let tee finish the report before we return.
exec >&3 2>&3
wait "$teepid" 2>/dev/null || true
exit $status
