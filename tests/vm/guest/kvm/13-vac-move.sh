# SPDX-License-Identifier: GPL-2.0
#
# vac-move (tools/vac-move, docs/vac-move.md) moves a running guest from
# instance a to instance b over QMP, as an operator upgrading a does:
# guest on a with its RAM in a shared file, a drained, the same QEMU on b
# with -incoming defer, `vac-move -j --shared --quit-source`.  Its JSON
# must carry QEMU's figures with next to no RAM sent, the guest's counter
# must go on without a gap on b, the source QEMU must exit with status 0
# and leave a without VMs, and a must unload while the guest runs on b.
# Before that, a move to a QEMU not waiting for one must fail with exit 2
# and say why, leaving the source running.  At the end a word written into
# the high memory in the file must be what the guest on b finds changed.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/lib-qemu

command -v vac-move >/dev/null || fail "vac-move missing (tools/vac-move)"
MEM=/dev/shm/vac-move13.mem
qemu_require "rm -f $MEM"
sys=/sys/kernel/vac/instances/a
memopts="-object memory-backend-file,id=mem,size=64M,mem-path=$MEM,share=on -machine memory-backend=mem -m 64"

# qmp_opts TAG: QEMU's options for a QMP socket of its own.
qmp_opts() {
	echo "-qmp unix:$(qemu_qmp "$1"),server=on,wait=off"
}

kvm_setup
kvm_quota a svm_asid 7
kvm_quota b svm_asid 7
kvm_load a
kvm_load b

echo "+ vac-move (no arguments)"
vac-move >/dev/null 2>&1
expect_eq "vac-move without arguments: exit status" $? 1

rm -f $MEM
QEMU_OPTS="$memopts $(qmp_opts src)"
qemu_start src vacctl exec a --
qemu_wait_count src 3
qemu_wait_qmp src
expect_file_eq $sys/vms 1
run vacctl instance drain a
expect_file_eq $sys/draining 1

echo "# a target that does not wait for a migration is refused"
QEMU_OPTS="$(qmp_opts plain)"
qemu_start plain vacctl exec b --
qemu_wait_count plain 1
qemu_wait_qmp plain
echo "+ vac-move -j --shared --quit-source $(qemu_qmp src) $(qemu_qmp plain)"
out=$(vac-move -j --shared --quit-source "$(qemu_qmp src)" \
	"$(qemu_qmp plain)" 2>&1)
rc=$?
echo "$out" | sed 's/^/  | /'
expect_eq "vac-move to a running QEMU: exit status" $rc 2
expect_match "vac-move's message" "$out" \
	'^vac-move: target .* is running, not waiting for an incoming migration \(start it with -incoming defer\)$'
qemu_hmp src "info status" 'VM status'
expect_match "QEMU src after the refused move" "$HMP" 'VM status: running'
c=$(qemu_count src)
qemu_wait_count src $((c + 2))
qemu_quit plain

echo "# the move"
QEMU_OPTS="$memopts $(qmp_opts dst) -incoming defer"
qemu_start dst vacctl exec b --
qemu_wait_qmp dst
echo "+ vac-move -j --shared --quit-source $(qemu_qmp src) $(qemu_qmp dst)"
out=$(vac-move -j --shared --quit-source "$(qemu_qmp src)" "$(qemu_qmp dst)")
rc=$?
echo "$out" | sed 's/^/  | /'
expect_eq "vac-move: exit status" $rc 0
for k in total_ms downtime_ms ram_kb setup_ms; do
	echo "$out" | jq -e ".$k | type == \"number\" and . >= 0" >/dev/null ||
		fail "vac-move -j: no number $k"
done
echo "$out" | jq -e '.shared == true' >/dev/null || fail "vac-move -j: shared is not true"
total=$(echo "$out" | jq .total_ms)
down=$(echo "$out" | jq .downtime_ms)
ram=$(echo "$out" | jq .ram_kb)
setup=$(echo "$out" | jq .setup_ms)
[ "$ram" -lt 1000 ] || fail "the shared-memory move sent $ram kB of RAM"
[ "$down" -le "$total" ] || fail "downtime $down ms > total time $total ms"
echo "ok: JSON figures: total $total ms, downtime $down ms, setup $setup ms, $ram kB of RAM sent"
[ ! -e "$(qemu_qmp dst).mig" ] || fail "migration socket $(qemu_qmp dst).mig left behind"

# --quit-source: the source QEMU is gone, and a runs no VM.
qemu_wait_exit src
expect_file_eq $sys/vms 0
expect_file_eq $sys/vcpus 0
c=$(qemu_count dst)
qemu_wait_count dst $((c + 3))
qemu_assert_continuous src dst
qemu_check_vm dst /sys/kernel/debug/kvm-b

# Instance a goes while the guest runs on b.
kvm_unload a
kvm_assert_gone a
c=$(qemu_count dst)
qemu_wait_count dst $((c + 3))
qemu_assert_continuous src dst
echo "ok: the guest runs on b with instance a unloaded"
note "vac-move: total $total ms, downtime $down ms, setup $setup ms, $ram kB RAM sent"

# The guest on b runs in the file the guest on a filled: a word changed in
# its high memory (page 1000 above 16 MiB) is what the guest's check of
# that memory, the one bench-move relies on, finds.
qemu_poke_memory dst $MEM $((0x1000000 + 1000 * 4096)) '\336\255\276\357' 013e8000

qemu_quit dst
assert_enable_counts 0
kvm_unload b
kvm_assert_gone b
kvm_assert_slabs_gone a
expect_file_eq /sys/kernel/vac/resources/svm_asid/used 0
kvm_quota_del a
kvm_quota_del b
