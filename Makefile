# lguest for Linux 6.12: every entry point of the project.
#
#   make            build out/bzImage, out/lguest, out/config, and the
#                   modular variant out/modular/ (lg.ko, Guest drivers =m)
#   make debug      the debug variant in out/debug/ (lg.ko, the checkers)
#   make run        boot the Host in QEMU (interactive shell on a terminal,
#                   a scripted smoke run otherwise)
#   make check      the whole test suite; ends with "N passed, N failed"
#                   (T=PATTERN: only the tests whose name contains it)
#   make dist       out/lguest-<version>-series.tar.xz, one flat quilt series
#   make bench      Guest against native, one QEMU run (tools/bench.sh):
#                   table, out/bench.csv, out/bench.svg
#   make bench-hooks  native speed with and without the paravirt hooks
#   make fuzz       the /dev/lguest fuzzer, 200,000 calls in the QEMU Host
#   make check-debug  the hostile suite and the fuzzer on the debug Host
#                   (out/debug/: lg.ko, lockdep, KFENCE, kmemleak)
#   make check-configs  foreign configs (x86_64 Xen, i386 with and without
#                   PARAVIRT and PAE) built with and without the series:
#                   with lguest off, the code must be the same
#                   (report: out/check-configs.txt)
#   make check-stable  the dist series on every linux-source-6.12 Debian
#                   serves (fuzz 0), built for the oldest and newest
#                   (report: out/check-stable.txt)
#   make soak       Guests doing block, net and fork/exec work in rounds for
#                   SOAK_MINUTES (default 30), every round checked
#   make clean      remove build/ and out/ (the download cache stays)
#
# Nothing is written outside build/ and out/ except the download and
# compiler caches in $(LGUEST_CACHE) (default ~/.cache/lguest).

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.NOTPARALLEL:
.DELETE_ON_ERROR:

TOP := $(CURDIR)
BUILD := $(TOP)/build
OUT := $(TOP)/out
LGUEST_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/lguest
export LGUEST_CACHE
export CCACHE_DIR ?= $(LGUEST_CACHE)/ccache
# Paths below the checkout are hashed relative to it, so two checkouts share
# the compiler cache.
export CCACHE_BASEDIR ?= $(TOP)
JOBS ?= $(shell nproc)
export JOBS

FRAGMENTS := config/base.config config/guest.config config/debug.config config/lguest.config
MODULAR_FRAGMENTS := $(FRAGMENTS) config/modular.config
DEBUG_FRAGMENTS := $(MODULAR_FRAGMENTS) config/debug-variant.config

LAUNCHER_SRC := linux/Documentation/lguest/lguest.c
LAUNCHER_CFLAGS := -m32 -static -O2 -g -Wall -Wextra -Werror \
	-I$(TOP)/linux/include/uapi -Wl,-Ttext-segment=0xb0000000

.PHONY: all deps tree kernel launcher initramfs run check dist \
	kernel-modular initramfs-modular modular \
	kernel-debug initramfs-debug debug check-debug \
	bench bench-hooks fuzz check-configs check-defconfigs check-stable \
	soak clean

all: kernel launcher initramfs modular

deps:
	@tools/deps.sh

tree: deps
	@tools/assemble.py

# Each kernel variant is the same tree with its own fragments, built by
# tools/build-kernel.sh into its own object directory and out/ directory.
kernel: tree
	@tools/build-kernel.sh main $(FRAGMENTS)

# The modular variant (out/modular/): the Host as the module lg.ko and the
# Guest's disk and network drivers as modules (config/modular.config), the
# rest as the main kernel, so the compiler cache makes it cheap.  Its Host
# initramfs is the main one with the variant's kernel, modules and Guest
# initramfs laid over it (build/modular/host-initramfs.cpio);
# tests/58-debug-host.sh runs on it in make check.
kernel-modular: tree
	@tools/build-kernel.sh modular $(MODULAR_FRAGMENTS)

initramfs-modular: kernel-modular initramfs
	@tools/mkinitramfs-variant.sh modular

modular: kernel-modular initramfs-modular

# The debug variant (out/debug/): the modular variant with the kernel's
# lock, memory and RCU checkers on (config/debug-variant.config).
kernel-debug: tree
	@tools/build-kernel.sh debug $(DEBUG_FRAGMENTS)

initramfs-debug: kernel-debug initramfs
	@tools/mkinitramfs-variant.sh debug

debug: kernel-debug initramfs-debug

launcher: $(OUT)/lguest

$(OUT)/lguest: $(LAUNCHER_SRC) $(wildcard linux/include/uapi/linux/*.h) Makefile
	@tools/deps.sh
	@mkdir -p $(BUILD)/launcher $(OUT)
	@echo "  CC      $@"
	@gcc $(LAUNCHER_CFLAGS) -o $(BUILD)/launcher/lguest $(LAUNCHER_SRC) -lz -lpthread
	@tools/update-file.sh $(BUILD)/launcher/lguest $@

# The Host's initramfs: busybox, the Launcher, the Guest kernel (the very
# same bzImage), the Guest's own initramfs and the in-VM test scripts.
initramfs: kernel launcher
	@tools/mkinitramfs.sh $(BUILD)

run: all
	@tools/run.sh

# make check T=PATTERN runs only the tests whose name contains PATTERN.
check: all
	@tests/run-all.sh $(T)

dist: tree
	@tools/dist.py

bench: all
	@tools/bench.sh

bench-hooks: all
	@tools/bench-native.sh

# The /dev/lguest fuzzer's long run (tests/fuzz/run.sh [SEEDS [CALLS]]).
fuzz: all
	@tests/fuzz/run.sh

SOAK_MINUTES ?= 30
soak: all
	@SOAK_MINUTES=$(SOAK_MINUTES) tools/soak.sh

# The long run under the debug Host: the whole hostile suite on both CPUs
# and the fuzzer (tools/check-debug.sh), lockdep, KFENCE, kmemleak watching.
check-debug: all debug
	@LG_VARIANT=debug tests/58-debug-host.sh
	@tools/check-debug.sh

check-configs: tree
	@tools/check-configs.sh

# The full distribution configs with the series, built once (cold: long).
check-defconfigs: tree
	@tools/check-defconfigs.sh

check-stable: all
	@tools/check-stable.sh

clean:
	rm -rf $(BUILD) $(OUT)
