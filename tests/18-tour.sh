#!/bin/bash
# The architecture tour (linux/Documentation/lguest/tour.rst) is true of
# the tree: every identifier it names in ``...`` exists in our code or
# patches, every file path it names exists (under linux/, or as an upstream
# file a patch changes), its file map lists every file under linux/, and it
# is valid reStructuredText; each source file's head comment names its
# stop, and lg.h's map of the Host's files is complete.  A rename that
# leaves the tour behind fails here, naming what to fix.
set -euo pipefail
cd "$(dirname "$0")/.."
tour=linux/Documentation/lguest/tour.rst
fail=0

# Identifiers: ``name``, ``name()``, ``name[]``, ``struct name``.
ids=$(grep -oE '``(struct )?[A-Za-z_][A-Za-z0-9_]*(\(\)|\[\])?``' "$tour" |
	sed -E 's/``//g; s/^struct //; s/(\(\)|\[\])$//' | sort -u)
n=0
for id in $ids; do
	n=$((n + 1))
	grep -rqw --exclude='*.rst' -- "$id" linux patches ||
		{ echo "tour names '$id', which is nowhere in linux/ or patches/"; fail=1; }
done

# Paths: anything in ``...`` that looks like a file of the kernel tree.
paths=$(grep -oE '``[A-Za-z0-9_./-]+/[A-Za-z0-9_.-]+\.(c|h|S|rst)``' "$tour" |
	sed 's/``//g' | sort -u)
for p in $paths; do
	p=${p#linux/}
	[ -e "linux/$p" ] && continue
	grep -qxF -- "+++ b/$p" patches/*.patch && continue
	# A short name (asm/lguest.h, lg.h) as the sources spell it.
	find linux -path "*/$p" | grep -q . && continue
	echo "tour names file '$p', which does not exist"; fail=1
done

# The file map: every file under linux/ has its row.
for f in $(cd linux && find . -type f | sed 's|^\./||' | sort); do
	grep -qE "^\`\`$f\`\` " "$tour" ||
		{ echo "file map lacks $f"; fail=1; }
done

# Each source file's head says where it sits in the tour.
for f in $(cd linux && find . -name '*.[chS]' | sed 's|^\./||' | sort); do
	awk '/SPDX/ { next } { print } /\*\// { exit }' "linux/$f" | grep -q 'Tour' ||
		{ echo "$f: its head comment does not name its tour stop"; fail=1; }
done

# lg.h's file map names every file of the Host (all of drivers/lguest/
# but the Guest's bus).
for f in $(cd linux/drivers/lguest && ls *.[cS] | grep -vx lguest_bus.c); do
	sed -n '1,/^#ifndef/p' linux/drivers/lguest/lg.h | grep -qE "^ \*   $f " ||
		{ echo "lg.h's file map lacks $f"; fail=1; }
done

# The trust boundary (trust.rst) names a test for each promise: each
# hostile:NAME is a class of tests/hostile/ that runs (its line 2 is a
# "# class:"), each test:NN a test of tests/.
trust=linux/Documentation/lguest/trust.rst
nt=0
for t in $(grep -oE '(hostile:[a-z0-9-]+[a-z0-9]|test:[0-9]+)' "$trust" | sort -u); do
	nt=$((nt + 1))
	case $t in
	hostile:*) f=tests/hostile/${t#hostile:}.sh
		sed -n 2p "$f" 2>/dev/null | grep -q '^# class:' ||
			{ echo "trust.rst names $t, which is not a class that runs"; fail=1; } ;;
	test:*) ls tests/"${t#test:}"-*.sh >/dev/null 2>&1 ||
			{ echo "trust.rst names $t, which does not exist"; fail=1; } ;;
	esac
done

# Debian's python3 (tools/deps.sh installs python3-docutils for it).
for f in "$tour" "$trust"; do
	/usr/bin/python3 - "$f" <<'EOF' || fail=1
import sys
import docutils.core
docutils.core.publish_string(open(sys.argv[1]).read(), writer_name="null",
			     settings_overrides={"halt_level": 2})
EOF
done

[ $fail = 0 ] || exit 1
echo "RESULT: tour: $n names and $(wc -w <<<"$paths") paths found in the tree, $(cd linux && find . -type f | wc -l) files mapped, valid rst; trust.rst: $nt tests named, all there"
