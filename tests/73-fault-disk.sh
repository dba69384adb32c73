#!/bin/bash
# Faults survived, no acknowledged write lost (issue 12 item 5).  The Host
# gets a disk of its own (a virtio disk: an ext4 filesystem holding the
# Guests' ext4 images) and twice something dies in the middle of a Guest's
# fsync'ed writes:
#   1. the Launcher, by SIGKILL (tests/vm/fault-kill.sh): a second Guest
#      must find every file whose fsync had returned; e2fsck -fn must be
#      clean on the image after the second Guest's mount, and clean after
#      a journal replay on the image as the kill left it;
#   2. the Host's power (tests/vm/fault-power.sh, QEMU killed): the Host's
#      disk, read here, must be clean after its journal replay, and so
#      must the Guest's image in it, and every acknowledged file must be
#      there with the bytes the Guest wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh
for t in mkfs.ext4 e2fsck debugfs; do
	command -v $t >/dev/null || { echo "$t missing (e2fsprogs)"; exit 1; }
done
work=build/fault-disk
rm -rf "$work"; mkdir -p "$work/stage"
rc=0
fail() { echo "FAIL: $*"; rc=1; }

# e2fsck after a crash: replay the journal (if any), then a full
# read-only check that must find nothing at all.
fsck_clean() {
	local img=$1 what=$2 out
	e2fsck -E journal_only -y "$img" >"$work/replay.log" 2>&1 || true
	if out=$(e2fsck -fn "$img" 2>&1); then
		echo "PASS: $what: e2fsck -fn clean"
	else
		fail "$what: e2fsck -fn found problems:"; echo "$out" | tail -n 15
	fi
}

# Does file fN in IMAGE hold the bytes of every "ACK N MD5" in LOG?
check_acked() {
	local img=$1 log=$2 what=$3 n=0 ok=0 num sum have
	while read -r _ num sum; do
		n=$((n + 1))
		have=$(debugfs -R "cat /f$num" "$img" 2>/dev/null | md5sum | cut -c1-32)
		if [ "$have" = "$sum" ]; then
			ok=$((ok + 1))
		else
			fail "$what: acknowledged file f$num is not on the disk as written"
		fi
	done < <(tr -d '\r' <"$log" | grep -aE '^ACK [0-9]+ [0-9a-f]{32}$')
	echo "RESULT: $what: $ok of $n acknowledged files intact"
	[ $n -gt 0 ] || fail "$what: no acknowledged files"
}

# The Host's disk: ext4, 256 MiB, holding two 48 MiB Guest ext4 images.
mkfs.ext4 -q -F "$work/stage/a.img" 48M
cp --sparse=always "$work/stage/a.img" "$work/stage/e.img"
mkfs.ext4 -q -F -d "$work/stage" "$work/host.img" 256M
rm -rf "$work/stage"

# 1. The Launcher killed.
log=build/logs/fault-kill.log
vm_test fault-kill "$log" --timeout 400 --drive "$work/host.img" || rc=1
grep -a '^fault-kill: \|^FAULT-KILL' "$log" | tr -d '\r'
debugfs -R "dump /a.img $work/a.img" "$work/host.img" 2>/dev/null
debugfs -R "dump /a-killed.img $work/a-killed.img" "$work/host.img" 2>/dev/null
fsck_clean "$work/host.img" "Host disk after the test"
fsck_clean "$work/a.img" "Guest image after the second Guest's mount"
fsck_clean "$work/a-killed.img" "Guest image as the SIGKILL left it"
check_acked "$work/a-killed.img" "$log" "SIGKILLed Launcher"

# 2. The Host's power cut.
debugfs -w -R "rm /a.img" "$work/host.img" >/dev/null 2>&1
debugfs -w -R "rm /a-killed.img" "$work/host.img" >/dev/null 2>&1
log=build/logs/fault-power.log
tools/qemu-run.sh --test fault-power --log "$log" --timeout 400 \
	--drive "$work/host.img" --kill-when '^ACK 20 ' || fail "no power cut at ACK 20"
if grep -aE '^\[ *[0-9.]+\] .*(WARNING:|BUG:|Oops|Call Trace|Kernel panic)' "$log"; then
	fail "Host kernel log shows trouble"
fi
echo "acknowledged before the cut: $(tr -d '\r' <"$log" | grep -ac '^ACK ')"
fsck_clean "$work/host.img" "Host disk after the power cut"
debugfs -R "dump /e.img $work/e.img" "$work/host.img" 2>/dev/null
fsck_clean "$work/e.img" "Guest image after the power cut"
check_acked "$work/e.img" "$log" "Host power cut"
rm -rf "$work"
exit $rc
