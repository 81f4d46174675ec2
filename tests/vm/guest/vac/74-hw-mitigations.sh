#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Kernel globals KVM writes about mitigations belong to VAC:
# l1tf_vmx_mitigation - every instance must use the same L1TF flush mode
# (a different one is refused, at load or later, with a message naming
# both), and it goes back to "auto" only after the last instance releases
# it; itlb_multihit_kvm_mitigation - true only while every instance
# mitigates.  Claims of a module that failed to load or was unloaded are
# dropped by VAC.  (enum vmx_l1d_flush_state: 0 auto, 1 never, 2 cond.)
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
vac_load
quota ta svm_asid=4
quota tb svm_asid=4
ti_load vac_test_instance ta
ti_load vac_test_instance2 tb
itlb0=$(ti_stat ta itlb_global)
expect_eq "l1tf_vmx_mitigation before any claim" "$(ti_stat ta l1tf_global)" 0

note "L1TF: one mode for all instances"
ti_ctl ta l1tf 2
expect_eq "l1tf_vmx_mitigation" "$(ti_stat ta l1tf_global)" 2
ti_ctl_fails tb l1tf 1
kmsg_has "vac: vac_test_instance2: L1TF VM-entry flush 'never' differs from 'cond' of vac_test_instance: every KVM instance must use the same vmentry_l1d_flush" ||
	fail "no refusal message for a different L1TF mode"
expect_eq "l1tf_vmx_mitigation after the refusal" "$(ti_stat ta l1tf_global)" 2
ti_ctl tb l1tf 2
note "an instance alone may change its mode (a parameter write)"
ti_ctl_fails ta l1tf 3
ti_ctl tb l1tf_release
ti_ctl ta l1tf 3
expect_eq "l1tf_vmx_mitigation" "$(ti_stat ta l1tf_global)" 3
ti_ctl tb l1tf 3
note "releasing one claim keeps the mode; the last resets it"
ti_ctl ta l1tf_release
expect_eq "l1tf_vmx_mitigation (tb still claims)" "$(ti_stat tb l1tf_global)" 3
unload_module vac_test_instance2
ti_load vac_test_instance2 tb
expect_eq "l1tf_vmx_mitigation after the last unload" "$(ti_stat tb l1tf_global)" 0

note "iTLB multihit: mitigated only while every instance is"
ti_ctl ta itlb 1
expect_eq "itlb_multihit_kvm_mitigation (ta on)" "$(ti_stat ta itlb_global)" 1
ti_ctl tb itlb 0
expect_eq "itlb_multihit_kvm_mitigation (ta on, tb off)" "$(ti_stat ta itlb_global)" 0
ti_ctl tb itlb 1
expect_eq "itlb_multihit_kvm_mitigation (both on)" "$(ti_stat ta itlb_global)" 1
ti_ctl ta itlb 0
expect_eq "itlb_multihit_kvm_mitigation (ta off)" "$(ti_stat ta itlb_global)" 0
note "unloading the unmitigated instance drops its claim"
unload_module vac_test_instance
expect_eq "itlb_multihit_kvm_mitigation (tb alone, on)" "$(ti_stat tb itlb_global)" 1

note "a failed load leaves no claim behind"
fails insmod "$VAC_MODULES/vac_test_instance.ko" name=ta l1tf=1 itlb=0 fail_init=1
module_loaded vac_test_instance && fail "ta stayed loaded"
expect_eq "itlb_multihit_kvm_mitigation after the failed load" "$(ti_stat tb itlb_global)" 1
ti_ctl tb l1tf 2
expect_eq "l1tf_vmx_mitigation (no stale 'never' claim)" "$(ti_stat tb l1tf_global)" 2
ti_ctl tb l1tf_release

note "a load whose claim is refused fails"
ti_ctl tb l1tf 2
fails insmod "$VAC_MODULES/vac_test_instance.ko" name=ta l1tf=1
module_loaded vac_test_instance && fail "ta stayed loaded"
ti_ctl tb l1tf_release
unload_module vac_test_instance2
vac_unload
note "itlb_multihit_kvm_mitigation was $itlb0 at the start"
