# Runs inside the Host VM: two Guests whose Launchers share one --sharenet
# file ping each other, time UDP round trips and move 8 MiB from one to the
# other, which must arrive intact; then the same on the Host's loopback for
# comparison.
NAME=net-share
. /tests/guest.lib
lgnet=/lguest/tests/lgnet
net=/tmp/lgnet.share
need_lguest
ip link set lo up
rm -f "$net"
fail=0

guest 300 "net share-b 10.8.0.2 10.8.0.1" --sharenet="$net" \
	</dev/null >/tmp/b.out 2>&1 &
bpid=$!
guest 300 "net share-a 10.8.0.1 10.8.0.2" --sharenet="$net" \
	</dev/null >/tmp/a.out 2>&1 &
apid=$!
wait $apid; arc=$?
wait $bpid; brc=$?
for g in a b; do
	echo "---- Guest $g console ----"; grep -v '^\[' /tmp/$g.out | tr -d '\r'
done
[ $arc -eq 0 ] && [ $brc -eq 0 ] ||
	{ echo "net-share: FAIL Launchers exited $arc and $brc"; fail=1; }
for g in a b; do
	grep -q 'LGUEST-GUEST-DONE rc=0' /tmp/$g.out ||
		{ echo "net-share: FAIL Guest $g's script failed"; fail=1; }
	# ping -c 20: 20 answered.  busybox's ping -A may send a 21st when a
	# reply and its timer cross, and stops at the 20th reply.
	if grep -q '2[01] packets transmitted, 20 packets received' /tmp/$g.out; then
		echo "net-share: PASS Guest $g pinged the other 20 times, no loss"
	else
		echo "net-share: FAIL Guest $g ping"; fail=1
	fi
	# From the peer's first answer to the end of the traffic: no frame
	# dropped, no receive buffer found full.  TCP's retransmissions are
	# shown, not judged: on a loaded build machine an ACK can come later
	# than the retransmission timer (or a tail loss probe) allows.
	loss=$(tr -d '\r' </tmp/$g.out | grep -m1 '^NET-LOSS ')
	during=${loss%%;*}
	if [ "${during% retrans *}" = "NET-LOSS tx_dropped 0 carrier 0 rx_dropped 0" ]; then
		echo "net-share: PASS Guest $g lost no frame while both were up" \
			"(TCP retransmissions: ${during##* };${loss#*;})"
	else
		echo "net-share: FAIL Guest $g losses: '${loss#NET-LOSS }'"; fail=1
	fi
done
sent=$(tr -d '\r' </tmp/a.out | sed -n 's/^NET-MD5 sent //p')
got=$(tr -d '\r' </tmp/b.out | sed -n 's/^NET-MD5 recv //p')
if [ -n "$sent" ] && [ "$sent" = "$got" ] &&
   grep -q 'lgnet: recv 8388608 bytes' /tmp/b.out; then
	echo "net-share: PASS 8 MiB Guest a -> Guest b intact (md5 $got)"
else
	echo "net-share: FAIL 8 MiB Guest a -> Guest b: sent '$sent', got '$got'"
	fail=1
fi

# The same on the Host alone, over its loopback.
. /tests/net-lib.sh
check_big net-share /tmp/a.out
host_baseline net-share

echo "net-share: RESULT Guest->Guest: $(rate /tmp/b.out) MiB/s," \
	"UDP round trip $(rtt /tmp/a.out) us, ping min/avg/max $(lat /tmp/a.out) ms (a to b)," \
	"$(lat /tmp/b.out) ms (b to a); Host loopback: $(rate /tmp/hrecv.out) MiB/s," \
	"UDP round trip $(rtt /tmp/hrtt.out) us"
exit $fail
