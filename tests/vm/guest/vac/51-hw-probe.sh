#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vac.ko's CPUID discovery in the TCG guest (SVM rev 1, NASID 16, no SEV,
# no VMX): capacities, absent spaces, per-CPU enable counts at rest, and
# module parameters that may only lower a capacity.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

res() {
	cat "$VAC_SYSFS/resources/$1/$2"
}

hw_reset
vac_load
kmsg_has 'vac: SVM: NASID 16' || fail "no SVM probe line in dmesg"
expect_eq "svm_asid capacity" "$(res svm_asid capacity)" 15
expect_eq "svm_asid first" "$(res svm_asid first)" 1
expect_eq "vpid capacity (no VMX)" "$(res vpid capacity)" 0
expect_eq "sev_asid capacity (no SEV)" "$(res sev_asid capacity)" 0
expect_eq "sev_es_asid capacity (no SEV)" "$(res sev_es_asid capacity)" 0
expect_eq "ga_vm_id capacity (vac.ko's default)" "$(res ga_vm_id capacity)" 65535
expect_eq "ga_vm_id first" "$(res ga_vm_id first)" 1
kmsg_has 'ga_vm_id 1[+]65535' || fail "no ga_vm_id in the probe line"
for d in "$VAC_CPUS"/cpu*; do
	expect_file_eq "$d/enable_count" 0
done
[ -f "$VAC_CPUS/cpu1/enable_count" ] || fail "no cpu1 in $VAC_CPUS"
vac_unload

note "lowering parameters"
vac_load svm_asid_max=6 test_vpids=100 vpid_max=10 ga_vm_id_max=40
expect_eq "svm_asid capacity" "$(res svm_asid capacity)" 6
expect_eq "ga_vm_id capacity" "$(res ga_vm_id capacity)" 40
expect_eq "svm_asid first" "$(res svm_asid first)" 1
expect_eq "vpid capacity" "$(res vpid capacity)" 10
expect_eq "vpid first" "$(res vpid first)" 1
vac_unload

note "a parameter cannot raise a capacity"
vac_load svm_asid_max=99 sev_asid_max=5
expect_eq "svm_asid capacity" "$(res svm_asid capacity)" 15
expect_eq "sev_asid capacity" "$(res sev_asid capacity)" 0
kmsg_has 'svm_asid_max=99 is above the hardware.s 15: ignored' ||
	fail "no notice for svm_asid_max=99"
vac_unload

note "svm_asid_max=0: no svm_asid at all"
vac_load svm_asid_max=0
expect_eq "svm_asid capacity" "$(res svm_asid capacity)" 0
vac_unload
[ ! -e "$VAC_SYSFS" ] || fail "$VAC_SYSFS left behind after unload"
