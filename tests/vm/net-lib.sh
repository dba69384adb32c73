# Shared by net-share.sh and net-tunnet.sh (sourced, inside the Host VM):
# the Host-only baseline and the parsers of lgnet's and ping's output.

# host_baseline NAME: 8 MiB over the Host's loopback (enough that the 10 ms
# clock of a QEMU Host without a usable TSC still times it well), and UDP
# round trips; leaves /tmp/hrecv.out and /tmp/hrtt.out, and sets fail=1
# if the copy differs.
host_baseline() {
	dd if=/dev/urandom of=/tmp/hostfile bs=1024 count=8192 2>/dev/null
	timeout 60 $lgnet recv 5007 /tmp/hostcopy >/tmp/hrecv.out 2>&1 &
	rpid=$!
	timeout 60 $lgnet send 127.0.0.1 5007 /tmp/hostfile >/dev/null
	wait $rpid
	cmp -s /tmp/hostfile /tmp/hostcopy ||
		{ echo "$1: FAIL Host loopback copy differs"; fail=1; }
	$lgnet echo 5008 &
	epid=$!
	$lgnet rtt 127.0.0.1 5008 2000 >/tmp/hrtt.out
	kill $epid
}

rate() { tr -d '\r' <"$1" | sed -n 's/^lgnet: recv .*: \(.*\) MiB\/s.*/\1/p' | head -n 1; }
lat() { tr -d '\r' <"$1" | sed -n 's/.*min\/avg\/max = \([^ ]*\).*/\1/p' | head -n 1; }
rtt() { tr -d '\r' <"$1" | sed -n 's/^lgnet: rtt .*: \([0-9]*\) us each.*/\1/p' | head -n 1; }

# check_big NAME FILE: the Guest whose console is FILE took big frames
# (eth0's MTU 65521) and its three 30000-byte pings came back, neither
# they nor the replies cut into IP fragments (21 each at MTU 1500).
check_big() {
	local big mtu
	big=$(tr -d '\r' <"$2" | sed -n 's/^NET-BIGPING //p')
	mtu=$(tr -d '\r' <"$2" | grep -c 'eth0: .*mtu 65521')
	# shellcheck disable=SC2086
	set -- "$1" $big
	if [ "$mtu" = 0 ]; then
		echo "$1: FAIL the Guest's eth0 did not get the big MTU"; fail=1
	elif [ "$2" = 3 ] && [ "$6" = 0 ] && [ "$8" = 0 ]; then
		echo "$1: PASS big frames: 3 pings of 30000 bytes each way, no IP fragments"
	else
		echo "$1: FAIL big frames: '$big'"; fail=1
	fi
}
