#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An exclusive instance (ops->exclusive: host-wide state VAC does not share
# yet, e.g. Hyper-V's enlightened VMCS) registers only alone and keeps any
# other instance out while it is loaded; both refusals say why, and leave
# nothing behind.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
vac_load
quota ta svm_asid=4
quota tb svm_asid=4

note "an exclusive instance next to a loaded one"
ti_load vac_test_instance ta
fails insmod "$VAC_MODULES/vac_test_instance2.ko" name=tb exclusive=test-state
kmsg_has "vac: cannot register KVM instance 'tb': it uses test-state, which VAC does not share between instances, and instance ta is loaded" ||
	fail "no refusal message for exclusive tb"
module_loaded vac_test_instance2 && fail "exclusive tb stayed loaded"
expect_file_eq "$VAC_SYSFS/instances/tb/state" configured
unload_module vac_test_instance

note "any instance next to a loaded exclusive one"
ti_load vac_test_instance ta exclusive=test-state
expect_file_eq "$VAC_SYSFS/instances/ta/state" live
fails insmod "$VAC_MODULES/vac_test_instance2.ko" name=tb
kmsg_has "vac: cannot register KVM instance 'tb': instance ta uses test-state, which VAC does not share between instances" ||
	fail "no refusal message for tb next to exclusive ta"
module_loaded vac_test_instance2 && fail "tb stayed loaded"
expect_file_eq "$VAC_SYSFS/instances/tb/state" configured

note "once the exclusive one is gone, others load"
unload_module vac_test_instance
ti_load vac_test_instance2 tb
expect_file_eq "$VAC_SYSFS/instances/tb/state" live
unload_module vac_test_instance2
vac_unload
