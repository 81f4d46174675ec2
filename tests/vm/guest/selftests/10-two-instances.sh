# SPDX-License-Identifier: GPL-2.0
#
# The upstream KVM selftests of tests/selftests/x86.list on kvm-amd-a and
# kvm-amd-b at the same time: two sets, each through vacctl exec (a mount
# namespace whose /dev/kvm is /dev/kvm-NAME), so the unmodified tests open
# an instance.  Tests marked solo run afterwards, on a, then on b.  Prints
# a SELFTEST line per test and instance; tests/selftests/compare.sh
# compares them with the stock suite's run after the boots.  A failing test
# does not fail this script; a run that cannot start or does not finish
# does.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

[ -f /vac/selftests/x86.list ] || fail "no /vac/selftests/x86.list (selftests not built?)"
command -v vacctl >/dev/null || fail "vacctl missing from /vac/bin"
ST=/vac/tests/selftests/run-selftests

kvm_setup
kvm_quota a svm_asid 7
kvm_quota b svm_asid 7
kvm_load a
kvm_load b

echo "+ vacctl exec a -- $ST -s shared a &"
vacctl exec a -- sh $ST -s shared a &
pa=$!
echo "+ vacctl exec b -- $ST -s shared b &"
vacctl exec b -- sh $ST -s shared b &
pb=$!
wait $pa || fail "the run on a failed ($?)"
wait $pb || fail "the run on b failed ($?)"
run vacctl exec a -- sh $ST -s solo a
run vacctl exec b -- sh $ST -s solo b

[ -e /dev/kvm ] && fail "/dev/kvm leaked to the host"
kvm_unload a
kvm_unload b
kvm_quota_del a
kvm_quota_del b
exit 0
