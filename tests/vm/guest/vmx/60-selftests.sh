# SPDX-License-Identifier: GPL-2.0
#
# Intel (Bochs): the upstream nested-VMX selftests of
# tests/selftests/vmx.list on stock kvm-intel, then on kvm-intel-a and
# kvm-intel-b at the same time (each through vacctl exec, so the unmodified
# tests open an instance).  Prints SELFTEST lines; check-vmx.sh judges the
# instances' runs against stock's after the boot (tests/selftests/
# compare.sh).  A failing test does not fail this script; a run that
# cannot start or does not finish does.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

[ "$KVM_VENDOR" = intel ] || fail "needs VMX (run under Bochs)"
L=/vac/selftests-vmx/vmx.list
[ -f $L ] || fail "no $L (selftests not built?)"
ST=/vac/tests/selftests/run-selftests

module_loaded vac && run rmmod vac
run modprobe kvm-intel
run sh $ST -l $L stock
run rmmod kvm_intel kvm

kvm_setup
kvm_quota a vpid 16
kvm_quota b vpid 16
kvm_load a
kvm_load b
echo "+ vacctl exec a -- $ST -l $L a &"
vacctl exec a -- sh $ST -l $L a &
pa=$!
echo "+ vacctl exec b -- $ST -l $L b &"
vacctl exec b -- sh $ST -l $L b &
pb=$!
wait $pa || fail "the run on a failed ($?)"
wait $pb || fail "the run on b failed ($?)"
kvm_unload a
kvm_unload b
kvm_assert_gone a
kvm_assert_gone b
exit 0
