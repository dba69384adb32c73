#!/bin/sh
# class: a Guest calls LGUEST_INIT a second time, to move its lguest_data: killed
. "$(dirname "$0")/lib.sh"
expect_killed hostile-3.elf 'already have lguest_data'
