# SPDX-License-Identifier: GPL-2.0
#
# An instance with its own code: c is built from the series plus the extra
# patch of tests/kvm-instance/c (no halt-polling by default), the way a
# KVM fix is deployed as a new instance (docs/kvm-instance.md).  Loaded
# beside a and b, c says what it is (version, description, srcversion),
# the patch's effect shows (c's halt_poll_ns is 0, a's and b's the
# x86 default), and Debian's QEMU runs a guest on each of the three.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/lib-qemu

qemu_require
kvm_setup
for n in a b c; do
	kvm_quota $n svm_asid 5
done
for n in a b c; do
	kvm_load $n
done

# Identity: a and b are the same build, c is that build plus its patch.
ver() { cat "/sys/kernel/vac/instances/$1/version"; }
expect_eq "version of b" "$(ver b)" "$(ver a)"
expect_match "version of c" "$(ver c)" "^$(ver a | sed 's/[.+]/\\&/g')\\+extra\\.[0-9a-f]{12}\$"
src() { cat "/sys/kernel/vac/instances/$1/srcversion"; }
[ "$(src c)" != "$(src a)" ] || fail "c has a's srcversion $(src a)"
desc=$(modinfo -F description "$(find /lib/modules -name kvm-amd-c.ko)")
expect_match "description of c" "$desc" 'VAC.s patch series [0-9a-f]{12} plus 1 extra patch [0-9a-f]{12}$'
show=$(vacctl -j instance show)
echo "$show"
for n in a b c; do
	expect_match "vacctl -j instance show" "$show" "\"version\": *\"$(ver $n | sed 's/[.+]/\\&/g')\""
done
echo "ok: c is a's build plus one extra patch, and says so"

# The patch's effect.
hp() { cat "/sys/module/$(kvm_mod "$1")/parameters/halt_poll_ns"; }
expect_eq "halt_poll_ns of a" "$(hp a)" 200000
expect_eq "halt_poll_ns of b" "$(hp b)" 200000
expect_eq "halt_poll_ns of c" "$(hp c)" 0
echo "ok: c runs its own code (halt_poll_ns 0; a and b 200000)"

# Guests on all three at once.
for n in a b c; do
	qemu_start $n vacctl exec $n --
done
for n in a b c; do
	qemu_wait_count $n 2
done
for n in a b c; do
	qemu_check_vm $n /sys/kernel/debug/kvm-$n
	expect_file_eq /sys/kernel/vac/instances/$n/vms 1
	c=$(qemu_count $n)
	qemu_wait_count $n $((c + 2))
done
for n in a b c; do
	qemu_assert_continuous $n
done
echo "ok: a guest runs on each of a, b and c"

for n in a b c; do
	qemu_quit $n
done
for n in a b c; do
	expect_file_eq /sys/kernel/vac/instances/$n/vms 0
	kvm_unload $n
	kvm_assert_gone $n
done
expect_file_eq /sys/kernel/vac/resources/svm_asid/used 0
for n in a b c; do
	kvm_quota_del $n
done
