# Step "sort N TAG" (in the Guest, for tests/vm/guest-two.sh): sort the
# numbers 1 to N and print the largest after TAG- ("TAG-N" when right).
seq 1 "$1" | sort -n | tail -n1 | sed "s/^/$2-/"
