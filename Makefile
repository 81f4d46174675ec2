# SPDX-License-Identifier: GPL-2.0
#
# Thin wrapper around CMake.  Every target first installs the Debian
# packages it needs (scripts/install-deps.sh, idempotent).
#
#   make demo        boot a VM, carve quotas, run guests on two KVMs
#   make check       every test: host unit tests and VM tests
#   make check-unit  host unit tests only
#   make check-vm    VM tests, AMD (Debian kernel under QEMU TCG)
#   make check-vmx   VM tests, Intel (Debian kernel under Bochs, VMX)
#   make fuzz        fuzz /dev/vac in a VM for a long run (VAC_FUZZ_SECONDS,
#                    VAC_FUZZ_MESSAGES, VAC_FUZZ_SEED, VAC_FUZZ_THREADS)
#   make coverage    lcov of the kernel core; ends with "coverage: NN.N% lines"
#   make bench       KVM instance vs stock kvm-amd / kvm-intel ratios (bench/)

BUILD     ?= build
BUILD_COV ?= build-cov
JOBS      ?= $(shell nproc)
CMAKE_ARGS ?=

.PHONY: all deps configure build demo check check-unit check-vm check-vmx fuzz coverage bench clean

all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: configure
	@cmake --build $(BUILD) -j $(JOBS) --target demo

check-unit: configure
	@cmake --build $(BUILD) -j $(JOBS)
	@ctest --test-dir $(BUILD) -L unit --output-on-failure -j $(JOBS)

check-vm: configure
	@cmake --build $(BUILD) -j $(JOBS) --target check-vm

check-vmx: configure
	@cmake --build $(BUILD) -j $(JOBS) --target check-vmx

check: check-unit check-vm check-vmx

fuzz: configure
	@cmake --build $(BUILD) -j $(JOBS) --target fuzz

bench: configure
	@cmake --build $(BUILD) -j $(JOBS) --target bench

coverage: deps
	@cmake -S . -B $(BUILD_COV) -DVAC_COVERAGE=ON -DVAC_SANITIZE=OFF >/dev/null
	@cmake --build $(BUILD_COV) -j $(JOBS) --target coverage

clean:
	rm -rf $(BUILD) $(BUILD_COV)
