#!/bin/sh
# class: a Guest queues an unknown hypercall (99) in its async ring: killed when the Host drains it
. "$(dirname "$0")/lib.sh"
expect_killed hostile-20.elf 'Bad hypercall 99'
