# Step "net" (runs inside a Guest, as /steps/net.sh): the Guest's half of
# the network tests.  The Host side (tests/vm/net-tunnet.sh, net-share.sh,
# net-multi.sh) starts the Guests with the step "net ROLE ..." and reads
# what this prints on the console.
#
#   tun ME HOST		Guest behind --tunnet: ping HOST, time UDP round
#			trips to its echo, send it 8 MiB, receive 8 MiB,
#			send it UDP at 10 Mbit/s (port 5008)
#   share-a ME PEER	on --sharenet: send PEER 8 MiB, then time UDP
#			round trips to it and ping it
#   share-b ME PEER	on --sharenet: answer UDP echo, receive 8 MiB from
#			PEER, then ping it
#   multi-a		(net-multi.sh) two disks and four networks: read
#			what the Host put on each disk, write 1 MiB to each
#			and read it back, then ping the Host over both taps
#			and Guest multi-b over both --sharenet files
#   multi-b		the other end of those two --sharenet files: ping
#			multi-a over both, then wait for a console line
#
# ME is this Guest's address (a /24).  Lines starting "NET-" are for the
# Host script; lgnet prints the throughput and round-trip times (TCP port
# 5005 and, Host to Guest, 5007; UDP echo on 5006).
role=$1 me=$2 peer=$3
port=5005

# Wait until HOST answers a ping.
await_answer() {
	n=0
	until ping -c 1 -W 2 "$1" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt 40 ] || { echo "NET-FAIL no reply from $1"; exit 1; }
	done
}

# multi-*: each interface IF gets ADDR/24; "reach" waits for an answer.
multi_up() {
	ip link set "$1" up && ip addr add "$2/24" dev "$1" ||
		{ echo "NET-FAIL no $1"; exit 1; }
}
reach() {
	await_answer "$1"
	echo "NET-PING $1 $(ping -c 5 -A -W 5 "$1" | grep -o '[0-9]* packets received')"
}
case "$role" in
multi-a)
	for d in a b; do
		md5=$(dd if=/dev/lgb$d bs=64k count=16 2>/dev/null | md5sum)
		echo "NET-DISK $d host ${md5%% *}"
		dd if=/dev/urandom of=/tmp/w$d bs=64k count=16 2>/dev/null
		md5=$(md5sum </tmp/w$d)
		echo "NET-DISK $d wrote ${md5%% *}"
		dd if=/tmp/w$d of=/dev/lgb$d bs=64k seek=16 oflag=direct \
			2>/dev/null || { echo "NET-FAIL write lgb$d"; exit 1; }
		md5=$(dd if=/dev/lgb$d bs=64k skip=16 count=16 iflag=direct \
			2>/dev/null | md5sum)
		echo "NET-DISK $d back ${md5%% *}"
	done
	multi_up eth0 192.168.9.2
	multi_up eth1 192.168.10.2
	multi_up eth2 10.11.0.1
	multi_up eth3 10.12.0.1
	for h in 192.168.9.1 192.168.10.1 10.11.0.2 10.12.0.2; do
		reach $h
	done
	# b declined big frames: a 30000-byte ping reaches it cut to its
	# 1514-byte buffer, and its IP layer must drop it (b counts them).
	echo "NET-BIGPING-B $(ping -c 2 -s 30000 -W 2 10.11.0.2 | grep -o '[0-9]* packets received')"
	# Stay up until b has pinged us too (net-multi.sh says when).
	echo "NET-WAITING"
	read -r x
	exit 0
	;;
multi-b)
	multi_up eth0 10.11.0.2
	multi_up eth1 10.12.0.2
	reach 10.11.0.1
	reach 10.12.0.1
	echo "NET-WAITING"
	read -r x
	echo "NET-GOT $x"
	awk '/^IpExt:/ { if (!c) { for (i = 2; i <= NF; i++) if ($i == "InTruncatedPkts") c = i }
		else print "NET-TRUNCATED " $c }' /proc/net/netstat
	exit 0
	;;
esac
ip link set eth0 up || { echo "NET-FAIL no eth0"; exit 1; }
ip addr add "$me/24" dev eth0
ip -o link show eth0
echo "NET-UP $me"

pings() {
	# -A: the next request as soon as the reply is in, so 20 samples
	# take as long as 20 round trips.
	ping -c 20 -A -W 5 "$peer" | tail -n 3
}

