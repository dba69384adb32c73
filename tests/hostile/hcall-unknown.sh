#!/bin/sh
# class: a Guest makes a hypercall that does not exist (11): killed, "Bad hypercall 11"
. "$(dirname "$0")/lib.sh"
expect_killed hostile-1.elf 'Bad hypercall 11'
