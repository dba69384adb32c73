# Runs inside the Host VM: a Guest on --tunnet pings the Host through the
# tap device, times UDP round trips to it, sends it 8 MiB and receives
# 8 MiB from it, each of which must arrive intact; then the same
# measurements on the Host's loopback for comparison.
NAME=net-tunnet
. /tests/guest.lib
lgnet=/lguest/tests/lgnet
need_lguest
[ -c /dev/net/tun ] || { echo "net-tunnet: no /dev/net/tun"; exit 1; }
ip link set lo up
fail=0

# The Host listens on the tap's address (the Launcher sets it up) for the
# Guest's 8 MiB.
timeout 200 $lgnet recv 5005 /tmp/fromguest >/tmp/recv.out 2>&1 &
rpid=$!
$lgnet echo 5006 &
gepid=$!
# ... counts the Guest's UDP datagrams ...
$lgnet udprecv 5008 >/tmp/udp.out 2>&1 &
upid=$!
# (the Host's TCP retransmits, before and after: Host -> Guest is ours)
retrans() { awk '/^Tcp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i } else print $c }' /proc/net/snmp; }
retrans0=$(retrans)
# ... and sends it 8 MiB once the Guest listens (lgnet send retries).
dd if=/dev/urandom of=/tmp/toguest bs=1024 count=8192 2>/dev/null
(sleep 5; timeout 200 $lgnet send 10.9.0.2 5007 /tmp/toguest) >/tmp/send.out 2>&1 &
spid=$!
guest 240 "net tun 10.9.0.2 10.9.0.1" --tunnet=10.9.0.1 \
	</dev/null >/tmp/tun.out 2>&1
rc=$?
wait $rpid
kill $spid 2>/dev/null
kill $gepid
# The end mark has come by now if it ever will.
sleep 1; kill $upid 2>/dev/null; wait $upid
echo "---- Guest console ----"; grep -v '^\[' /tmp/tun.out | tr -d '\r'
echo "---- Host receiver ----"; cat /tmp/recv.out
echo "---- Host sender ----"; cat /tmp/send.out
ip -s link show lgtap0 2>/dev/null

# A full receive ring holds the tap back; nothing is thrown away.
if grep -q 'dropping frames' /tmp/tun.out; then
	echo "net-tunnet: FAIL the Launcher dropped frames from the tap"; fail=1
else
	echo "net-tunnet: PASS no frame from the tap dropped"
fi
# ... and the Guest sent every frame it meant to and dropped none it got.
loss=$(tr -d '\r' </tmp/tun.out | grep -m1 '^NET-LOSS ')
during=${loss%%;*}
if [ "${during% retrans *}" = "NET-LOSS tx_dropped 0 carrier 0 rx_dropped 0" ]; then
	echo "net-tunnet: PASS the Guest lost no frame (its TCP retransmissions: ${during##* })"
else
	echo "net-tunnet: FAIL the Guest's losses: '${loss#NET-LOSS }'"; fail=1
fi
if [ $rc -ne 0 ]; then
	echo "net-tunnet: FAIL Launcher exited $rc"; fail=1
fi
grep -q 'LGUEST-GUEST-DONE rc=0' /tmp/tun.out ||
	{ echo "net-tunnet: FAIL the Guest's script failed"; fail=1; }
if grep -q '20 packets transmitted, 20 packets received' /tmp/tun.out; then
	echo "net-tunnet: PASS Guest pinged the Host 20 times, no loss"
else
	echo "net-tunnet: FAIL ping Guest -> Host"; fail=1
fi
sent=$(tr -d '\r' </tmp/tun.out | sed -n 's/^NET-MD5 sent //p')
got=$(md5sum </tmp/fromguest 2>/dev/null | cut -d' ' -f1)
size=$(wc -c </tmp/fromguest 2>/dev/null)
if [ -n "$sent" ] && [ "$sent" = "$got" ] && [ "$size" = 8388608 ]; then
	echo "net-tunnet: PASS 8 MiB Guest -> Host intact (md5 $got)"
else
	echo "net-tunnet: FAIL 8 MiB Guest -> Host: sent '$sent', got '$got' ($size bytes)"
	fail=1
fi
back=$(tr -d '\r' </tmp/tun.out | sed -n 's/^NET-MD5 recv //p')
want=$(md5sum </tmp/toguest | cut -d' ' -f1)
if [ "$back" = "$want" ] && grep -q 'lgnet: recv 8388608 bytes' /tmp/tun.out; then
	echo "net-tunnet: PASS 8 MiB Host -> Guest intact (md5 $back)"
else
	echo "net-tunnet: FAIL 8 MiB Host -> Guest: sent '$want', got '$back'"
	fail=1
fi

if grep -q '^lgnet: udp got [1-9]' /tmp/udp.out; then
	echo "net-tunnet: UDP Guest->Host, 10 Mbit/s offered: $(cat /tmp/udp.out)"
else
	echo "net-tunnet: FAIL no UDP datagram from the Guest arrived: $(cat /tmp/udp.out)"
	fail=1
fi
echo "net-tunnet: Host TCP retransmits during the Guest's run: $(($(retrans) - retrans0))"

# The same on the Host alone, over its loopback.
. /tests/net-lib.sh
check_big net-tunnet /tmp/tun.out
host_baseline net-tunnet

echo "net-tunnet: RESULT Guest->Host over the tap: $(rate /tmp/recv.out) MiB/s," \
	"Host->Guest: $(rate /tmp/tun.out) MiB/s," \
	"UDP round trip $(rtt /tmp/tun.out) us, ping min/avg/max $(lat /tmp/tun.out) ms;" \
	"Host loopback: $(rate /tmp/hrecv.out) MiB/s, UDP round trip $(rtt /tmp/hrtt.out) us"
exit $fail
