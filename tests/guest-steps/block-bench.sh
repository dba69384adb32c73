# Step "block-bench ROUNDS NAME PATTERN OP BLOCK KIB ..." (in the Guest,
# for tests/vm/guest-block-bench.sh): run each lgio job on /dev/lgba, as
# the Host script ran it on its own loop device, ROUNDS times in turn;
# five words per job.  Each result line is prefixed with GUEST-NAME-.
rounds=$1
shift
jobs="$*"
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	set -- $jobs
	while [ $# -ge 5 ]; do
		lgio /dev/lgba "$2" "$3" "$4" "$5" | sed "s/^/GUEST-$1-/"
		shift 5
	done
done
