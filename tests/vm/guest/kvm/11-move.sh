# SPDX-License-Identifier: GPL-2.0
#
# Moving a running VM from one KVM instance to another with Debian's QEMU
# 7.2, the way KVM is upgraded under running VMs (docs/upgrade.md):
#
# 1. The baseline, an ordinary copying migration: a guest in private
#    memory on instance a moves to a QEMU on instance b.
# 2. The move: a guest whose RAM is a shared file (memory-backend-file,
#    share=on) moves from a to b with x-ignore-shared, so its RAM stays
#    where it is; then the source QEMU quits and instance a is unloaded
#    while the guest goes on running on b.
#
# Each time the guest's counter goes on exactly where it stopped (the
# source's serial output followed by the target's counts 1, 2, 3, ... with
# nothing missing or repeated), the guest's own checks of its 576 KiB
# memory pattern and of the 48 MiB above 16 MiB (64 MiB guests: random
# data, 256 pages rewritten a tick) find them intact, and
# the guest runs on b's KVM (b's debugfs).  The shared move must send less
# RAM than the copy, and at the end a byte written into the memory file
# must be what the guest on b sees.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/lib-qemu

MEM=/dev/shm/vac-move.mem
qemu_require "rm -f $MEM"

kvm_setup
kvm_quota a svm_asid 7
kvm_quota b svm_asid 7
kvm_load a
kvm_load b

# move SRC DST [shared]: start SRC on a and DST (incoming) on b with
# $QEMU_OPTS, let the guest print a few lines, migrate, check.  The guest
# has 64 MiB: it fills the 48 above 16 MiB before its first line.
move() {
	qemu_start "$1" vacctl exec a --
	qemu_wait_count "$1" 3
	grep -qx "vac-guest: high memory filled up to 04000000" \
		"/tmp/qemu-$1.serial" || fail "guest $1 did not fill 16-64 MiB"
	_o=$QEMU_OPTS
	QEMU_OPTS="$QEMU_OPTS -incoming defer"
	qemu_start "$2" vacctl exec b --
	QEMU_OPTS=$_o
	qemu_migrate "$1" "$2" $3
	qemu_hmp "$1" "info status" 'VM status'
	expect_match "QEMU $1 after the migration" "$HMP" \
		'VM status: paused \(postmigrate\)'
	_c=$(qemu_count "$1")
	qemu_wait_count "$2" $((_c + 3))
	qemu_assert_continuous "$1" "$2"
	qemu_check_vm "$2" /sys/kernel/debug/kvm-b
	qemu_quit "$1"
}

echo "# 1. copying migration, private memory"
QEMU_OPTS="-m 64"
move copy-src copy-dst
copy_ram=$MIG_RAM_KB
[ "$copy_ram" -ge 49152 ] ||
	fail "the copy sent $copy_ram kB of RAM, less than the guest's 48 MiB of data"
copy_down=$MIG_DOWNTIME
copy_total=$MIG_TOTAL
qemu_quit copy-dst

echo "# 2. move with the RAM in a shared file"
rm -f $MEM
QEMU_OPTS="-object memory-backend-file,id=mem,size=64M,mem-path=$MEM,share=on -machine memory-backend=mem -m 64"
move src dst shared
[ "$MIG_RAM_KB" -lt "$copy_ram" ] ||
	fail "the shared-memory move sent $MIG_RAM_KB kB of RAM, the copy $copy_ram kB"

# The source is gone: instance a goes while the guest runs on b.
kvm_unload a
kvm_assert_gone a
c=$(qemu_count dst)
qemu_wait_count dst $((c + 3))
qemu_assert_continuous src dst
echo "ok: the guest runs on b with instance a unloaded"
note "copying migration: downtime $copy_down ms, total $copy_total ms, $copy_ram kB RAM sent"
note "shared-memory move: downtime $MIG_DOWNTIME ms, total $MIG_TOTAL ms, $MIG_RAM_KB kB RAM sent"

# The guest on b runs in the very file the guest on a ran in: a word
# changed in the file is what the guest sees.  (This is also the check
# that the guest's memory check works.)
qemu_poke_memory dst $MEM $((0x23456)) '\125' 2000:3456

qemu_quit dst
assert_enable_counts 0
kvm_unload b
kvm_assert_gone b
# The caches b shared with a (named after a) went with b.
kvm_assert_slabs_gone a
expect_file_eq /sys/kernel/vac/resources/svm_asid/used 0
kvm_quota_del a
kvm_quota_del b
