#!/usr/bin/env python3
"""Render the project as one flat quilt series for distro maintainers.

Output: out/lguest-<linux version>-series.tar.xz holding patches/series and
patches/NNNN-*.patch, in the order of `series`: its patches as they are,
and at each "#unit NAME" line the logical patch NAME of `units`, which
adds that unit's new files of linux/ with the subject and description
written there.  Every new file is in exactly one unit, and every unit is
placed once; dist stops otherwise.  `series` orders them so that every
prefix builds: a unit's files come before the patch that hooks them into
the build.

The archive is deterministic: same inputs, same bytes (sorted members,
fixed owners and times, no compressor timestamps).

Use:  cd linux-6.12 && tar -xJf lguest-...-series.tar.xz && quilt push -a --fuzz=0

The config fragments README documents ride along in patches/config/.
"""

import io
import os
import re
import subprocess
import sys
import tarfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tools"))
import assemble  # noqa: E402  (shares the overlay and series rules)
import patchfmt  # noqa: E402  (the one patch format)
import series  # noqa: E402  (the one reader of series and units)

def pin(key):
    """A value of the Linux this tree builds against: build/linux-version
    (written by tools/fetch-linux.sh) if it has it, else config/linux.pin."""
    chosen = os.path.join(TOP, "build", "linux-version")
    if os.path.exists(chosen):
        with open(chosen) as f:
            for line in f:
                m = re.match(r"%s=(.*)" % key, line.strip())
                if m:
                    return m.group(1)
    with open(os.path.join(TOP, "config", "linux.pin")) as f:
        for line in f:
            m = re.match(r"%s=(.*)" % key, line.strip())
            if m:
                return m.group(1)
    raise SystemExit("dist: %s missing from config/linux.pin" % key)


def series_identity():
    """The one author of the series: the From: of its patches (tests/11
    checks they agree), so the output depends on the checkout alone."""
    for name in assemble.series_patches():
        with open(os.path.join(TOP, "patches", name)) as f:
            for line in f:
                if line.startswith("From: "):
                    return line[6:].strip()
    raise SystemExit("dist: no patch of series has a From:")


def unit_date(rels):
    """Date: of a unit's patch: the last commit that touched one of its
    files (so the same checkout gives the same bytes)."""
    r = subprocess.run(["git", "-C", TOP, "log", "-1", "--format=%aD", "--"]
                       + [os.path.join("linux", rel) for rel in rels],
                       stdout=subprocess.PIPE, text=True)
    return r.stdout.strip() or "Thu, 1 Jan 1970 00:00:00 +0000"


def slug(subject):
    """A patch file name from its subject, as git format-patch makes it."""
    s = re.sub(r"[^A-Za-z0-9]+", "-", subject).strip("-").lower()
    while len(s) > 60 and "-" in s:
        s = s.rsplit("-", 1)[0]      # whole words only
    return s


def unit_patches(files, ident):
    """{unit name: (file name, patch)}: one new-file patch per unit of
    `units`, which must place every overlay file exactly once."""
    units = series.units(TOP)
    owner = {}
    for name, u in units.items():
        for rel in u["files"]:
            if rel in owner:
                raise SystemExit("dist: %s is in units %s and %s"
                                 % (rel, owner[rel], name))
            if rel not in files:
                raise SystemExit("dist: unit %s names %s, which is not a new "
                                 "file under linux/" % (name, rel))
            owner[rel] = name
    stray = sorted(set(files) - set(owner))
    if stray:
        raise SystemExit("dist: new files in no unit of `units`: %s"
                         % " ".join(stray))
    result = {}
    for name, u in units.items():
        diff = b"".join(patchfmt.new_file_diff(rel, files[rel])
                        for rel in u["files"])
        body = patchfmt.render(ident, unit_date(u["files"]), u["subject"],
                               "\n".join(u["description"]), diff)
        result[name] = (slug(u["subject"]) + ".patch", body)
    return result


# The config fragments README's "For distributions" documents, shipped in
# the tarball as patches/config/ (quilt ignores them).
CONFIGS = ("base.config", "guest.config", "lguest.config", "modular.config")


def main():
    pristine = subprocess.run([os.path.join(TOP, "tools", "fetch-linux.sh")],
                              stdout=subprocess.PIPE, text=True,
                              check=True).stdout.strip()
    units = unit_patches(assemble.overlay_files(pristine), series_identity())
    entries = []
    placed = set()
    for kind, name in series.items(TOP):
        if kind == "unit":
            if name not in units or name in placed:
                raise SystemExit("dist: series places unit %s, which `units` "
                                 "does not declare or series places twice" % name)
            placed.add(name)
            entries.append(units[name])
            continue
        with open(os.path.join(TOP, "patches", name), "rb") as f:
            entries.append((re.sub(r"^\d+-", "", name), f.read()))
    unplaced = sorted(set(units) - placed)
    if unplaced:
        raise SystemExit("dist: units not placed in series: %s" % " ".join(unplaced))

    members = []
    order = []
    for i, (name, data) in enumerate(entries, 1):
        fn = "%04d-%s" % (i, name)
        order.append(fn)
        members.append(("patches/" + fn, data))
    members.insert(0, ("patches/series", ("\n".join(order) + "\n").encode()))
    for name in CONFIGS:
        with open(os.path.join(TOP, "config", name), "rb") as f:
            members.append(("patches/config/" + name, f.read()))

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as t:
        for path in ("patches", "patches/config"):
            ti = tarfile.TarInfo(path)
            ti.type = tarfile.DIRTYPE
            ti.mode = 0o755
            ti.mtime = 0
            t.addfile(ti)
        for path, data in sorted(members):
            ti = tarfile.TarInfo(path)
            ti.size = len(data)
            ti.mode = 0o644
            ti.mtime = 0
            ti.uname = ti.gname = "root"
            t.addfile(ti, io.BytesIO(data))
    xz = subprocess.run(["xz", "-9", "-T1", "-c"], input=raw.getvalue(),
                        stdout=subprocess.PIPE, check=True).stdout

    out = os.path.join(TOP, "out")
    os.makedirs(out, exist_ok=True)
    dst = os.path.join(out, "lguest-%s-series.tar.xz" % pin("LINUX_VERSION"))
    with open(dst + ".tmp", "wb") as f:
        f.write(xz)
    os.replace(dst + ".tmp", dst)
    print("dist: %s (%d patches)" % (os.path.relpath(dst, TOP), len(order)))


if __name__ == "__main__":
    main()
