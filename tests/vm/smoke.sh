# Runs inside the Host VM for `make run` without a terminal: the Host is up,
# the Launcher and the Guest kernel are in place and the Launcher runs.
echo "Host: $(uname -r) on $(grep -c ^processor /proc/cpuinfo) CPUs"
for f in /bin/lguest /lguest/bzImage /lguest/guest-initramfs.cpio; do
	[ -s "$f" ] || { echo "missing $f"; exit 1; }
done
/bin/lguest --help >/tmp/help 2>&1 || { echo "lguest --help failed"; cat /tmp/help; exit 1; }
echo "Launcher: $(head -n 1 /tmp/help)"
if [ -c /dev/lguest ]; then
	echo "/dev/lguest is present"
else
	echo "/dev/lguest is not there yet (the Host driver comes with first light)"
fi
echo "smoke: ok"
