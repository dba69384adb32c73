#!/bin/bash
# i386-run.sh: make sure this machine runs static i386 programs.
#
# The tests run the Launcher and its unit tests (static i386 programs)
# directly on the build machine.  Most x86_64 kernels run them natively
# (IA32 emulation); some virtual machines' kernels refuse 32-bit programs
# ("Exec format error").  There, as root, we register QEMU's user-mode
# emulator for i386 ELF files with binfmt_misc, so every exec of one, also
# from inside another (the unit tests start the Launcher), goes through
# qemu-i386.  Exit 0 when i386 programs run, by either way.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
probe=$top/build/i386-probe
mkdir -p "$top/build"
if [ ! -x "$probe" ]; then
	printf 'int main(void) { return 42; }\n' >"$probe.c"
	gcc -m32 -static -o "$probe" "$probe.c"
	rm -f "$probe.c"
fi
rc=0; "$probe" 2>/dev/null || rc=$?
[ $rc = 42 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "i386-run: this kernel does not run i386 programs; as root, install" >&2
	echo "  qemu-user and rerun (tools/i386-run.sh registers it)" >&2
	exit 1
fi
[ -x /usr/bin/qemu-i386 ] || {
	echo "i386-run: installing qemu-user for i386 programs" >&2
	apt-get install -y --no-install-recommends qemu-user >&2 ||
		{ apt-get update >&2 || true
		  apt-get install -y --no-install-recommends qemu-user >&2; }
}
bm=/proc/sys/fs/binfmt_misc
[ -e $bm/register ] || mount -t binfmt_misc binfmt_misc $bm
if [ ! -e $bm/lguest-i386 ]; then
	# ELF, 32-bit, little endian, ET_EXEC or ET_DYN, EM_386.
	magic='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00'
	mask='\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
	echo ":lguest-i386:M::$magic:$mask:/usr/bin/qemu-i386:F" >$bm/register
fi
rc=0; "$probe" 2>/dev/null || rc=$?
[ $rc = 42 ] || { echo "i386-run: i386 programs still do not run" >&2; exit 1; }
echo "i386-run: i386 programs run through qemu-i386 (binfmt_misc)" >&2
