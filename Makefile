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
#   make check-debug vac, kvm and lib VM suites on a debug kernel (KASAN,
#                    lockdep, kmemleak) built once into /var/cache/vac
#   make fuzz        fuzz /dev/vac in a VM for a long run (VAC_FUZZ_SECONDS,
#                    VAC_FUZZ_MESSAGES, VAC_FUZZ_SEED, VAC_FUZZ_THREADS)
#   make coverage    lcov of the kernel core; ends with "coverage: NN.N% lines"
#   make bench       KVM instance vs stock kvm-amd / kvm-intel ratios (bench/)
#   make deb         Debian packages into $(BUILD)/deb, lintian, a DKMS trial
#                    build (scripts/make-deb.sh); part of make check
#   make check-system the packages installed on a Debian 12 systemd VM,
#                    rebooted and checked (tests/system); part of make check

BUILD     ?= build
BUILD_COV ?= build-cov
BUILD_DEBUG ?= build-debug
JOBS      ?= $(shell nproc)
CMAKE_ARGS ?=

.PHONY: all deps configure build demo check check-unit check-vm check-vmx check-debug fuzz coverage bench deb check-system clean

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

check: check-unit check-vm check-vmx deb check-system

deb: deps
	@./scripts/make-deb.sh $(BUILD)

check-system: build deb
	@./tests/system/run-system-test.sh --build-dir $(BUILD)

# The modules are built against the debug kernel's own tree, in their own
# build directory.
check-debug: deps
	@d=$$(scripts/debug-kernel.sh) && r=$$(cat "$$d/release") && \
	cmake -S . -B $(BUILD_DEBUG) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DVAC_KDIR="$$d/linux" -DVAC_KVER="$$r" \
		-DVAC_VMLINUZ="$$d/vmlinuz-$$r" -DVAC_VM_MODROOT="$$d/root" \
		$(CMAKE_ARGS) >/dev/null && \
	cmake --build $(BUILD_DEBUG) -j $(JOBS) --target check-debug
fuzz: configure
	@cmake --build $(BUILD) -j $(JOBS) --target fuzz

bench: configure
	@cmake --build $(BUILD) -j $(JOBS) --target bench

coverage: deps
	@cmake -S . -B $(BUILD_COV) -DVAC_COVERAGE=ON -DVAC_SANITIZE=OFF >/dev/null
	@cmake --build $(BUILD_COV) -j $(JOBS) --target coverage

clean:
	rm -rf $(BUILD) $(BUILD_COV) $(BUILD_DEBUG)
