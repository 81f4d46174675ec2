#!/bin/sh
# An unmodified VMM (vmm-test opens /dev/kvm) on a chosen KVM instance
# through vacctl exec, and libvac's vac_kvm_open() on it.
. /vac/tests/lib/common.inc
lib_setup
if ! have_module kvm-amd-a; then
	echo "SKIP: kvm-amd-a.ko is not in $VAC_MODULES (KVM instance modules not built)"
	exit 0
fi
command -v vmm-test >/dev/null || fail "vmm-test missing from /vac/bin"

vc 0 set-quota a svm_asid 7
run modprobe kvm-amd-a
[ -c /dev/kvm-a ] || fail "/dev/kvm-a missing after loading kvm-amd-a"
run libvac-vmtest kvm-open a
echo "+ libvac-vmtest choose 1"
expect_eq "chosen" "$(libvac-vmtest choose 1)" a
vc 0 exec a -- vmm-test -m 2 -c 2 -i 20
vc 0 -j instance show a
expect_eq "a live" "$(jqv .instances.a.state)" live
[ -e /dev/kvm ] && fail "/dev/kvm leaked to the host"
run rmmod kvm_amd_a
vc 0 quota del a
