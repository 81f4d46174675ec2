#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two instances at once share the per-CPU enable reference count: the CPU
# stays enabled until the last one lets go, each has its own svm_asid
# range, and an instance unloaded while enabled has its references taken
# back (logged), nothing left behind.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
vac_load
quota ta svm_asid=4
quota tb svm_asid=5
ti_load vac_test_instance ta
ti_load vac_test_instance2 tb

a0=$(ti_stat ta svm_asid_min) a1=$(ti_stat ta svm_asid_max)
b0=$(ti_stat tb svm_asid_min) b1=$(ti_stat tb svm_asid_max)
note "ranges: ta $a0-$a1, tb $b0-$b1"
expect_eq "ta range size" $((a1 - a0 + 1)) 4
expect_eq "tb range size" $((b1 - b0 + 1)) 5
[ "$a1" -lt "$b0" ] || [ "$b1" -lt "$a0" ] || fail "svm_asid ranges overlap"
[ "$a0" -ge 1 ] && [ "$b0" -ge 1 ] && [ "$a1" -le 15 ] && [ "$b1" -le 15 ] ||
	fail "svm_asid range outside 1..15"

ti_ctl ta enable
expect_counts 1 1
ti_ctl tb enable
expect_counts 2 2
check_hw ta
check_hw tb

note "ta lets go: tb's guests keep virtualization"
ti_ctl ta disable
expect_counts 1 1
check_hw ta
expect_eq "cpu0 svme for tb" "$(ti_cpu tb 0 svme)" 1
expect_eq "cpu1 svme for tb" "$(ti_cpu tb 1 svme)" 1
ti_ctl tb disable
expect_counts 0 0
check_hw tb

note "mixed: ta on CPU 0, tb on both"
ti_ctl ta get 0
ti_ctl tb enable
expect_counts 2 1
check_hw ta
ti_ctl tb disable
expect_counts 1 0
check_hw ta
ti_ctl ta put 0
expect_counts 0 0

note "tb unloaded while enabled: VAC takes its references back"
ti_ctl ta enable
ti_ctl tb enable
expect_counts 2 2
unload_module vac_test_instance2
kmsg_has 'vac: instance tb unregistered holding virtualization on CPU\(s\) 0-1: dropped' ||
	fail "no message for the references tb left"
expect_counts 1 1
check_hw ta
[ -d "$VAC_SYSFS/instances/tb" ] &&
	expect_file_eq "$VAC_SYSFS/instances/tb/state" configured
ti_ctl ta disable
expect_counts 0 0
check_hw ta

unload_module vac_test_instance
vac_unload
