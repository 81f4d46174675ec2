# SPDX-License-Identifier: GPL-2.0
#
# Draining a real KVM instance (patch 0026) under Debian's QEMU: instance
# a counts the VMs and vCPUs of a running QEMU (sysfs, vacctl); drained,
# it refuses a new QEMU (KVM_CREATE_VM fails with EBUSY, QEMU says so and
# exits, VAC logs the refusal) while the running guest goes on; resumed,
# it takes a new QEMU again; when both QEMUs quit the counts are back to 0.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/lib-qemu

qemu_require
sys=/sys/kernel/vac/instances/a

kvm_setup
kvm_quota a svm_asid 7
kvm_load a

qemu_start g1 vacctl exec a --
qemu_wait_count g1 2
expect_file_eq $sys/vms 1
expect_file_eq $sys/vcpus 1
expect_file_eq $sys/draining 0

dmesg -c >/dev/null
run vacctl instance drain a
expect_file_eq $sys/draining 1
show=$(vacctl -j instance show a)
echo "$show"
expect_match "vacctl -j instance show a" "$show" '"draining": *true'
expect_match "vacctl -j instance show a" "$show" '"vms": *1'

# A new QEMU on a fails at KVM_CREATE_VM.
qemu_start g2 vacctl exec a --
if wait "$(qemu_pid g2)"; then
	fail "QEMU started on a draining instance"
fi
qemu_show_log g2
grep -q "Device or resource busy" /tmp/qemu-g2.log ||
	fail "QEMU did not report EBUSY"
kmsg_has "vac: instance a is draining: KVM_CREATE_VM of qemu-system-x86\[[0-9]*\] refused" ||
	fail "no log line for the refused VM"
echo "ok: a new QEMU on draining a failed with EBUSY, and VAC said why"

# The running guest did not notice.
c=$(qemu_count g1)
qemu_wait_count g1 $((c + 3))
expect_file_eq $sys/vms 1

run vacctl instance resume a
expect_file_eq $sys/draining 0
qemu_start g3 vacctl exec a --
qemu_wait_count g3 2
expect_file_eq $sys/vms 2
expect_file_eq $sys/vcpus 2

qemu_quit g1
qemu_quit g3
expect_file_eq $sys/vms 0
expect_file_eq $sys/vcpus 0
kvm_unload a
kvm_assert_gone a
kvm_quota_del a
