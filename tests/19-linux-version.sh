#!/bin/bash
# Choosing the Linux to build against is explicit and sticks: in a scratch
# copy of the tree, LINUX_TARBALL= switches (and says so), a later plain run
# stays on that choice (and says it is not the pin), DEB_VERSION= switches
# back, and an unknown DEB_VERSION fails without touching the choice.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../config/linux.pin
pin_deb=$(. config/linux.pin; echo "$DEB_VERSION")
pristine=$(tools/fetch-linux.sh)
cache=${LGUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lguest}
tarball=$cache/linux-source-6.12-$pin_deb.tar.xz
[ -f "$tarball" ] || { echo "no cached tarball $tarball"; exit 77; }

s=build/version-check
rm -rf "$s"; mkdir -p "$s/tools" "$s/config"
cp tools/fetch-linux.sh "$s/tools/"; cp config/linux.pin "$s/config/"
state=$s/build/linux-version
run() { env -u DEB_VERSION -u LINUX_TARBALL -u LINUX_SHA256 "$@" "$s/tools/fetch-linux.sh" 2>"$s/err"; }
expect() { grep -q "$1" "$s/err" || { echo "step $step: no '$1' in:"; cat "$s/err"; exit 1; }; }
choice() { grep -qxF "CHOICE=$1" "$state" || { echo "step $step: choice is not '$1':"; cat "$state"; exit 1; }; }

step=1; [ "$(run)" = "$pristine" ]; choice "deb $pin_deb"
[ ! -s "$s/err" ] || { echo "step 1: the pin should be silent:"; cat "$s/err"; exit 1; }
step=2; [ "$(run LINUX_TARBALL="$tarball")" = "$pristine" ]
expect "switching this tree from 'deb $pin_deb' to 'tarball $tarball'"; choice "tarball $tarball"
step=3; [ "$(run)" = "$pristine" ]
expect "not the pinned $pin_deb"; choice "tarball $tarball"
step=4; [ "$(run DEB_VERSION="$pin_deb")" = "$pristine" ]
expect "switching this tree from 'tarball"; choice "deb $pin_deb"
step=5; if run DEB_VERSION=6.12.9999-1; then echo "step 5: a version not in the archive was accepted"; exit 1; fi
expect "not in the archive"; choice "deb $pin_deb"
rm -rf "$s"
echo "RESULT: linux version: a switch is announced and persists; the pin comes back by DEB_VERSION; an unknown version is refused"
