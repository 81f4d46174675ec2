# SPDX-License-Identifier: GPL-2.0
#
# A real VMM, Debian's QEMU 7.2, unmodified: one QEMU with -accel kvm on
# instance a and one on instance b at the same time, each through
# `vacctl exec NAME --` (QEMU opens /dev/kvm).  Both guests make progress,
# QEMU says KVM is enabled, each instance's debugfs holds its own QEMU's VM
# and not the other's, the instances inject the guests' timer interrupts,
# both QEMUs quit cleanly, and the instances unload leaving nothing behind.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/lib-qemu

qemu_require

kvm_setup
kvm_quota a svm_asid 7
kvm_quota b svm_asid 7
kvm_load a
kvm_load b

qemu_start a vacctl exec a --
qemu_start b vacctl exec b --
# Both run before either is checked: the guests run at the same time.
qemu_wait_count a 1
qemu_wait_count b 1
grep -qx "vac-guest: up" /tmp/qemu-a.serial || fail "no banner from guest a"
grep -qx "vac-guest: up" /tmp/qemu-b.serial || fail "no banner from guest b"
echo "ok: both guests printed their banner"

for n in a b; do
	qemu_hmp $n "info kvm" 'kvm support: (enabled|disabled)'
	expect_match "QEMU $n: info kvm" "$HMP" 'kvm support: enabled'
	qemu_hmp $n "info status" 'VM status'
	expect_match "QEMU $n: info status" "$HMP" 'VM status: running'
done

# Each QEMU's VM is in its own instance's debugfs (PID-FD), not the
# other's, and the instance injects the guest's timer interrupts.
qemu_check_vm a /sys/kernel/debug/kvm-a
va=$QEMU_VM
qemu_check_vm b /sys/kernel/debug/kvm-b
vb=$QEMU_VM
pa=$(qemu_pid a)
pb=$(qemu_pid b)
[ -z "$(kvm_vm_dirs /sys/kernel/debug/kvm-b "$pa")" ] ||
	fail "QEMU a's VM shows up in kvm-b"
[ -z "$(kvm_vm_dirs /sys/kernel/debug/kvm-a "$pb")" ] ||
	fail "QEMU b's VM shows up in kvm-a"
echo "ok: neither QEMU's VM shows up in the other instance"
[ -e /dev/kvm ] && fail "/dev/kvm leaked to the host"

# Still running, side by side: both counters move on.
rss() { sed -n 's/^VmRSS:[[:space:]]*//p' "/proc/$1/status"; }
note "$(grep MemAvailable /proc/meminfo | tr -s ' '); QEMU a RSS $(rss "$pa"), QEMU b RSS $(rss "$pb")"
ca=$(qemu_count a)
cb=$(qemu_count b)
qemu_wait_count a $((ca + 3))
qemu_wait_count b $((cb + 3))

kvm_assert_asids a >/dev/null || exit 1
kvm_assert_asids b >/dev/null || exit 1

qemu_quit a
qemu_quit b
[ -e "/sys/kernel/debug/kvm-a/$va" ] &&
	fail "VM $va of QEMU a still in debugfs kvm-a after quit"
[ -e "/sys/kernel/debug/kvm-b/$vb" ] &&
	fail "VM $vb of QEMU b still in debugfs kvm-b after quit"
echo "ok: the VMs are gone from debugfs"
assert_enable_counts 0

kvm_unload b
kvm_assert_gone b
kvm_unload a
kvm_assert_gone a
expect_file_eq /sys/kernel/vac/resources/svm_asid/used 0
kvm_quota_del a
kvm_quota_del b
