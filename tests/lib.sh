# Shared by the tests that boot the QEMU Host (sourced, not run).

# vm_test NAME LOG [qemu-run options...]: run /tests/NAME.sh in the Host VM
# with its serial log in LOG, and fail if the script failed (qemu-run's
# status: also a timeout or a VM that died) or the Host kernel logged a
# warning, BUG, oops or panic (only printk lines, which carry a timestamp,
# count: the scripts' own output may mention such words).
vm_test() {
	local name=$1 log=$2 rc=0
	shift 2
	# Not "cmd; if ...": called as "vm_test ... || rc=1", set -e is off
	# in here and the VM's own status would be lost.
	tools/qemu-run.sh --test "$name" --log "$log" "$@" || rc=$?
	if grep -aE '^\[ *[0-9.]+\] .*(WARNING:|BUG:|Oops|Call Trace|Kernel panic)' "$log"; then
		echo "Host kernel log shows trouble"
		return 1
	fi
	return $rc
}
