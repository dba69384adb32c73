# Helpers for hostile class files (sourced inside the Host VM).
d=${LGTEST_DIR:-/lguest/tests}

# expect_killed ELF REASON [lgrun options...]: run a test guest with lgrun;
# pass if the Host killed it with a reason matching the basic regex REASON.
expect_killed() {
	local elf=$1 want=$2 out rc reason
	shift 2
	out=$("$d/lgrun" -t 60 "$@" "$d/$elf" 2>&1); rc=$?
	reason=$(echo "$out" | sed -n 's/^lgrun: guest died: //p')
	if [ $rc -eq 1 ] && echo "$reason" | grep -q -- "$want"; then
		echo "killed as expected: $reason"
		return 0
	fi
	echo "wanted a kill matching '$want'; got exit $rc, reason '$reason'"
	echo "$out" | tail -n 20 | sed 's/^/  /'
	return 1
}

# expect_clean ELF WANT [lgrun options...]: the guest must exit 0 and print a
# line matching WANT (it checks for itself that the attack had no effect).
expect_clean() {
	local elf=$1 want=$2 out rc
	shift 2
	out=$("$d/lgrun" -t 60 "$@" "$d/$elf" 2>&1); rc=$?
	if [ $rc -eq 0 ] && echo "$out" | grep -q -- "$want"; then
		echo "$out" | grep -- "$want" | head -n 3
		return 0
	fi
	echo "wanted exit 0 and '$want'; got exit $rc"
	echo "$out" | tail -n 20 | sed 's/^/  /'
	return 1
}

# receiver ELF OUT [FILE]: start a receiving lgrun on the shared file FILE
# (default /tmp/hostile.shared) in the background, its pid in rpid and its
# output in OUT, and wait until it prints "receiver ready" (its buffers are
# bound).  Each receiver gets its own OUT: an old one could still say
# "ready" before the new lgrun truncates it.
receiver() {
	local i=0
	rm -f "$2"
	"$d/lgrun" -t 60 -s "${3:-/tmp/hostile.shared}" "$d/$1" >"$2" 2>&1 &
	rpid=$!
	while ! grep -qs "receiver ready" "$2" && [ $i -lt 200 ]; do
		sleep 0.1; i=$((i + 1))
	done
	grep -qs "receiver ready" "$2"
}
