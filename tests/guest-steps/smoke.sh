# Step "smoke" (in the Guest, for tests/vm/smoke.sh): mount the disk
# /bin/run-guest gives, write and read a file there, and ping the Host if
# the Guest has a network.
mkdir /tmp/m && mount /dev/lgba /tmp/m && echo smoke-on-disk >/tmp/m/f &&
	sync && echo "DISK-$(cat /tmp/m/f)" && umount /tmp/m
if [ -e /sys/class/net/eth0 ]; then
	ip addr add 10.38.0.2/24 dev eth0 && ip link set eth0 up &&
		ping -c 2 -W 5 10.38.0.1 >/dev/null && echo NET-OK
else
	echo NET-NONE
fi
