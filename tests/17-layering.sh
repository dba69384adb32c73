#!/bin/bash
# The parties of the series stay apart (Documentation/lguest/tour.rst,
# "What depends on what"): every #include of one of our files under linux/
# is resolved to that file, and each file's party may only include its own
# party's files and the ABI.  The Host includes no Guest header, the Guest
# (core and drivers) never the Host's lg.h, drivers reach the Guest core
# only through asm/lguest.h, the Launcher includes only the uapi header, and
# the ABI includes nothing of ours.  There is no include loop among our
# files, and our Makefiles have no -I into another folder.  If build/linux
# is assembled, no upstream file includes one of our headers either.  If
# build/kobj holds our objects, what they call obeys the same rules (a
# prototype written by hand instead of included is caught there), and no
# global symbol is defined by two of them.
set -euo pipefail
cd "$(dirname "$0")/.."
py_out=$(mktemp)
trap 'rm -f "$py_out"' EXIT
python3 - "${1:-linux}" <<'EOF' | tee "$py_out"
import os, re, sys

root = sys.argv[1]
files = sorted(os.path.relpath(os.path.join(d, f), root)
               for d, _, fs in os.walk(root) for f in fs)

# Header spellings of ours that are found through the include path.
by_path = {
    "linux/lguest.h": "include/linux/lguest.h",
    "linux/lguest_bus.h": "include/linux/lguest_bus.h",
    "linux/lguest_launcher.h": "include/uapi/linux/lguest_launcher.h",
    "asm/lguest.h": "arch/x86/include/asm/lguest.h",
}

def party(f):
    if f in ("include/linux/lguest.h", "include/uapi/linux/lguest_launcher.h"):
        return "ABI"
    if f.startswith("Documentation/lguest/"):
        return "Launcher"
    if f in ("drivers/lguest/lguest_bus.c", "include/linux/lguest_bus.h") or \
       f.startswith(("drivers/tty/hvc/", "drivers/block/", "drivers/net/")):
        return "Guest driver"
    if f.startswith("drivers/lguest/"):
        return "Host"
    if f.startswith(("arch/x86/lguest/", "arch/x86/include/asm/")):
        return "Guest core"
    return None

allowed = {
    "ABI": set(),
    "Host": {"Host", "ABI"},
    "Guest core": {"Guest core", "ABI"},
    "Guest driver": {"Guest driver", "ABI"},
    "Launcher": set(),
}

inc_re = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
edges, bad = {}, []
for f in files:
    if not f.endswith((".c", ".h", ".S")):
        continue
    p = party(f)
    if p is None:
        bad.append(f"{f}: belongs to no party (update this test and the tour)")
        continue
    edges[f] = []
    for n, line in enumerate(open(os.path.join(root, f)), 1):
        m = inc_re.match(line)
        if not m:
            continue
        kind, name = m.groups()
        target = by_path.get(name)
        if kind == '"':
            local = os.path.normpath(os.path.join(os.path.dirname(f), name))
            if local in files:
                target = local
        if target is None:
            continue            # upstream or system header
        edges[f].append(target)
        q = party(target)
        ok = q in allowed[p]
        if p == "Guest driver" and target == "arch/x86/include/asm/lguest.h":
            ok = True           # the Guest core's one door for drivers
        if p == "Launcher" and target == "include/uapi/linux/lguest_launcher.h":
            ok = True
        if not ok:
            bad.append(f"{f}:{n}: {p} includes {target} ({q})")
        print(f"{f} ({p}) -> {target}")

# No include loop: depth-first search for a back edge.
state = {}
def visit(f, path):
    state[f] = 1
    for t in edges.get(f, []):
        if state.get(t) == 1:
            bad.append("include loop: " + " -> ".join(path + [f, t]))
        elif t not in state:
            visit(t, path + [f])
    state[f] = 2
for f in edges:
    if f not in state:
        visit(f, [])

# Makefiles: no -I into another folder of ours.
for f in files:
    if os.path.basename(f) == "Makefile":
        for n, line in enumerate(open(os.path.join(root, f)), 1):
            if re.search(r"-I\s*\S*(drivers/lguest|arch/x86/lguest|srctree)", line):
                bad.append(f"{f}:{n}: include path into another folder: {line.strip()}")

# The same rules for what the objects of a built kernel call: a function
# may be declared without an include, so the link is checked too.  Each
# object's undefined symbols are matched to the object of ours that
# defines them; no global symbol is defined by two of our objects (two
# different lguest_init()s, say).
import shutil, subprocess
kobj = os.environ.get("LAYERING_KOBJ", "build/kobj")
objs = {}
for f in files:
    if f.endswith((".c", ".S")) and party(f) not in (None, "Launcher"):
        o = os.path.join(kobj, f[:-2] + ".o")
        if os.path.exists(o):
            objs[f] = o
if objs and shutil.which("nm"):
    defined, undef = {}, {}
    for f, o in objs.items():
        undef[f] = set()
        for line in subprocess.check_output(["nm", o], text=True).splitlines():
            w = line.split()
            if len(w) == 3 and w[1] in "TDBRVW":
                if w[2] in defined:
                    bad.append(f"{w[2]} is defined by both {defined[w[2]]} and {f}")
                defined[w[2]] = f
            elif len(w) == 2 and w[0] == "U":
                undef[f].add(w[1])
    calls = 0
    for f in objs:
        for sym in sorted(undef[f]):
            t = defined.get(sym)
            if t is None or t == f:
                continue
            calls += 1
            p, q = party(f), party(t)
            if q not in allowed[p] and not (p == "Guest driver" and q == "Guest core"):
                bad.append(f"{f} ({p}) uses {sym}() of {t} ({q})")
    print(f"objects: {len(objs)} of ours in {kobj}, {len(defined)} global symbols, "
          f"{calls} uses across files checked")
else:
    print(f"objects: none in {kobj} (not built): the link is not checked")

for b in bad:
    print("LAYERING:", b)
print(f"checked {len(edges)} files, {sum(map(len, edges.values()))} includes of ours")
sys.exit(1 if bad else 0)
EOF
n=$(grep -c . <<<"$(cd linux && find . -name '*.[chS]')")
link=$(sed -n 's/^objects: \([0-9]*\) of ours.*/, the same rules and no symbol defined twice in the links of \1 objects/p' "$py_out")
claim="parties apart (no Guest->Host, no Launcher->Host, the Guest core on no driver), no include loop$link"
if [ -d build/linux ]; then
	# Our headers' spellings, included anywhere but in our own files.
	ours=$(cd linux && find . -name '*.[chS]' | sed 's|^\./||' | sort)
	stray=$(grep -rlE '#\s*include\s*[<"](linux/lguest(_bus|_launcher)?|asm/lguest|lg|lg_guest)\.h[>"]' \
		--include='*.[chS]' build/linux | sed 's|^build/linux/||' | sort |
		comm -23 - <(echo "$ours") || true)
	if [ -n "$stray" ]; then
		echo "upstream files include our headers:"; echo "$stray"; exit 1
	fi
	echo "RESULT: layering: $n files of ours, $claim; no upstream file includes ours"
else
	echo "RESULT: layering: $n files of ours, $claim (build/linux not assembled: upstream not checked)"
fi
