#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vac.ko cannot be unloaded while an instance is registered: the instance
# module's use of vac's symbols holds a reference on vac.ko.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
vac_load
quota ta svm_asid=4
ti_load vac_test_instance ta
ti_ctl ta enable
fails rmmod vac
module_loaded vac || fail "vac unloaded under an instance"
grep '^vac ' /proc/modules
grep -q '^vac .* vac_test_instance' /proc/modules ||
	fail "/proc/modules does not show vac used by vac_test_instance"
expect_counts 1 1
check_hw ta
unload_module vac_test_instance
expect_counts 0 0
vac_unload
module_loaded vac && fail "vac still loaded"
true
