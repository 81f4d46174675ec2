# SPDX-License-Identifier: GPL-2.0
#
# Intel (Bochs): kvm-intel-a and kvm-intel-b side by side on both CPUs, each
# with VMs whose vCPUs hold VPIDs from VAC.  While both run guests, the
# VPIDs each instance's vCPUs hold (debugfs kvm-NAME/vpids) are disjoint,
# as many as VAC accounts to it and within its quota; every guest check
# passes; when the VMs go, every VPID is given back (instance and VAC).
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

[ "$KVM_VENDOR" = intel ] || fail "needs VMX (run under Bochs)"
kvm_setup
kvm_quota a vpid 16
kvm_quota b vpid 16
kvm_load a
kvm_load b
[ -r /sys/kernel/debug/kvm-a/vpids ] || fail "no debugfs kvm-a/vpids"

rm -f /tmp/stop /tmp/pa /tmp/pb
vmm-test -d /dev/kvm-a -m 2 -c 2 -i 1 -w 20 -s /tmp/stop -p /tmp/pa -q > /tmp/a.out 2>&1 &
pa=$!
vmm-test -d /dev/kvm-b -m 1 -c 2 -i 1 -w 20 -s /tmp/stop -p /tmp/pb -q > /tmp/b.out 2>&1 &
pb=$!
while [ "$(cat /tmp/pa 2>/dev/null || echo 0)" = 0 ] ||
      [ "$(cat /tmp/pb 2>/dev/null || echo 0)" = 0 ]; do
	kill -0 $pa 2>/dev/null || { cat /tmp/a.out; fail "a's VMM exited"; }
	kill -0 $pb 2>/dev/null || { cat /tmp/b.out; fail "b's VMM exited"; }
	sleep 0.2
done
assert_enable_counts 2

ha=$(vpids a held) hb=$(vpids b held)
note "a holds VPIDs $ha, b holds $hb"
expect_eq "a's VPIDs (4 vCPUs)" "$(vpids a count)" 4
expect_eq "b's VPIDs (2 vCPUs)" "$(vpids b count)" 2
expect_eq "VAC's vpid used for a" "$(vac_used a vpid)" 4
expect_eq "VAC's vpid used for b" "$(vac_used b vpid)" 2
expect_file_eq /sys/kernel/vac/resources/vpid/used 6
for v in $(expand "$ha"); do
	case " $(expand "$hb") " in
	*" $v "*) fail "VPID $v held by both a and b" ;;
	esac
done
echo "ok: a's and b's VPIDs are disjoint"

touch /tmp/stop
wait $pa; ra=$?
wait $pb; rb=$?
cat /tmp/a.out /tmp/b.out
expect_eq "a's VMM exit status" $ra 0
expect_eq "b's VMM exit status" $rb 0
expect_eq "a's VPIDs after its VMs" "$(vpids a count)" 0
expect_eq "b's VPIDs after its VMs" "$(vpids b count)" 0
expect_file_eq /sys/kernel/vac/resources/vpid/used 0
assert_enable_counts 0
kvm_unload a
kvm_unload b
kvm_assert_gone a
kvm_assert_gone b
