#!/bin/bash
# mkconfig.sh OBJDIR FRAGMENT...: make OBJDIR/.config from tinyconfig plus the
# fragments, merged with the kernel's merge_config.sh.
#
# The tree is build/linux and the architecture i386 unless MKCONFIG_TREE
# and MKCONFIG_ARCH say otherwise (the foreign configs of
# tools/foreign-build.sh: another architecture, or the pristine tree).
#
# The config is made in a scratch directory and copied over OBJDIR/.config
# only when it differs, so an unchanged config never makes kbuild rebuild.
# Every option a fragment asks for must appear, with that value, in the final
# .config; merge_config's "requested value not in final .config" warnings and
# any other mismatch are errors.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=${MKCONFIG_TREE:-$top/build/linux}
obj=$1; shift
[ $# -gt 0 ] || { echo "usage: mkconfig.sh OBJDIR FRAGMENT..." >&2; exit 2; }
export ARCH=${MKCONFIG_ARCH:-i386}
frags=()
for f in "$@"; do frags+=("$(readlink -f "$f")"); done
set -- "${frags[@]}"

# Skip all work when neither the fragments nor any Kconfig file changed.
key=$( (echo "$ARCH $tree"; cat "$@"; cd "$tree" && find . -name 'Kconfig*' -newer "$tree/Makefile" \
	-printf '%p %T@\n' | sort) | sha256sum | cut -d' ' -f1)
if [ -f "$obj/.config" ] && [ "$(cat "$obj/.lguest-config-key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi

scratch=$top/build/kconfig-scratch-$(basename "$obj")
rm -rf "$scratch"; mkdir -p "$scratch" "$obj"
make -s -C "$tree" O="$scratch" tinyconfig >"$scratch/log" 2>&1 ||
	{ cat "$scratch/log" >&2; exit 1; }
cp "$scratch/.config" "$scratch/tiny.config"
(cd "$tree" && scripts/kconfig/merge_config.sh -O "$scratch" \
	"$scratch/tiny.config" "$@") >"$scratch/merge.log" 2>&1 ||
	{ cat "$scratch/merge.log" >&2; exit 1; }

fail=0
# merge_config also reports tinyconfig's own values that the fragments
# override; only the fragments' requests count.
# A "not set" request met by the option's absence (its dependencies are
# off) is honoured too.
for sym in $(sed -n 's/^Value requested for \(CONFIG_[A-Za-z0-9_]*\) not in final .config$/\1/p' \
		"$scratch/merge.log"); do
	if grep -A1 "^Value requested for $sym " "$scratch/merge.log" |
			grep -qx "Requested value:  # $sym is not set" &&
	   ! grep -q "^$sym=" "$scratch/.config"; then
		continue
	fi
	if grep -qE "^($sym=|# $sym is not set)" "$@"; then
		grep -A3 "^Value requested for $sym " "$scratch/merge.log" >&2
		fail=1
	fi
done
# Our own check, independent of merge_config's wording.
"$top/tools/check-config.sh" "$scratch/.config" "$@" || fail=1
[ $fail = 0 ] || { echo "mkconfig: fragments not honoured (see above)" >&2; exit 1; }

if ! cmp -s "$scratch/.config" "$obj/.config"; then
	cp "$scratch/.config" "$obj/.config"
	echo "mkconfig: wrote $obj/.config" >&2
fi
echo "$key" >"$obj/.lguest-config-key"
rm -rf "$scratch"
