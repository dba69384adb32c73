# Step "block-bench NAME PATTERN OP BLOCK KIB ..." (in the Guest, for
# tests/vm/guest-block-bench.sh): run each lgio job on /dev/lgba, as the
# Host script ran it on its own loop device, five words per job; each
# result line is prefixed with GUEST-NAME-.
while [ $# -ge 5 ]; do
	lgio /dev/lgba "$2" "$3" "$4" "$5" | sed "s/^/GUEST-$1-/"
	shift 5
done
