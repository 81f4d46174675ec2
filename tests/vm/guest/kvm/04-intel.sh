# SPDX-License-Identifier: GPL-2.0
#
# kvm-intel-NAME.ko is built for every instance, but the test VM's CPU
# (QEMU TCG) has no VMX: loading it must fail with a clear message and
# leave nothing behind, also when a quota exists for the name.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

kvm_setup
kvm_quota a svm_asid 7
dmesg -c >/dev/null
fails modprobe kvm-intel-a
kmsg_has "no hardware support for 'kvm_intel'" ||
	fail "no message saying VMX is missing"
KVM_VENDOR=intel
kvm_assert_gone a
