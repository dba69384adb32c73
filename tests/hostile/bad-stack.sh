#!/bin/sh
# class: a Guest gives SET_STACK a ring 0 stack segment (RPL 0): killed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-15.elf 'bad stack segment'
