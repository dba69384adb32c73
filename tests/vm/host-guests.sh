# Runs inside the Host VM: the lguest Host against tiny test guests.
# Needs /dev/lguest and, in $LGTEST_DIR (default /lguest/tests), the test
# launcher lgrun and the guests built by tests/guests/build.sh.
# Exit 0 = pass.
d=${LGTEST_DIR:-/lguest/tests}
fail=0
[ -c /dev/lguest ] || { echo "host-guests: no /dev/lguest"; exit 1; }
[ -x "$d/lgrun" ] || { echo "host-guests: no $d/lgrun"; exit 1; }
echo "host-guests: host CPU flags:$(grep -m1 ^flags /proc/cpuinfo | tr " " "\n" | grep -xE "pge|smep|smap|umip|sep|fxsr" | tr "\n" " ")"

pass() { echo "host-guests: PASS $1"; }
bad() { echo "host-guests: FAIL $1"; fail=1; }

# The well-behaved guest: every step, then a clean power-off.
out=$("$d/lgrun" -t 20 "$d/hello.elf" 2>&1); rc=$?
echo "$out" | sed 's/^/  /'
if [ $rc -eq 0 ] && echo "$out" | grep -q "hello: FPU ok"; then
	pass hello
else
	bad "hello (exit $rc)"
fi

# The hostile guests (hostile-N.elf and the hostile DMA guests) are
# classes of the hostile suite: tests/hostile/, run by tests/vm/hostile.sh.

# DMA.  Each of these guests checks what the Host did and crashes with a
# reason if it was wrong; "want" is a line it prints only when right.
dma() {
	name=$1 want=$2
	shift 2
	out=$("$d/lgrun" -t 30 "$@" 2>&1); rc=$?
	if [ $rc -eq 0 ] && echo "$out" | grep -q -- "$want"; then
		pass "$name"
	else
		bad "$name (exit $rc)"
		echo "$out" | sed 's/^/  /'
	fi
}
dma "DMA: Launcher fills a bound buffer (GETDMA, IRQ)" "busy buffer refused" \
	-e "$d/dma-echo.elf"
rm -f /tmp/dma.shared
dma "DMA: send to a shared key nobody bound" "nobody took" \
	-s /tmp/dma.shared "$d/dma-send_none.elf"

# receiver GUEST OUT: start a receiving lgrun on the shared file in the
# background (its pid in rpid) and wait until it has bound its buffers.
# Each receiver gets its own OUT: an old one could still say "ready"
# before the new lgrun truncates it.
receiver() {
	rm -f "$2"
	"$d/lgrun" -t 30 -s /tmp/dma.shared "$d/$1" >"$2" 2>&1 &
	rpid=$!
	i=0
	while ! grep -q "receiver ready" "$2" && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

# Guest to Guest through a page two lgruns map from one file.
receiver dma-recv.elf /tmp/dma.recv
dma "DMA: Guest to Guest, sender side" "delivered whole" \
	-s /tmp/dma.shared "$d/dma-send.elf"
wait $rpid; rc=$?
if [ $rc -eq 0 ] && grep -q "receiver got the message" /tmp/dma.recv; then
	pass "DMA: Guest to Guest, receiver side"
else
	bad "DMA: Guest to Guest, receiver side (exit $rc)"; sed 's/^/  /' /tmp/dma.recv
fi

# Several guests at once.
i=0
while [ $i -lt 4 ]; do
	"$d/lgrun" -t 30 "$d/hello.elf" >/tmp/hello.$i 2>&1 &
	i=$((i + 1))
done
ok=1
wait
for j in 0 1 2 3; do
	grep -q "guest died: CRASH: Power down" /tmp/hello.$j || ok=0
done
[ $ok -eq 1 ] && pass "four guests at once" || { bad "four guests at once"; cat /tmp/hello.*; }

# FPU state: two guests at once, each keeping a value in its x87 stack
# through 20000 exits and a timer that uses the FPU too.
"$d/lgrun" -t 60 "$d/fpu.elf" >/tmp/fpu.0 2>&1 &
"$d/lgrun" -t 60 "$d/fpu.elf" >/tmp/fpu.1 2>&1; rc1=$?
wait $!; rc0=$?
if [ $rc0 -eq 0 ] && [ $rc1 -eq 0 ] && grep -q "survived" /tmp/fpu.0 &&
   grep -q "survived" /tmp/fpu.1; then
	pass "fpu state of two guests"
else
	bad "fpu (exit $rc0 $rc1)"; cat /tmp/fpu.0 /tmp/fpu.1
fi

# close() frees everything: twenty guests, each making the Host pin 12 MiB
# for its shadow page tables, must not leave memory behind.
free_kb() { sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
"$d/lgrun" "$d/touch.elf" >/dev/null 2>&1
before=$(free_kb)
i=0
while [ $i -lt 20 ]; do
	"$d/lgrun" "$d/touch.elf" >/dev/null 2>&1 || bad "touch run $i"
	i=$((i + 1))
done
after=$(free_kb)
if [ $((before - after)) -lt 8192 ]; then
	pass "no memory left behind by 20 guests ($before kB -> $after kB)"
else
	bad "memory leak? MemAvailable $before kB -> $after kB"
fi

# /dev/lguest's error handling.
if "$d/lgrun" --api >/tmp/api 2>&1; then pass "api"; else bad "api"; cat /tmp/api; fi

# The Host must not have noticed any of it.
if dmesg | grep -E "WARNING:|BUG:|Oops|general protection|Call Trace" ; then
	bad "host dmesg has warnings"
else
	pass "host dmesg clean"
fi
[ $fail -eq 0 ] && echo "host-guests: ok" || echo "host-guests: FAILED"
exit $fail
