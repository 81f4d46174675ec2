#!/bin/sh
# vacctl set-quota / quota show / quota del / resource show, text and JSON,
# checked against sysfs; the kernel's refusals come back as one line with
# its extended-ack message and exit 2.
. /vac/tests/lib/common.inc
lib_setup

vc 0 -j resource show
cap=$(jqv .resources.svm_asid.capacity)
expect_eq "svm_asid capacity vs sysfs" "$cap" \
	"$(cat $VAC_SYSFS/resources/svm_asid/capacity)"
expect_eq "vpid capacity vs sysfs" "$(jqv .resources.vpid.capacity)" \
	"$(cat $VAC_SYSFS/resources/vpid/capacity)"
expect_eq "reserved at start" "$(jqv .resources.svm_asid.reserved)" 0
[ "$cap" -ge 4 ] || fail "svm_asid capacity $cap too small for this test"

vc 0 set-quota a svm_asid 3 vpid 0
vc 0 set-quota b svm_asid 1
vc 0 -j quota show
expect_eq "a svm_asid quota" "$(jqv .quotas.a.svm_asid.quota)" 3
expect_eq "a vpid quota" "$(jqv .quotas.a.vpid.quota)" 0
expect_eq "a state" "$(jqv .quotas.a.state)" configured
expect_eq "b svm_asid quota" "$(jqv .quotas.b.svm_asid.quota)" 1
expect_eq "b vpid quota (not given)" "$(jqv .quotas.b.vpid.quota)" 0
expect_eq "entries" "$(jqv '.quotas | keys | join(",")')" "a,b"

# Text output shows the same.
vc 0 quota show a
expect_match "text" "$OUT" "^a: state configured"
expect_match "text" "$OUT" "svm_asid +quota 3 used 0"

# Changing one space keeps the others.
vc 0 set-quota a vpid 0
vc 0 -j quota show a
expect_eq "a svm_asid kept" "$(jqv .quotas.a.svm_asid.quota)" 3
vc 0 set-quota a svm_asid 2
vc 0 set-quota a svm_asid 3

vc 0 -j resource show
expect_eq "svm_asid reserved" "$(jqv .resources.svm_asid.reserved)" 4
expect_eq "sysfs reserved" "$(cat $VAC_SYSFS/resources/svm_asid/reserved)" 4

# Refusals: kernel message, exit 2, one line.
vc 2 set-quota c svm_asid $((cap + 1))
one_line_error
expect_match "message" "$ERR" "^vacctl: set-quota: .*[a-z]"
vc 2 set-quota Bad! svm_asid 1
one_line_error
vc 2 quota show nosuch
one_line_error
vc 2 quota del nosuch
one_line_error

# A space this CPU lacks (no VMX under TCG: vpid capacity 0).
if [ "$(cat $VAC_SYSFS/resources/vpid/capacity)" = 0 ]; then
	vc 2 set-quota c vpid 5
	one_line_error
	expect_match "message" "$ERR" "vpid"
fi

# Unprivileged (group kvm): queries work, changes are refused by the kernel.
echo "+ (as vmm) vacctl quota show"
as_vmm vacctl quota show >/dev/null || fail "quota show as vmm"
echo "+ (as vmm) vacctl set-quota a svm_asid 1"
as_vmm vacctl set-quota a svm_asid 1 2>/tmp/np.err
rc=$?
cat /tmp/np.err
expect_eq "exit as vmm" "$rc" 2
expect_match "message" "$(cat /tmp/np.err)" "CAP_SYS_ADMIN|ermission|ermitted"

vc 0 quota del a
vc 0 quota del b
vc 0 -j quota show
expect_eq "entries after del" "$(jqv '.quotas | length')" 0
