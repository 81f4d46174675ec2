#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vac_cpu_switched() tells an instance, per CPU, whether another instance
# loaded a vCPU there since it last did: the only case in which KVM must
# forget its cached current VMCS / last VMCB / TSC ratio (instance patch
# 17).  An unregistered instance is forgotten on every CPU, so a new one
# (possibly at the same address) is never taken for the last user.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

# switched NAME CPU EXPECTED: one vCPU-load-like call on CPU.
switched() {
	ti_ctl "$1" switched "$2"
	expect_eq "$1 on cpu$2: switched" "$(ti_stat "$1" last_switched)" "$3"
}

hw_reset
vac_load
quota ta svm_asid=4
quota tb svm_asid=4
ti_load vac_test_instance ta
ti_load vac_test_instance2 tb

note "first load on each CPU: nothing cached yet"
switched ta 0 1
switched ta 0 0
switched ta 0 0
switched ta 1 1
switched ta 1 0

note "tb takes CPU 0: ta must forget its CPU-0 caches, not its CPU-1 ones"
switched tb 0 1
switched tb 0 0
switched ta 1 0
switched ta 0 1
switched ta 0 0
switched tb 0 1

note "ta unloads and comes back: it is no one's last user any more"
switched ta 1 0
unload_module vac_test_instance
ti_load vac_test_instance ta
switched ta 1 1
switched ta 1 0

ti_ctl_fails ta switched 99
unload_module vac_test_instance
unload_module vac_test_instance2
vac_unload
