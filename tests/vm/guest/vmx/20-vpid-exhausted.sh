# SPDX-License-Identifier: GPL-2.0
#
# Intel (Bochs): an instance whose vpid quota is smaller than its vCPUs.
# As stock KVM does when its VPID bitmap is full, the vCPUs beyond the
# quota run without a VPID (VPID 0: a flush on every VM entry and exit)
# and their guests still pass every check; unlike stock it is not silent:
# VAC logs it once and counts it (instances/NAME/vpid/exhausted), and a
# /dev/vac subscriber gets QUOTA_EXHAUSTED.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

[ "$KVM_VENDOR" = intel ] || fail "needs VMX (run under Bochs)"
kvm_setup
kvm_quota b vpid 2
kvm_load b

vacctl -j monitor count 1 > /tmp/mon.out 2>/tmp/mon.err &
mon=$!
until grep -q "monitoring events" /tmp/mon.err 2>/dev/null; do
	kill -0 $mon 2>/dev/null || { cat /tmp/mon.err; fail "vacctl monitor died"; }
	sleep 0.1
done
run vmm-test -d /dev/kvm-b -m 1 -c 4 -i 5 -q
expect_eq "b's VPIDs after its VM" "$(vpids b count)" 0
n=$(cat /sys/kernel/vac/instances/b/vpid/exhausted)
[ "$n" -ge 2 ] || fail "vpid/exhausted is $n, want >= 2 (two vCPUs beyond the quota)"
echo "ok: vpid/exhausted = $n"
kmsg_has "vac: instance b: no vpid left \(quota reached\): vCPUs run without a VPID" ||
	fail "no message about b's VPID quota"
[ "$(dmesg | grep -c 'instance b: no vpid left')" = 1 ] ||
	fail "the quota message was not logged once"
wait $mon
cat /tmp/mon.out
expect_eq "event" "$(jq -r .event /tmp/mon.out)" quota-exhausted
expect_eq "event's instance" "$(jq -r .name /tmp/mon.out)" b
expect_eq "event's space" "$(jq -r .space /tmp/mon.out)" vpid
kvm_unload b
kvm_assert_gone b
