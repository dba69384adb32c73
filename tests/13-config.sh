#!/bin/bash
# The final .config (out/config) has every option the fragments ask for, and
# the one kernel is both Host and Guest: i386, non-PAE, LGUEST and
# LGUEST_GUEST, with the 32-bit time syscalls busybox needs, what a small
# distro Guest kernel offers its programs (config/guest.config), and the
# Host's own disk driver.
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=out/config
[ -f "$cfg" ] || { echo "$cfg missing; run make"; exit 1; }
tools/check-config.sh "$cfg" config/base.config config/guest.config config/debug.config \
	config/lguest.config
for want in CONFIG_X86_32=y CONFIG_LGUEST=y CONFIG_LGUEST_GUEST=y \
	    CONFIG_COMPAT_32BIT_TIME=y CONFIG_KUNIT=y \
	    CONFIG_SYSVIPC=y CONFIG_POSIX_MQUEUE=y CONFIG_AIO=y CONFIG_IO_URING=y \
	    CONFIG_FUTEX=y CONFIG_FUTEX_PI=y CONFIG_X86_IOPL_IOPERM=y \
	    CONFIG_CGROUPS=y CONFIG_MEMCG=y CONFIG_CGROUP_PIDS=y \
	    CONFIG_NAMESPACES=y CONFIG_UTS_NS=y CONFIG_IPC_NS=y CONFIG_PID_NS=y \
	    CONFIG_NET_NS=y CONFIG_USER_NS=y \
	    CONFIG_EXT4_FS=y CONFIG_JBD2=y CONFIG_BLK_DEV_LOOP=y CONFIG_TMPFS=y \
	    CONFIG_OVERLAY_FS=y CONFIG_IPV6=y CONFIG_UNIX=y CONFIG_INET=y \
	    CONFIG_PROC_FS=y CONFIG_SYSFS=y CONFIG_DEVTMPFS=y CONFIG_FILE_LOCKING=y \
	    CONFIG_EPOLL=y CONFIG_EVENTFD=y CONFIG_SIGNALFD=y CONFIG_TIMERFD=y \
	    CONFIG_FHANDLE=y CONFIG_INOTIFY_USER=y \
	    CONFIG_PCI=y CONFIG_VIRTIO_PCI=y CONFIG_VIRTIO_BLK=y; do
	grep -qx "$want" "$cfg" || { echo "$want missing"; exit 1; }
done
if grep -q '^CONFIG_X86_PAE=y' "$cfg"; then echo "PAE is on"; exit 1; fi
# vm86() cannot work in a ring-1 Guest (config/guest.config says why).
if grep -q '^CONFIG_X86_LEGACY_VM86=y' "$cfg"; then echo "VM86 is on"; exit 1; fi
echo "RESULT: config: $(grep -c '^CONFIG_.*=' "$cfg") options set, fragments honoured"
