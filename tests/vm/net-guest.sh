# Runs inside a Guest (it is in the Guest's initramfs as /tests/net-guest.sh):
# the Guest's half of the network tests.  The Host side (net-tunnet.sh,
# net-share.sh) starts the Guests with lgrun=sh,/tests/net-guest.sh,ROLE,...
# and reads what this prints on the console.
#
#   tun ME HOST		Guest behind --tunnet: ping HOST, time UDP round
#			trips to its echo, send it 1 MiB, receive 1 MiB
#   share-a ME PEER	on --sharenet: send PEER 1 MiB, then time UDP
#			round trips to it and ping it
#   share-b ME PEER	on --sharenet: answer UDP echo, receive 1 MiB from
#			PEER, then ping it
#
# ME is this Guest's address (a /24).  Lines starting "NET-" are for the
# Host script; lgnet prints the throughput and round-trip times (TCP port
# 5005 and, Host to Guest, 5007; UDP echo on 5006).
role=$1 me=$2 peer=$3
port=5005
ip link set eth0 up || { echo "NET-FAIL no eth0"; exit 1; }
ip addr add "$me/24" dev eth0
ip -o link show eth0
echo "NET-UP $me"

pings() {
	# -A: the next request as soon as the reply is in, so 20 samples
	# take as long as 20 round trips.
	ping -c 20 -A -W 5 "$peer" | tail -n 3
}

bigfile() {
	dd if=/dev/urandom of=/tmp/send bs=1024 count=1024 2>/dev/null
	echo "NET-MD5 sent $(md5sum </tmp/send | cut -d' ' -f1)"
}

case "$role" in
tun)
	# The Host's kernel answers on the tap: wait until it does.
	n=0
	until ping -c 1 -W 2 "$peer" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt 15 ] || { echo "NET-FAIL no reply from $peer"; exit 1; }
	done
	pings
	lgnet rtt "$peer" $((port + 1)) 200 || exit 1
	bigfile
	lgnet send "$peer" $port /tmp/send || exit 1
	# And the other way: the Host sends us 1 MiB through the tap.
	lgnet recv $((port + 2)) /tmp/recv || exit 1
	echo "NET-MD5 recv $(md5sum </tmp/recv | cut -d' ' -f1)"
	;;
share-a)
	bigfile
	lgnet send "$peer" $port /tmp/send || exit 1
	lgnet rtt "$peer" $((port + 1)) 200 || exit 1
	pings
	# Stay up while the other Guest pings us.
	sleep 5
	;;
share-b)
	lgnet echo $((port + 1)) &
	lgnet recv $port /tmp/recv || exit 1
	echo "NET-MD5 recv $(md5sum </tmp/recv | cut -d' ' -f1)"
	pings
	# Stay up while the other Guest pings us.
	sleep 5
	;;
*)
	echo "NET-FAIL unknown role $role"; exit 1
	;;
esac
ifconfig eth0
