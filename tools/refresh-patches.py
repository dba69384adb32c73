#!/usr/bin/env python3
"""Rewrite every patch of `series` in the one format (tools/patchfmt.py).

    tools/refresh-patches.py          rewrite patches/ in place
    tools/refresh-patches.py --check  only report patches not in that form

Each patch keeps its Subject, description and Date (a patch without a Date
gets the date of the commit that added it); the author and Signed-off-by
become the repository's git identity; the diff is regenerated with git
diff from the tree before and after the patch (pristine + earlier
patches), with a diffstat.  The tree a series builds is unchanged, which
tests/10 and tests/40 show.  Run it after editing a patch by hand.
"""

import os
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tools"))
import assemble  # noqa: E402
import patchfmt  # noqa: E402


def parse(path):
    """(date, subject, description) of a patch file."""
    date = subject = None
    desc = []
    state = "head"
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if state == "head":
                if line.startswith("Date: "):
                    date = line[6:]
                elif line.startswith("Subject: "):
                    subject = line[9:]
                    if subject.startswith("[PATCH] "):
                        subject = subject[8:]
                elif line == "" and subject is not None:
                    state = "desc"
            elif state == "desc":
                if line == "---" or line.startswith("diff ") or line.startswith("--- a/"):
                    break
                if line.startswith("Signed-off-by:"):
                    continue
                desc.append(line)
    if subject is None:
        raise SystemExit("refresh: %s has no Subject:" % path)
    while desc and not desc[-1].strip():
        desc.pop()
    return date, subject, "\n".join(desc)


def added_date(name):
    r = subprocess.run(["git", "-C", TOP, "log", "--diff-filter=A", "--follow",
                        "--format=%aD", "--", "patches/" + name],
                       stdout=subprocess.PIPE, text=True)
    dates = r.stdout.split("\n")
    dates = [d for d in dates if d]
    return dates[-1] if dates else None


def main():
    check = sys.argv[1:] == ["--check"]
    ident = patchfmt.identity(TOP)
    pristine = subprocess.run([os.path.join(TOP, "tools", "fetch-linux.sh")],
                              stdout=subprocess.PIPE, text=True,
                              check=True).stdout.strip()
    scratch = os.path.join(TOP, "build", "refresh")
    shutil.rmtree(scratch, ignore_errors=True)
    work = os.path.join(scratch, "work")
    os.makedirs(work)
    stale = []
    for name in assemble.series_patches():
        path = os.path.join(TOP, "patches", name)
        files = [rel for rel, gone in assemble.patch_files(path)]
        for rel, gone in assemble.patch_files(path):
            src = os.path.join(pristine, rel)
            w = os.path.join(work, rel)
            if gone or not os.path.exists(src):
                raise SystemExit("refresh: %s adds or deletes %s; new files "
                                 "belong in linux/" % (name, rel))
            if not os.path.exists(w):
                os.makedirs(os.path.dirname(w), exist_ok=True)
                shutil.copy2(src, w)
        for side in ("a", "b"):
            shutil.rmtree(os.path.join(scratch, side), ignore_errors=True)
        for rel in files:
            dst = os.path.join(scratch, "a", rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(work, rel), dst)
        r = subprocess.run(["patch", "-p1", "--fuzz=0", "-s", "-N", "-i", path],
                           cwd=work, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0 or "offset" in r.stdout:
            raise SystemExit("refresh: %s does not apply cleanly:\n%s"
                             % (name, r.stdout))
        for rel in files:
            dst = os.path.join(scratch, "b", rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(work, rel), dst)
        diff = b"".join(patchfmt.change_diff(scratch, rel) for rel in files)
        date, subject, desc = parse(path)
        date = date or added_date(name)
        if not date:
            raise SystemExit("refresh: %s has no Date: and no commit" % name)
        new = patchfmt.render(ident, date, subject, desc, diff)
        with open(path, "rb") as f:
            old = f.read()
        if old != new:
            stale.append(name)
            if not check:
                with open(path + ".tmp", "wb") as f:
                    f.write(new)
                os.replace(path + ".tmp", path)
    shutil.rmtree(scratch)
    for name in stale:
        print("%s: %s" % ("not in the one format" if check else "rewrote", name))
    if check and stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
