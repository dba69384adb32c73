#!/bin/sh
# class: a Guest switches (NEW_PGTABLE) through 2048 distinct page directories three times, checking what each maps, with page_offset 0xC0000000 and with page_offset 0 (every mapping shared), then asks for a directory outside its memory, a misaligned one and the Switcher's address: the churn reads back right (with page_offset 0, only its own pages), each bad directory kills it ("bad page directory address")
. "$(dirname "$0")/lib.sh"

fail=0
expect_clean pgchurn-ok.elf 'read back right' -m 32 || fail=1
echo "with page_offset 0:"
expect_clean pgchurn-shared.elf 'read back right' -m 32 -P 0 || fail=1
for t in outside unaligned switcher; do
	echo "then a directory $t:"
	expect_killed pgchurn-$t.elf 'bad page directory address' -m 32 || fail=1
done
exit $fail
