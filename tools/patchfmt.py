"""One patch format for the whole series, shared by tools/refresh-patches.py
(patches/) and tools/dist.py (the dist tarball): what git format-patch
writes.

    From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
    From: Name <email>
    Date: <RFC 2822 date>
    Subject: [PATCH] subsystem: summary

    Description.

    Signed-off-by: Name <email>
    ---
     path | 12 ++++++------
     1 file changed, 6 insertions(+), 6 deletions(-)

    diff --git a/path b/path
    ...

The identity is the repository's git identity (git config user.name and
user.email), the one real author of every patch.
"""

import hashlib
import os
import subprocess

ZERO_FROM = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"


def identity(top):
    """'Name <email>' from git config; refuse a missing or .invalid one."""
    def get(key):
        r = subprocess.run(["git", "-C", top, "config", key],
                           stdout=subprocess.PIPE, text=True)
        return r.stdout.strip()
    name, email = get("user.name"), get("user.email")
    if not name or "@" not in email or email.endswith(".invalid"):
        raise SystemExit("patchfmt: set a real git identity "
                         "(git config user.name / user.email)")
    return "%s <%s>" % (name, email)


def diffstat(diff):
    """git format-patch's diffstat of a unified diff (bytes)."""
    files = []
    for line in diff.split(b"\n"):
        if line.startswith(b"diff --git "):
            files.append([line.split(b" b/", 1)[1].decode(), 0, 0])
        elif line.startswith(b"+++ ") or line.startswith(b"--- "):
            continue
        elif files and line.startswith(b"+"):
            files[-1][1] += 1
        elif files and line.startswith(b"-"):
            files[-1][2] += 1
    if not files:
        return ""
    namew = max(len(f[0]) for f in files)
    big = max(f[1] + f[2] for f in files)
    numw = len(str(big))
    room = max(10, 79 - (1 + namew + 3 + numw + 1))
    out = []
    for name, add, rem in files:
        a, r = add, rem
        if big > room:                    # scale the graph as git does
            a = (add * room + big - 1) // big if add else 0
            r = (rem * room + big - 1) // big if rem else 0
        out.append(" %-*s | %*d %s%s" % (namew, name, numw, add + rem,
                                         "+" * a, "-" * r))
    adds = sum(f[1] for f in files)
    rems = sum(f[2] for f in files)
    summary = " %d file%s changed" % (len(files), "" if len(files) == 1 else "s")
    if adds:
        summary += ", %d insertion%s(+)" % (adds, "" if adds == 1 else "s")
    if rems:
        summary += ", %d deletion%s(-)" % (rems, "" if rems == 1 else "s")
    out.append(summary)
    return "\n".join(out) + "\n"


def render(ident, date, subject, description, diff):
    """The whole patch (bytes).  description: the text between the
    Subject and the Signed-off-by, without trailing blank lines."""
    head = "%s\nFrom: %s\nDate: %s\nSubject: [PATCH] %s\n\n%s\n\nSigned-off-by: %s\n---\n%s\n" % (
        ZERO_FROM, ident, date, subject, description.rstrip("\n"), ident,
        diffstat(diff))
    return head.encode() + diff


def blob_id(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()[:7]


def new_file_diff(rel, src):
    """A git-style diff creating kernel path rel with src's content."""
    with open(src, "rb") as f:
        data = f.read()
    mode = "100755" if os.stat(src).st_mode & 0o111 else "100644"
    r = subprocess.run(["diff", "-u", "--label", "/dev/null", "--label",
                        "b/" + rel, "/dev/null", src], stdout=subprocess.PIPE)
    if r.returncode not in (0, 1):
        raise SystemExit("patchfmt: diff failed on " + src)
    return (("diff --git a/%s b/%s\nnew file mode %s\nindex 0000000..%s\n"
             % (rel, rel, mode, blob_id(data))).encode() + r.stdout)


def change_diff(scratch, rel):
    """git diff of scratch/a/rel -> scratch/b/rel, named a/rel, b/rel."""
    r = subprocess.run(["git", "-c", "core.abbrev=7", "-c", "diff.noprefix=false",
                        "diff", "--no-index", "--no-prefix", "--no-color",
                        "--no-ext-diff", "--no-renames", "a/" + rel, "b/" + rel],
                       cwd=scratch, stdout=subprocess.PIPE)
    if r.returncode not in (0, 1):
        raise SystemExit("patchfmt: git diff failed on " + rel)
    return r.stdout
