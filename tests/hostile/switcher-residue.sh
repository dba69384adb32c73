#!/bin/sh
# class: a Guest fills the spare area of its CPU's Switcher regs page with a marker; the next Guest on that CPU finds none of it
. "$(dirname "$0")/lib.sh"
# Both Guests on CPU 0, one after the other.
taskset -p -c 0 $$ >/dev/null || { echo "taskset failed"; exit 1; }
expect_clean switcher-leave-mark.elf "switcher: marker left" || exit 1
expect_clean switcher-find-mark.elf "switcher: regs page spare area clean"
