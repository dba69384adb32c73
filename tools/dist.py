#!/usr/bin/env python3
"""Render the project as one flat quilt series for distro maintainers.

Output: out/lguest-<linux version>-series.tar.xz holding patches/series and
patches/NNNN-*.patch.  The new files of linux/ come first, as new-file patches (one per directory, so
each stays reviewable), then the patches of `series` in their order.  New
files are first so that every later patch that refers to them (a Kconfig
`source`, a Makefile `obj-` line) applies on a tree where they exist.

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


def overlay_date(d):
    """Date: of the new-file patch for kernel directory d: the last commit
    that touched it (so the same checkout gives the same bytes)."""
    r = subprocess.run(["git", "-C", TOP, "log", "-1", "--format=%aD", "--",
                        os.path.join("linux", d)],
                       stdout=subprocess.PIPE, text=True)
    return r.stdout.strip() or "Thu, 1 Jan 1970 00:00:00 +0000"


def new_file_patches(files, ident):
    """Group overlay files by kernel directory: one patch per directory."""
    bydir = {}
    for rel in sorted(files):
        bydir.setdefault(os.path.dirname(rel), []).append(rel)
    patches = []
    for d in sorted(bydir):
        names = bydir[d]
        desc = "New files of the lguest series, in %s/:\n\n" % d
        desc += "".join("  %s\n" % os.path.basename(rel) for rel in names)
        desc += ("\nThey come first in the series so the patches that "
                 "refer to them\napply to a tree where they exist; nothing "
                 "builds them until\nthose patches hook them in.")
        diff = b"".join(patchfmt.new_file_diff(rel, files[rel]) for rel in names)
        body = patchfmt.render(ident, overlay_date(d), "lguest: add %s/" % d,
                               desc, diff)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", d).strip("-").lower()
        patches.append(("add-" + slug + ".patch", body))
    return patches


# The config fragments README's "For distributions" documents, shipped in
# the tarball as patches/config/ (quilt ignores them).
CONFIGS = ("base.config", "guest.config", "lguest.config")


def main():
    pristine = subprocess.run([os.path.join(TOP, "tools", "fetch-linux.sh")],
                              stdout=subprocess.PIPE, text=True,
                              check=True).stdout.strip()
    entries = new_file_patches(assemble.overlay_files(pristine),
                               series_identity())
    for name in assemble.series_patches():
        with open(os.path.join(TOP, "patches", name), "rb") as f:
            entries.append((re.sub(r"^\d+-", "", name), f.read()))

    members = []
    series = []
    for i, (name, data) in enumerate(entries, 1):
        fn = "%04d-%s" % (i, name)
        series.append(fn)
        members.append(("patches/" + fn, data))
    members.insert(0, ("patches/series", ("\n".join(series) + "\n").encode()))
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
    print("dist: %s (%d patches)" % (os.path.relpath(dst, TOP), len(series)))


if __name__ == "__main__":
    main()
