#!/usr/bin/env python3
"""The one reader of `series` and `units`: the patches and the logical
patches of new files, in order.

`series` is quilt's format: one patch name a line, first word only;
everything after a '#' is a comment, blank lines are skipped.  A comment
line "#unit NAME" places the logical patch NAME (new files of linux/,
declared in `units`) at that point of the rendered series (make dist).
Every tool that walks the series (assemble.py, dist.py,
refresh-patches.py, bisect-series.sh, tests/11, tests/12 and tests/40)
reads it through here, so they cannot disagree about what it says.

`units` declares each unit: "unit NAME", "subject TEXT", one or more
"files PATH..." lines (kernel paths of new files, as under linux/), and
its description as lines starting with a tab.

    tools/series.py          print the patch names, one a line
    tools/series.py --items  print "patch NAME" or "unit NAME", in order
    tools/series.py --files  print "UNIT PATH" for every file of a unit
"""

import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def items(top=TOP):
    """[("patch", name) or ("unit", name)] of top/series, in order."""
    result = []
    with open(os.path.join(top, "series")) as f:
        for line in f:
            m = re.match(r"#unit\s+(\S+)\s*$", line)
            if m:
                result.append(("unit", m.group(1)))
                continue
            line = line.split("#", 1)[0].strip()
            if line:
                result.append(("patch", line.split()[0]))
    return result


def patches(top=TOP):
    """The patch names of top/series, in order."""
    return [name for kind, name in items(top) if kind == "patch"]


def units(top=TOP):
    """{name: {"subject", "files", "description"}} from top/units, in the
    order `units` declares them."""
    result = {}
    cur = None
    path = os.path.join(top, "units")
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = "%s:%d" % (path, n)
            if line.startswith("\t"):
                if cur is None:
                    raise SystemExit("%s: description outside a unit" % where)
                cur["description"].append(line[1:].rstrip())
                continue
            if not line.strip() or line.startswith("#"):
                continue
            key, _, rest = line.partition(" ")
            rest = rest.strip()
            if key == "unit":
                if rest in result:
                    raise SystemExit("%s: unit %s declared twice" % (where, rest))
                cur = result[rest] = {"subject": None, "files": [],
                                      "description": []}
            elif cur is None:
                raise SystemExit("%s: %s outside a unit" % (where, key))
            elif key == "subject":
                cur["subject"] = rest
            elif key == "files":
                cur["files"].extend(rest.split())
            else:
                raise SystemExit("%s: unknown keyword %s" % (where, key))
    for name, u in result.items():
        while u["description"] and not u["description"][-1]:
            u["description"].pop()
        if not u["subject"] or not u["files"] or not u["description"]:
            raise SystemExit("units: %s needs a subject, files and a "
                             "description" % name)
    return result


if __name__ == "__main__":
    if sys.argv[1:] == ["--items"]:
        for kind, name in items():
            print(kind, name)
    elif sys.argv[1:] == ["--files"]:
        for name, u in units().items():
            for rel in u["files"]:
                print(name, rel)
    else:
        for name in patches():
            print(name)
