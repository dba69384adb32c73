#!/bin/bash
# debug-cmdline.sh: the kernel command line the debug variant
# (config/debug-variant.config) is booted with by tests/58-debug-host.sh
# and make check-debug: a WARN panics (and so fails the run), freed pages
# are unmapped, KFENCE samples every 10 ms instead of every 100.
echo panic_on_warn=1 debug_pagealloc=on kfence.sample_interval=10
