#!/usr/bin/env python3
"""Assemble the kernel tree the series describes into build/linux.

The tree is: the pristine upstream source, every patch of `series` applied
with quilt at fuzz 0, and the new files of linux/ placed at their kernel
paths.

Reassembly is incremental.  Patches are applied in a scratch directory that
holds only the files they touch; a file in build/linux is rewritten only when
its content differs from what the series asks for, so kbuild sees new
timestamps only where something really changed.  A manifest remembers which
files the series placed, so a file dropped from a patch or the overlay goes
back to its pristine content (or away, if upstream never had it).

A patch that needs fuzz or applies at an offset is an error naming it.
"""

import filecmp
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tools"))
import series  # noqa: E402  (the one reader of `series`)
OVERLAYS = [("linux", "")]
MANIFEST = ".lguest-manifest"
STAMP = ".lguest-pristine"


def die(msg):
    print("assemble: " + msg, file=sys.stderr)
    sys.exit(1)


def series_patches():
    return series.patches(TOP)


def patch_files(path):
    """Files a -p1 patch touches: (name, deleted?) pairs."""
    files = []
    old = None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("--- "):
                old = line[4:].split("\t")[0].strip()
            elif line.startswith("+++ ") and old is not None:
                new = line[4:].split("\t")[0].strip()
                if new == "/dev/null":
                    files.append((old.split("/", 1)[1], True))
                else:
                    files.append((new.split("/", 1)[1], False))
                old = None
    return files


def apply_series(pristine, scratch):
    """Apply the series with quilt in a scratch tree; return the result."""
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    patches = series_patches()
    deleted = set()
    touched = set()
    for name in patches:
        p = os.path.join(TOP, "patches", name)
        if not os.path.isfile(p):
            die("series names %s, which is not in patches/" % name)
        for rel, gone in patch_files(p):
            touched.add(rel)
            if gone:
                deleted.add(rel)
    for rel in sorted(touched):
        src = os.path.join(pristine, rel)
        if os.path.exists(src):
            dst = os.path.join(scratch, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
    os.symlink(os.path.join(TOP, "patches"), os.path.join(scratch, "patches"))
    with open(os.path.join(scratch, "series"), "w") as f:
        f.write("".join(name + "\n" for name in patches))
    env = dict(os.environ, QUILT_PATCHES="patches", QUILT_PC=".pc",
               QUILTRC="/dev/null", LC_ALL="C")
    for name in patches:
        r = subprocess.run(["quilt", "push", "--fuzz=0"], cwd=scratch,
                           env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        out = r.stdout
        if r.returncode != 0:
            die("patch %s does not apply:\n%s" % (name, out))
        bad = [l for l in out.splitlines()
               if re.search(r"(offset|fuzz) -?\d+", l)]
        if bad:
            die("patch %s applies only with offsets or fuzz; refresh it:\n%s"
                % (name, "\n".join(bad)))
    result = {}
    for rel in touched - deleted:
        path = os.path.join(scratch, rel)
        if os.path.exists(path):
            result[rel] = path
    return result, deleted


def overlay_files(pristine):
    result = {}
    for root, prefix in OVERLAYS:
        base = os.path.join(TOP, root)
        for dirpath, _, files in os.walk(base):
            for fn in files:
                src = os.path.join(dirpath, fn)
                rel = os.path.relpath(src, base)
                rel = os.path.join(prefix, rel) if prefix else rel
                if os.path.exists(os.path.join(pristine, rel)):
                    die("%s would replace upstream %s: change upstream files "
                        "with a patch" % (os.path.relpath(src, TOP), rel))
                if rel in result:
                    die("two overlay files land on %s" % rel)
                result[rel] = src
    return result


def install(src, dst):
    """Copy src over dst if the content differs; True if it did."""
    if os.path.exists(dst) and filecmp.cmp(src, dst, shallow=False):
        if (os.stat(src).st_mode & 0o111) == (os.stat(dst).st_mode & 0o111):
            return False
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    tmp = dst + ".lguest-tmp"
    shutil.copyfile(src, tmp)
    os.chmod(tmp, os.stat(src).st_mode & 0o777)
    os.replace(tmp, dst)          # new mtime: kbuild will notice
    return True


def main():
    pristine = subprocess.run([os.path.join(TOP, "tools", "fetch-linux.sh")],
                              stdout=subprocess.PIPE, text=True)
    if pristine.returncode != 0:
        sys.exit(1)
    pristine = pristine.stdout.strip()
    build = os.path.join(TOP, "build")
    if sys.argv[1:] == ["--check"]:
        # Only prove the series applies at fuzz 0, in a throwaway place.
        scratch = os.path.join(build, "quilt-check")
        patched, _ = apply_series(pristine, scratch)
        shutil.rmtree(scratch)
        print("assemble: all %d patches apply at fuzz 0 without offsets"
              % len(series_patches()))
        return
    tree = os.path.join(build, "linux")
    stamp = os.path.join(tree, STAMP)

    if not (os.path.isfile(stamp) and open(stamp).read().strip() == pristine):
        print("assemble: copying pristine tree into build/linux",
              file=sys.stderr)
        shutil.rmtree(tree, ignore_errors=True)
        os.makedirs(build, exist_ok=True)
        subprocess.run(["cp", "-a", pristine, tree], check=True)
        os.unlink(os.path.join(tree, ".unpacked"))
        with open(stamp, "w") as f:
            f.write(pristine + "\n")

    patched, deleted = apply_series(pristine, os.path.join(build, "quilt"))
    desired = dict(patched)
    for rel, src in overlay_files(pristine).items():
        if rel in desired:
            die("%s is both patched and in the overlay" % rel)
        desired[rel] = src

    mpath = os.path.join(tree, MANIFEST)
    previous = set()
    if os.path.exists(mpath):
        previous = set(open(mpath).read().split("\n")) - {""}

    changed = []
    for rel in sorted(desired):
        if install(desired[rel], os.path.join(tree, rel)):
            changed.append(rel)
    for rel in sorted((previous - set(desired)) | deleted):
        dst = os.path.join(tree, rel)
        src = os.path.join(pristine, rel)
        if rel not in deleted and os.path.exists(src):
            if install(src, dst):
                changed.append(rel)
        elif os.path.exists(dst):
            os.unlink(dst)
            changed.append(rel)

    with open(mpath + ".tmp", "w") as f:
        f.write("\n".join(sorted(set(desired) | deleted)) + "\n")
    os.replace(mpath + ".tmp", mpath)
    print("assemble: %d patches, %d overlay/patched files, %d changed"
          % (len(series_patches()), len(desired), len(changed)),
          file=sys.stderr)
    for rel in changed[:20]:
        print("  changed: " + rel, file=sys.stderr)


if __name__ == "__main__":
    main()
