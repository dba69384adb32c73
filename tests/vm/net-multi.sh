# Runs inside the Host VM: one Guest (a) with two disks and four networks,
# two of each kind: --block twice, --tunnet twice (the Host at 192.168.9.1
# and 192.168.10.1) and --sharenet twice, whose other end is Guest b.  On
# each disk Guest a reads what the Host put there and writes 1 MiB that
# it reads back; the Host then finds those bytes in the right file.  Guest
# a pings the Host over each tap and Guest b over each shared network, and
# Guest b pings Guest a over both.
NAME=net-multi
. /tests/guest.lib
need_lguest
[ -c /dev/net/tun ] || { echo "net-multi: no /dev/net/tun"; exit 1; }
md5() { md5sum | cut -d' ' -f1; }

rm -f /tmp/share1 /tmp/share2 /tmp/b.in /tmp/a.in
for d in a b; do
	dd if=/dev/urandom of=/tmp/disk-$d bs=1M count=1 2>/dev/null
	truncate -s 4M /tmp/disk-$d
done
dmesg -c >/dev/null

mkfifo /tmp/b.in
# Guest b's console input; if b is gone already, the line is just lost.
trap '' PIPE
# Guest b declines big frames (lguest_net.big=0), a takes them: a Guest
# that cannot take them shares a network with one that can.
(LG_CMDLINE=lguest_net.big=0
 guest 300 "net multi-b" --sharenet=/tmp/share1 --sharenet=/tmp/share2) \
	</tmp/b.in >/tmp/b.out 2>&1 &
bpid=$!
exec 3>/tmp/b.in
# Guest a too waits for a console line once its work is done, so that it
# is still there while b pings it; both are told to finish together.
mkfifo /tmp/a.in
guest 300 "net multi-a" --block=/tmp/disk-a --block=/tmp/disk-b \
	--tunnet=192.168.9.1 --tunnet=192.168.10.1 \
	--sharenet=/tmp/share1 --sharenet=/tmp/share2 \
	</tmp/a.in >/tmp/a.out 2>&1 &
apid=$!
exec 4>/tmp/a.in
n=0
while [ $n -lt 480 ] && kill -0 $apid 2>/dev/null &&
      kill -0 $bpid 2>/dev/null &&
      ! { grep -q '^NET-WAITING' /tmp/a.out && grep -q '^NET-WAITING' /tmp/b.out; }; do
	sleep 0.5; n=$((n + 1))
done
echo "done" >&3
echo "done" >&4
wait $apid; arc=$?
wait $bpid; brc=$?
exec 3>&- 4>&-
for g in a b; do
	echo "---- Guest $g console ----"
	tr -d '\r' </tmp/$g.out | grep -v '^\[' | grep -v '^ *$'
	tr -d '\r' </tmp/$g.out | grep -E '^\[' | grep -E 'lgb|eth[0-9]' | sed 's/^/  /'
done

[ $arc -eq 0 ] && grep -q 'LGUEST-GUEST-DONE rc=0' /tmp/a.out &&
	pass "Guest a powered off after its script, Launcher exit 0" ||
	bad "Guest a: Launcher exit $arc, or its script failed"
[ $brc -eq 0 ] && grep -q '^NET-GOT done' /tmp/b.out &&
	grep -q 'LGUEST-GUEST-DONE rc=0' /tmp/b.out &&
	pass "Guest b powered off after its script, Launcher exit 0" ||
	bad "Guest b: Launcher exit $brc, or its script failed"

out=$(tr -d '\r' </tmp/a.out)
for d in a b; do
	host=$(dd if=/tmp/disk-$d bs=1M count=1 2>/dev/null | md5)
	wrote=$(echo "$out" | sed -n "s/^NET-DISK $d wrote //p")
	inimg=$(dd if=/tmp/disk-$d bs=1M skip=1 count=1 2>/dev/null | md5)
	echo "$out" | grep -q "^NET-DISK $d host $host" &&
		pass "lgb$d: the Guest read the Host's 1 MiB of /tmp/disk-$d" ||
		bad "lgb$d: Guest read $(echo "$out" | sed -n "s/^NET-DISK $d host //p"), Host wrote $host"
	[ -n "$wrote" ] && echo "$out" | grep -q "^NET-DISK $d back $wrote" &&
		[ "$inimg" = "$wrote" ] &&
		pass "lgb$d: 1 MiB written, read back and in /tmp/disk-$d ($wrote)" ||
		bad "lgb$d: wrote '$wrote', file has $inimg"
done
for h in 192.168.9.1 192.168.10.1 10.11.0.2 10.12.0.2; do
	echo "$out" | grep -q "^NET-PING $h 5 packets received" &&
		pass "Guest a -> $h: 5 of 5 pings answered" ||
		bad "Guest a -> $h: $(echo "$out" | grep "NET-PING $h\|NET-FAIL")"
done
for h in 10.11.0.1 10.12.0.1; do
	tr -d '\r' </tmp/b.out | grep -q "^NET-PING $h 5 packets received" &&
		pass "Guest b -> $h: 5 of 5 pings answered" ||
		bad "Guest b -> $h: $(tr -d '\r' </tmp/b.out | grep "NET-PING $h\|NET-FAIL")"
done
# All four of a's cards took big frames, none of b's: b was reachable
# over both shared networks all the same (its pings above).
na=$(tr -d '\r' </tmp/a.out | grep -c 'lguest network slot .*big frames')
nb=$(tr -d '\r' </tmp/b.out | grep -c 'lguest network slot .*big frames')
[ "$na" = 4 ] && [ "$nb" = 0 ] &&
	pass "big frames: Guest a on 4 of 4 cards, Guest b (lguest_net.big=0) on none" ||
	bad "big frames: Guest a on $na of 4 cards, Guest b on $nb of 0"
# a's two 30000-byte pings to b arrived cut short and b dropped them.
bigb=$(tr -d '\r' </tmp/a.out | sed -n 's/^NET-BIGPING-B //p')
trunc=$(tr -d '\r' </tmp/b.out | sed -n 's/^NET-TRUNCATED //p')
[ "$bigb" = "0 packets received" ] && [ "${trunc:-0}" -ge 2 ] &&
	pass "big frames into Guest b: cut short, dropped by its IP layer ($trunc truncated)" ||
	bad "big frames into Guest b: a got '$bigb', b counted '$trunc' truncated"
host_log_clean
exit $fail
