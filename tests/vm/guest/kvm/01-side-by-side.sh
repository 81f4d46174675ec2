# SPDX-License-Identifier: GPL-2.0
#
# Two KVM instances, kvm-amd-a and kvm-amd-b, loaded side by side on vac:
# each has its own device, debugfs directory, slab caches, trace systems
# (kvm_a:kvm_exit traces a's guests, not b's) and a disjoint ASID range; guests run on both at the same time, several
# VMs and vCPUs each, and every check of vmm-test passes; every ASID their
# vCPUs ran with is inside their range; unloading leaves nothing behind and
# the per-CPU enable counts go back to zero.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

kvm_setup
kvm_quota a svm_asid 7
kvm_quota b svm_asid 7
kvm_load a
kvm_load b

for n in a b; do
	[ -d /sys/kernel/debug/kvm-$n ] || fail "no debugfs kvm-$n"
	grep -q "^kvm_vcpu-$n " /proc/slabinfo || fail "no slab cache kvm_vcpu-$n"
	[ -d $TRACEFS/events/kvm_$n/kvm_entry ] || fail "no trace event kvm_$n:kvm_entry"
	[ -d $TRACEFS/events/kvmmmu_$n ] || fail "no trace system kvmmmu_$n"
	expect_eq "instance $n state" "$(cat /sys/kernel/vac/instances/$n/state)" live
done
expect_ne "minor of kvm-a vs kvm-b" "$(stat -c %T /dev/kvm-a)" "$(stat -c %T /dev/kvm-b)"
# Nothing registered twice: the second load would have warned (the harness
# fails on any kernel warning) and these would be missing.
kmsg_has "Could not create tracefs" && fail "tracefs collision"

# Idle: nobody holds virtualization yet.
assert_enable_counts 0

# Trace events are per instance: kvm_a:kvm_exit sees a's guests only.
echo 0 > $TRACEFS/tracing_on
echo > $TRACEFS/trace
echo 1 > $TRACEFS/events/kvm_a/kvm_exit/enable
echo 1 > $TRACEFS/tracing_on
run vmm-test -d /dev/kvm-b -m 1 -c 1 -i 2 -q
n=$(grep -c "kvm_exit:" $TRACEFS/trace)
expect_eq "kvm_a:kvm_exit events while only b ran guests" "$n" 0
run vmm-test -d /dev/kvm-a -m 1 -c 1 -i 2 -q
n=$(grep -c "kvm_exit:" $TRACEFS/trace)
[ "$n" -gt 0 ] || fail "no kvm_a:kvm_exit event while a ran guests"
echo "ok: $n kvm_a:kvm_exit events while a ran guests"
echo 0 > $TRACEFS/events/kvm_a/kvm_exit/enable
echo > $TRACEFS/trace

run vmm-test -d /dev/kvm-a -m 3 -c 2 -i 20 -q > /tmp/a.out 2>&1 &
pa=$!
run vmm-test -d /dev/kvm-b -m 3 -c 2 -i 20 -q > /tmp/b.out 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
cat /tmp/a.out /tmp/b.out
expect_eq "vmm-test on kvm-a" $ra 0
expect_eq "vmm-test on kvm-b" $rb 0

ra=$(kvm_assert_asids a) || exit 1
rb=$(kvm_assert_asids b) || exit 1
set -- $ra $rb
if [ "$2" -ge "$3" ] && [ "$4" -ge "$1" ]; then
	fail "ASID ranges overlap: a $1-$2, b $3-$4"
fi
echo "ok: ASID ranges a $1-$2 and b $3-$4 are disjoint"

# The VMs are gone: the instances dropped their enable references.
assert_enable_counts 0

kvm_unload b
kvm_assert_gone b
kvm_unload a
kvm_assert_gone a
expect_file_eq /sys/kernel/vac/resources/svm_asid/used 0
assert_enable_counts 0
