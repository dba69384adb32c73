# Step "block-prof PATTERN OP BLOCK KIB" (in the Guest, for
# tests/vm/guest-block-prof.sh): one lgio job on /dev/lgba between two
# quiet markers, so the Host can read the exit statistics just before
# and just after it.
echo PROF-A
sleep 2
lgio /dev/lgba "$1" "$2" "$3" "$4" | sed 's/^/PROF-/'
echo PROF-B
sleep 2
