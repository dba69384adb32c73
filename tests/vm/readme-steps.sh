# Runs inside the Host VM: README's "Try, in the Guest" lines, typed as
# written into the shell of the Guest that `make run` starts (/bin/run-guest:
# a disk and a network).  Each line must work: the disk mounts on /mnt, the
# file reads back, ping gets its replies, and poweroff ends the Guest with
# Launcher status 0.
steps=/tests/readme-steps.txt
fail=0
bad() { echo "readme-steps: FAIL $1"; fail=1; }
[ -s $steps ] || { echo "readme-steps: no steps in $steps"; exit 1; }
echo "readme-steps: typing:"; sed 's/^/    /' $steps

rm -f /tmp/in /tmp/out /tmp/guest-disk.img; mkfifo /tmp/in
timeout 200 run-guest </tmp/in >/tmp/out 2>&1 &
pid=$!
exec 3>/tmp/in
n=0
while ! grep -q '^LGUEST-GUEST-INIT' /tmp/out && [ $n -lt 240 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.5; n=$((n + 1))
done
sleep 2
while IFS= read -r line; do
	echo "$line" >&3
	# One line at a time, as a person would; ping needs its seconds.
	case "$line" in ping*) sleep 5 ;; *) sleep 1 ;; esac
done <$steps
wait $pid; rc=$?
exec 3>&-
tr -d '\r' </tmp/out >/tmp/out.txt
grep -v '^ *\[' /tmp/out.txt | tail -n 25 | sed 's/^/  | /'
grep -q '^hello$' /tmp/out.txt || bad "the file on /mnt did not read back"
grep -qE 'No such file|can.t|not found|Invalid argument' /tmp/out.txt &&
	bad "a step printed an error"
grep -qE ' 3 packets received|3 received' /tmp/out.txt || bad "ping got no replies"
[ $rc -eq 0 ] || bad "Launcher exit $rc after poweroff"
[ $fail = 0 ] && echo "readme-steps: ok ($(wc -l <$steps) lines as written in README)"
exit $fail