# snmp GROUP NAME: the counter NAME of GROUP (Ip, Icmp, Tcp...) in
# /proc/net/snmp, where each group is a line of names, then one of values.
snmp() {
	awk -v g="$1:" -v f="$2" '$1 == g { if (!c) { for (i = 2; i <= NF; i++) if ($i == f) c = i }
		else print $c }' /proc/net/snmp
}

# echoes: how many ICMP echo requests this Guest has answered.
echoes() {
	snmp Icmp InEchos
}

# Stay up until the other Guest's pings ($1 of them) have reached us (or a minute
# has passed).  A fixed sleep lost that race on a loaded Host: the Guest
# that finished first powered off under its peer's last pings.
await_pings() {
	n=0
	while [ "$(echoes)" -lt "$1" ] && [ $n -lt 60 ]; do
		sleep 1
		n=$((n + 1))
	done
	# busybox's ping -A can send one more than -c asks for, when a reply
	# and its timer cross: stay to answer that one too.
	sleep 2
}

# Big frames (LGUEST_NET_F_BIG): three pings of 30000 bytes.  With a
# 1500-byte MTU each would leave as 21 IP fragments and its reply come
# back as 21; in big frames neither is cut up, which the IP counters
# FragCreates and ReasmReqds show (other traffic leaves them alone).
bigping() {
	fo=$(snmp Ip FragCreates) fi=$(snmp Ip ReasmReqds)
	got=$(ping -c 3 -s 30000 -W 5 "$peer" | grep -o '[0-9]* packets received')
	echo "NET-BIGPING ${got%% *} received, fragments out $(($(snmp Ip FragCreates) - fo)) in $(($(snmp Ip ReasmReqds) - fi))"
}

# What was lost while both ends were up: eth0's drops (tx_dropped: no
# one took a frame; tx_carrier_errors: a peer had no buffer free for it;
# rx_dropped) and TCP's retransmissions.  loss_report prints the change
# since the losses line given, and that line's frame counts.
losses() {
	s=/sys/class/net/eth0/statistics
	echo "$(cat $s/tx_dropped) $(cat $s/tx_carrier_errors) $(cat $s/rx_dropped)" \
		"$(snmp Tcp RetransSegs)"
}
loss_report() {
	set -- $1 $(losses)
	echo "NET-LOSS tx_dropped $(($5 - $1)) carrier $(($6 - $2)) rx_dropped $(($7 - $3)) retrans $(($8 - $4));" \
		"before: tx_dropped $1 carrier $2 rx_dropped $3"
}

bigfile() {
	dd if=/dev/urandom of=/tmp/send bs=1024 count=8192 2>/dev/null
	echo "NET-MD5 sent $(md5sum </tmp/send | cut -d' ' -f1)"
}

case "$role" in
tun)
	# The Host's kernel answers on the tap: wait until it does.
	await_answer "$peer"
	l0=$(losses)
	pings
	bigping
	lgnet rtt "$peer" $((port + 1)) 200 || exit 1
	bigfile
	lgnet send "$peer" $port /tmp/send || exit 1
	# And the other way: the Host sends us 8 MiB through the tap.
	lgnet recv $((port + 2)) /tmp/recv || exit 1
	echo "NET-MD5 recv $(md5sum </tmp/recv | cut -d' ' -f1)"
	# UDP at 10 Mbit/s for 2 s to the Host's counter: rate and loss.
	lgnet udpsend "$peer" $((port + 3)) 10 2 || exit 1
	loss_report "$l0"
	;;
share-a)
	bigfile
	await_answer "$peer"
	l0=$(losses)
	lgnet send "$peer" $port /tmp/send || exit 1
	lgnet rtt "$peer" $((port + 1)) 200 || exit 1
	bigping
	pings
	loss_report "$l0"
	await_pings 20
	;;
share-b)
	lgnet echo $((port + 1)) &
	# a's lgnet send retries until we listen.
	await_answer "$peer"
	l0=$(losses)
	lgnet recv $port /tmp/recv || exit 1
	echo "NET-MD5 recv $(md5sum </tmp/recv | cut -d' ' -f1)"
	pings
	loss_report "$l0"
	# a's 20 pings, and its 3 big ones first
	await_pings 23
	;;
*)
	echo "NET-FAIL unknown role $role"; exit 1
	;;
esac
ifconfig eth0
