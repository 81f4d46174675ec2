# SPDX-License-Identifier: GPL-2.0
#
# Baseline: Debian's stock kvm-amd (kvm.ko + kvm-amd.ko from the kernel
# package, vac.ko not loaded) runs the same VMM test program through
# /dev/kvm, with several VMs and vCPUs.
. /vac/tests/lib.sh

module_loaded vac && fail "vac.ko must not be loaded in the stock suite"
run modprobe kvm-amd
[ -c /dev/kvm ] || fail "/dev/kvm missing"
run vmm-test -d /dev/kvm -m 3 -c 2 -i 20
run rmmod kvm_amd kvm
[ -e /dev/kvm ] && fail "/dev/kvm still there"
exit 0
