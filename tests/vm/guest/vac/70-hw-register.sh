#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Registration through vac_register_instance(): an unknown name, a bad
# name, a name already live and an svm_asid range that no longer fits are
# refused with the broker's reason in dmesg, and leave nothing behind (no
# instance, no module reference on vac.ko, no live state).
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

vac_refs() {
	awk '$1 == "vac" { print $3 }' /proc/modules
}

hw_reset
vac_load
expect_eq "vac refcount" "$(vac_refs)" 0

note "unknown name"
fails insmod "$VAC_MODULES/vac_test_instance.ko" name=nq
kmsg_has "vac: cannot register KVM instance 'nq': .*nq" ||
	fail "no refusal message for nq"
module_loaded vac_test_instance && fail "test instance stayed loaded"
[ ! -e "$VAC_SYSFS/instances/nq" ] || fail "instances/nq exists"
[ ! -e /sys/kernel/debug/vac_test-nq ] || fail "debugfs dir left behind"
expect_eq "vac refcount" "$(vac_refs)" 0

note "bad name"
fails insmod "$VAC_MODULES/vac_test_instance.ko" name=Bad.Name
kmsg_has "vac: cannot register KVM instance 'Bad.Name'" ||
	fail "no refusal message for Bad.Name"
expect_eq "vac refcount" "$(vac_refs)" 0

note "a name already live"
quota ta svm_asid=8
ti_load vac_test_instance ta
expect_file_eq "$VAC_SYSFS/instances/ta/state" live
fails insmod "$VAC_MODULES/vac_test_instance2.ko" name=ta
kmsg_has "vac: cannot register KVM instance 'ta': .*already" ||
	fail "no refusal message for a second ta"
module_loaded vac_test_instance2 && fail "second ta stayed loaded"
expect_file_eq "$VAC_SYSFS/instances/ta/state" live
expect_eq "vac refcount (one instance)" "$(vac_refs)" 1

note "the svm_asid range does not fit any more"
unload_module vac_test_instance
quota ta svm_asid=4
quota tb svm_asid=7
ti_load vac_test_instance ta
ti_load vac_test_instance2 tb
note "ta $(ti_stat ta svm_asid_min)-$(ti_stat ta svm_asid_max), tb $(ti_stat tb svm_asid_min)-$(ti_stat tb svm_asid_max)"
unload_module vac_test_instance
# 8 ASIDs are free (15 - 7) but in two holes around tb's range.
quota ta svm_asid=8
fails insmod "$VAC_MODULES/vac_test_instance.ko" name=ta
kmsg_has "vac: cannot register KVM instance 'ta': .*svm_asid" ||
	fail "no refusal message for a range that does not fit"
expect_file_eq "$VAC_SYSFS/instances/ta/state" configured
expect_eq "vac refcount (tb only)" "$(vac_refs)" 1
unload_module vac_test_instance2
note "once tb is gone, ta's range fits"
ti_load vac_test_instance ta
expect_eq "ta range size" \
	$(($(ti_stat ta svm_asid_max) - $(ti_stat ta svm_asid_min) + 1)) 8
unload_module vac_test_instance
expect_file_eq "$VAC_SYSFS/instances/ta/state" configured
expect_file_eq "$VAC_SYSFS/instances/tb/state" configured
expect_eq "vac refcount" "$(vac_refs)" 0
vac_unload
