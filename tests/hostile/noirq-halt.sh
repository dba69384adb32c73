#!/bin/sh
# class: a Guest HALTs forever with its noirq window over everything and its timer pending: a Host process on the same CPU still runs, and the Launcher dies at once on a signal
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/noirq.lib"
run_noirq noirq-halt.elf
