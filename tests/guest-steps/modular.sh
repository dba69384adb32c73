# Runs inside a Guest of the debug Host (tests/vm/debug-host.sh), whose
# disk and network drivers are modules: they must have been loaded from
# the lguest bus's MODALIAS (the Guest's /init), and then work.  Prints
# GM- lines for the Host to check, then waits for one line on the console
# before it ends, so that the Host can try to unload lg.ko meanwhile.
for m in lguest_blk lguest_net; do
	if grep -q "^$m " /proc/modules; then
		echo "GM-MODULE $m loaded"
	else
		echo "GM-MODULE $m missing"
	fi
done
for d in /sys/bus/lguest/devices/*; do
	echo "GM-DEVICE $(basename "$d") $(cat "$d/modalias")" \
		"driver=$(basename "$(readlink "$d/driver" 2>/dev/null)")"
done
if mount /dev/lgba /mnt; then
	echo "GM-READ $(cat /mnt/hello)"
	echo "written by the Guest" >/mnt/guest
	umount /mnt && echo "GM-WRITE done"
fi
ip addr add 10.38.0.2/24 dev eth0
ip link set eth0 up
ping -c 3 -W 5 10.38.0.1 >/tmp/ping 2>&1 && echo "GM-PING ok"
echo "GM-READY"
read -r go
echo "GM-BYE $go"
