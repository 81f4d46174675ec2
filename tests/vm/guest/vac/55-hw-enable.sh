#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# One instance takes and drops the per-CPU enable reference: VAC's count
# in sysfs and the CPU's state follow it (EFER.SVME set and
# MSR_VM_HSAVE_PA = vac_svm_hsave_pa(cpu) while count > 0, both clear at
# 0), a repeated get or put moves nothing, a put never underflows.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
vac_load
quota ta svm_asid=4
ti_load vac_test_instance ta
expect_eq "ta svm_asid_min" "$(ti_stat ta svm_asid_min)" 1
expect_eq "ta svm_asid_max" "$(ti_stat ta svm_asid_max)" 4
expect_counts 0 0
check_hw ta

note "enable on every CPU (KVM's hardware_enable_all)"
ti_ctl ta enable
expect_counts 1 1
expect_eq "ta held_cpus" "$(ti_stat ta held_cpus)" 0-1
check_hw ta
h0=$(ti_cpu ta 0 hsave)
h1=$(ti_cpu ta 1 hsave)
expect_ne "per-CPU save areas differ" "$h0" "$h1"
ti_ctl ta disable
expect_counts 0 0
check_hw ta

note "one CPU at a time, repeated get and put"
ti_ctl ta get 1
expect_counts 0 1
check_hw ta
ti_ctl ta get 1
expect_counts 0 1
ti_ctl ta put 1
expect_counts 0 0
check_hw ta
ti_ctl ta put 1
ti_ctl ta put 0
expect_counts 0 0
check_hw ta

note "the save area is the same page on every enable"
ti_ctl ta get 0
expect_eq "cpu0 hsave again" "$(ti_cpu ta 0 hsave)" "$h0"
ti_ctl ta put 0
expect_counts 0 0

unload_module vac_test_instance
vac_unload
