# SPDX-License-Identifier: GPL-2.0
#
# The upstream KVM selftests of tests/selftests/x86.list on Debian's stock
# kvm-amd (/dev/kvm, vac.ko not loaded), one after the other: the reference
# the same tests on two KVM instances (suite selftests) are compared with
# after the boots (tests/selftests/compare.sh).  Prints a SELFTEST line per
# test; a failing test does not fail this script, a run that cannot start
# does.
. /vac/tests/lib.sh

module_loaded vac && fail "vac.ko must not be loaded in the stock suite"
[ -f /vac/selftests/x86.list ] || fail "no /vac/selftests/x86.list (selftests not built?)"
run modprobe kvm-amd
[ -c /dev/kvm ] || fail "/dev/kvm missing"
run sh /vac/tests/selftests/run-selftests stock
run rmmod kvm_amd kvm
exit 0
