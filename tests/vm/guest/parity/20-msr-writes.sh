#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host MSR writes per guest exit, kvm-amd-a against stock kvm-amd (counted
# by 10-stock), same boot, same workload: vmm-test, 1 VM x 1 vCPU, 200
# passes = 1200 exits to userspace, pinned to CPU1, msr:write_msr counted
# on CPU1 (lib-parity's msr_writes).  Prints writes/exit of both, the
# ratio and which MSRs each writes how often.  Fails if the instance
# writes more per exit than stock beyond the tolerance of mw_within
# (2 % + 0.02 writes/exit).
#
# Runs before 30-host-state, on a host no instance has touched yet: how
# many writes a KVM needs depends on the host values it finds (a host
# TSC_AUX equal to the guest's needs none), so both counts must start
# from the same clean host.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/parity/lib-parity

s_pe=$(mw_saved stock per-exit) || { echo "$s_pe"; exit 1; }
s_by=$(mw_saved stock by-msr)
module_loaded kvm && fail "stock kvm loaded: vac.ko would be refused"
parity_msr_load
tscaux "before kvm-$KVM_VENDOR-a" ||
	fail "TSC_AUX already wrong before kvm-$KVM_VENDOR-a ran: the count would not be comparable with stock's"

kvm_setup
kvm_quota a $KVM_TAGS $KVM_TAGS_QUOTA
kvm_load a
hold_start /dev/kvm-a
msr_writes kvm_a /dev/kvm-a
hold_stop
kvm_unload a
run rmmod vac

ratio=$(awk -v s="$s_pe" -v i="$mw_per_exit" \
	'BEGIN { if (s > 0) printf "%.3f\n", i / s; else print "nan" }')
echo "MSR writes per guest exit: stock $s_pe, instance $mw_per_exit, ratio instance/stock $ratio"
echo "  stock    by MSR: $s_by"
echo "  instance by MSR: $mw_by"
mw_by_diff "$s_by" "$mw_by" stock kvm-$KVM_VENDOR-a
mw_within "$s_pe" "$mw_per_exit" ||
	fail "kvm-$KVM_VENDOR-a writes more host MSRs per exit than stock kvm-$KVM_VENDOR ($mw_per_exit > $s_pe)"
echo "ok: kvm-$KVM_VENDOR-a writes no more host MSRs per exit than stock kvm-$KVM_VENDOR"
