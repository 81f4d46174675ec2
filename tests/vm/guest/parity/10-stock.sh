#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The reference: what Debian's stock kvm-amd leaves in the host.  Snapshot
# every CPU's MSRs before any KVM was loaded in this boot, load stock KVM
# (vac.ko absent), run guests on every CPU (vmm-test pinned to each CPU in
# turn, then with vCPUs spread), count host MSR writes per guest exit on
# CPU1, snapshot with kvm-amd still loaded but idle ("stock-idle") and
# after unloading it ("stock-gone").  Host userspace must see the right
# CPU number (RDTSCP, getcpu) throughout.  What stock changes against the
# boot's initial state is shown, not judged: stock is the oracle.
# 20-msr-writes and 30-host-state compare the instances with these.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/parity/lib-parity

parity_clean_host
rm -f $PARITY_DIR/*
parity_msr_load
snap initial
sed 's/^/#   /' $PARITY_DIR/initial.snap
tscaux "before any KVM" ||
	fail "TSC_AUX already wrong before any KVM ran: a KVM loaded earlier in this boot (parity must be the boot's first suite)"

run modprobe kvm-$KVM_VENDOR
[ -c /dev/kvm ] || fail "/dev/kvm missing"
hold_start /dev/kvm
guests_everywhere kvm:/dev/kvm
msr_writes kvm /dev/kvm
mw_save stock
hold_stop
snap stock-idle
tscaux "stock kvm-$KVM_VENDOR loaded, after guests" ||
	fail "stock kvm-$KVM_VENDOR left a wrong TSC_AUX: the reference is broken"
run rmmod kvm_$KVM_VENDOR kvm
snap stock-gone
tscaux "stock kvm-$KVM_VENDOR unloaded" ||
	fail "stock kvm-$KVM_VENDOR left a wrong TSC_AUX: the reference is broken"

note "what stock kvm-$KVM_VENDOR changes against the boot's initial state (the reference, not a failure):"
snap_cmp initial stock-idle initial stock-idle || true
snap_cmp initial stock-gone initial stock-gone || true
exit 0
