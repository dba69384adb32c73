#!/bin/sh
# class: a Launcher with an LDT (modify_ldt) runs a Guest that looks for that LDT (sldt, lar on an LDT selector, which would reach a call gate planted at the LDT's address): the Guest runs with LDTR 0
. "$(dirname "$0")/lib.sh"
# The attack needs a Host with MODIFY_LDT_SYSCALL=y (distros have it);
# without it no Launcher can have an LDT, and lgrun says so.
out=$("$d/lgrun" -t 60 --ldt "$d/ldtr.elf" 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "modify_ldt: Function not implemented"; then
	echo "no LDT possible on this Host (MODIFY_LDT_SYSCALL off): the Launcher's modify_ldt failed"
	exit 0
fi
expect_clean ldtr.elf "ldtr: no LDT in the Guest" --ldt
