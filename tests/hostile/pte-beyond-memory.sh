#!/bin/sh
# class: a Guest PTE names a page frame beyond its memory (0xFFFFF) and is used: killed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-8.elf 'bad page table entry'
