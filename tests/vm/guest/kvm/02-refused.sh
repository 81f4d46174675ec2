# SPDX-License-Identifier: GPL-2.0
#
# Loads that must fail, cleanly: no quota for the name; a quota whose ASID
# range cannot be carved; vac.ko absent (plain insmod: unknown symbols).
# An instance with no svm_asid quota loads but refuses vCPUs of non-SEV
# guests.  Nothing may be left behind by a failed load.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

kvm_setup

# 1. No quota entry for "a".
dmesg -c >/dev/null
fails modprobe kvm-amd-a
kmsg_has "kvm-a: cannot register with vac" || fail "no message saying why"
kmsg_has "set a quota" || fail "message does not tell what to do"
kvm_assert_gone a

# 2. b's quota is reserved but its range cannot be carved: the free ASIDs
# (the test VM has 1..15) are not contiguous.  VAC's test instance module
# holds the middle range.
kvm_quota a svm_asid 5
kvm_quota c svm_asid 5
kvm_quota b svm_asid 5
kvm_load a
[ -f /vac/modules/vac_test_instance.ko ] || fail "vac_test_instance.ko not built"
run insmod /vac/modules/vac_test_instance.ko name=c
kvm_load b
kvm_unload a
kvm_unload b
kvm_quota a svm_asid 0
kvm_quota b svm_asid 10
dmesg -c >/dev/null
fails modprobe kvm-amd-b
kmsg_has "cannot register KVM instance 'b'" || fail "no message from vac"
kmsg_has "kvm-b: cannot register with vac" || fail "no message from kvm-b"
kvm_assert_gone b
# c is unharmed.
expect_file_eq /sys/kernel/vac/instances/c/state live
run rmmod vac_test_instance
kvm_quota_del c

# 3. No svm_asid quota: loads, refuses vCPUs, says why.
kvm_quota b svm_asid 0
kvm_load b
dmesg -c >/dev/null
vmm-test -d /dev/kvm-b -m 1 -c 1 -i 1 -q
rc=$?
expect_eq "vmm-test exit status without ASIDs (setup failure)" $rc 2
kmsg_has "kvm-b: no svm_asid quota" || fail "no message for the refused vCPU"
assert_enable_counts 0
kvm_unload b
kvm_assert_gone b

# 4. Without vac.ko, insmod fails on unknown symbols (modprobe would load
# vac first).
kvm_quota_del a
kvm_quota_del b
run rmmod vac
dmesg -c >/dev/null
modprobe irqbypass 2>/dev/null
modprobe ccp 2>/dev/null
fails insmod /vac/modules/kvm-amd-a.ko
kmsg_has "Unknown symbol vac_" || fail "no unknown-symbol message"
kvm_assert_gone a
run modprobe vac
