#!/usr/bin/env python3
"""The one reader of `series`: the patches of patches/, in order.

`series` is quilt's format: one patch name a line, first word only;
everything after a '#' is a comment, blank lines are skipped.  Every tool
that walks the series (assemble.py, dist.py, refresh-patches.py,
bisect-series.sh, tests/11 and tests/12) reads it through here, so they
cannot disagree about what it says.

    tools/series.py        print the patch names, one a line
"""

import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def patches(top=TOP):
    """The patch names of top/series, in order."""
    names = []
    with open(os.path.join(top, "series")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line.split()[0])
    return names


if __name__ == "__main__":
    for name in patches():
        print(name)
