#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VAC's KVM instances leave the host exactly as stock kvm-amd does.  Load
# vac.ko, kvm-amd-a and kvm-amd-b, run guests on both instances at the
# same time on every CPU (both pinned to each CPU in turn, then spread),
# snapshot every CPU's MSRs with the instances loaded but idle, and again
# after unloading them and vac.ko.  Each value must equal what stock left
# at the same point (10-stock: stock-idle, stock-gone; same CPU, same MSR,
# hoststate's rules), and host userspace must get the right CPU number
# from RDTSCP and getcpu() on every CPU.  Every check runs even after one
# failed; each difference is printed with the CPU, MSR, stock's value and
# the instances'.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/parity/lib-parity

for s in stock-idle stock-gone; do
	[ -f $PARITY_DIR/$s.snap ] || fail "no stock reference $s (10-stock failed?)"
done
module_loaded kvm && fail "stock kvm loaded: vac.ko would be refused"
parity_msr_load

# Where this script starts from: as stock left it, unless 20-msr-writes'
# kvm-amd-a already changed something (then the same difference shows
# below again, and is that instance's).
snap inst-before
if ! snap_cmp stock-gone inst-before stock before >$PARITY_DIR/before.diff; then
	note "the host already differs from stock before these instances ran (left by 20-msr-writes' kvm-$KVM_VENDOR-a):"
	sed -n 's/^DIFF /#   /p' $PARITY_DIR/before.diff
fi

kvm_setup
kvm_quota a $KVM_TAGS $KVM_TAGS_QUOTA
kvm_quota b $KVM_TAGS $KVM_TAGS_QUOTA
kvm_load a
kvm_load b
hold_start /dev/kvm-a /dev/kvm-b
guests_everywhere kvm_a:/dev/kvm-a kvm_b:/dev/kvm-b
hold_stop
snap inst-idle
bad=""
snap_cmp stock-idle inst-idle stock instances-idle ||
	bad="$bad, MSRs with the instances loaded"
tscaux "kvm-$KVM_VENDOR-a and kvm-$KVM_VENDOR-b loaded, after guests" ||
	bad="$bad, CPU number with the instances loaded"

kvm_unload b
kvm_unload a
run rmmod vac
snap inst-gone
snap_cmp stock-gone inst-gone stock instances-gone ||
	bad="$bad, MSRs after unloading"
tscaux "instances and vac.ko unloaded" ||
	bad="$bad, CPU number after unloading"

[ -z "$bad" ] || fail "the instances leave the host unlike stock kvm-$KVM_VENDOR: ${bad#, } (DIFF and WRONG lines above)"
echo "ok: the instances leave every CPU's MSRs and TSC_AUX as stock kvm-$KVM_VENDOR does"
