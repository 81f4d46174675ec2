#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vac.ko holds the one posted-interrupt wakeup handler and calls every
# registered instance's pi_wakeup(): a POSTED_INTR_WAKEUP_VECTOR IPI
# reaches both instances; after one unloads, only the other.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
vac_load
quota ta svm_asid=2
quota tb svm_asid=2
ti_load vac_test_instance ta
ti_load vac_test_instance2 tb
expect_eq "ta pi_wakeups" "$(ti_stat ta pi_wakeups)" 0
expect_eq "tb pi_wakeups" "$(ti_stat tb pi_wakeups)" 0
ti_ctl ta pi_kick
expect_eq "ta pi_wakeups" "$(ti_stat ta pi_wakeups)" 1
expect_eq "tb pi_wakeups" "$(ti_stat tb pi_wakeups)" 1
ti_ctl tb pi_kick
ti_ctl tb pi_kick
expect_eq "ta pi_wakeups" "$(ti_stat ta pi_wakeups)" 3
expect_eq "tb pi_wakeups" "$(ti_stat tb pi_wakeups)" 3
unload_module vac_test_instance2
ti_ctl ta pi_kick
expect_eq "ta pi_wakeups" "$(ti_stat ta pi_wakeups)" 4
grep PIW /proc/interrupts
unload_module vac_test_instance
vac_unload
