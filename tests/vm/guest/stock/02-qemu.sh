# SPDX-License-Identifier: GPL-2.0
#
# Baseline for kvm/10-qemu: Debian's QEMU with -accel kvm on Debian's stock
# kvm-amd (/dev/kvm, vac.ko not loaded) runs the same test guest; it makes
# progress, QEMU says KVM is enabled, its VM is in debugfs kvm/ and gets
# the guest's timer interrupts, it quits cleanly and kvm-amd unloads.
. /vac/tests/lib.sh
. /vac/tests/lib-qemu

module_loaded vac && fail "vac.ko must not be loaded in the stock suite"
qemu_require

run modprobe kvm-amd
[ -c /dev/kvm ] || fail "/dev/kvm missing"

qemu_start s
qemu_wait_count s 1
grep -qx "vac-guest: up" /tmp/qemu-s.serial || fail "no banner from the guest"
echo "ok: the guest printed its banner"
qemu_hmp s "info kvm" 'kvm support: (enabled|disabled)'
expect_match "QEMU: info kvm" "$HMP" 'kvm support: enabled'

qemu_check_vm s /sys/kernel/debug/kvm
vs=$QEMU_VM

c=$(qemu_count s)
qemu_wait_count s $((c + 3))

qemu_quit s
[ -e "/sys/kernel/debug/kvm/$vs" ] &&
	fail "VM $vs of QEMU still in debugfs kvm after quit"
echo "ok: the VM is gone from debugfs"
run rmmod kvm_amd kvm
[ -e /dev/kvm ] && fail "/dev/kvm still there"
exit 0
