#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vac.ko holds the one set of perf guest callbacks and routes a PMI to the
# instance whose vCPU is loaded on that CPU (vac_vcpu_load/put).  A
# cpu-clock sampling event on CPU 1 sees guest samples carrying ta's IP
# while ta's "vCPU" is loaded there, never tb's, and none at all when no
# vCPU is loaded.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

field() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

hw_reset
vac_load
quota ta svm_asid=2
quota tb svm_asid=2
ti_load vac_test_instance ta perf_ip=0x7e5a0000
ti_load vac_test_instance2 tb perf_ip=0x7e5b0000
CTLA=/sys/kernel/debug/vac_test-ta/ctl
CTLB=/sys/kernel/debug/vac_test-tb/ctl

note "ta's vCPU loaded on CPU 1"
out=$(vac-perf-route 1 7e5a0000 $CTLA "spin 1 400") || fail "vac-perf-route"
echo "# $out"
[ "$(field "$out" samples)" -gt 0 ] || fail "no samples at all"
[ "$(field "$out" match)" -gt 0 ] || fail "no guest sample with ta's IP"
expect_eq "every guest sample is ta's" "$(field "$out" match)" \
	"$(field "$out" guest)"

note "tb's IP never shows while ta's vCPU is loaded"
out=$(vac-perf-route 1 7e5b0000 $CTLA "spin 1 400") || fail "vac-perf-route"
echo "# $out"
[ "$(field "$out" guest)" -gt 0 ] || fail "no guest samples"
expect_eq "samples with tb's IP" "$(field "$out" match)" 0

note "tb's vCPU loaded on CPU 1"
out=$(vac-perf-route 1 7e5b0000 $CTLB "spin 1 400") || fail "vac-perf-route"
echo "# $out"
[ "$(field "$out" match)" -gt 0 ] || fail "no guest sample with tb's IP"

note "a vCPU loaded on CPU 0 is not seen on CPU 1"
out=$(vac-perf-route 1 7e5a0000 $CTLA "spin 0 400") || fail "vac-perf-route"
echo "# $out"
expect_eq "guest samples on CPU 1" "$(field "$out" guest)" 0

note "no vCPU loaded"
out=$(vac-perf-route 1 7e5a0000 - 400) || fail "vac-perf-route"
echo "# $out"
expect_eq "guest samples" "$(field "$out" guest)" 0

unload_module vac_test_instance2
unload_module vac_test_instance
vac_unload
