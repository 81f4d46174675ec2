#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The AMD IOMMU GA log, routed by VM ID: every instance gets its own range
# of the ga_vm_id space (AVIC VM IDs), and VAC's one GA-log notifier hands
# each logged GA tag to the instance whose range holds the tag's VM ID.
#
# QEMU's emulated CPU has no AVIC and no AMD IOMMU, so nothing here logs a
# real GA tag: /sys/kernel/debug/vac/ga_log routes a written tag exactly
# as the IOMMU driver's interrupt thread would (vac_ga_log.c).  A GA tag
# is the VM ID above the vCPU ID, which has 9 bits on this kernel (KVM's
# AVIC_VM_ID_SHIFT, from AVIC_PHYSICAL_MAX_INDEX_MASK).
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

R=/sys/kernel/vac/resources/ga_vm_id
I=/sys/kernel/vac/instances
INJ=/sys/kernel/debug/vac/ga_log

# tag VM_ID VCPU_ID
tag() {
	echo $((($1 << 9) | $2))
}

# route TAG: write it; prints the write's outcome ("ok" or its error).
route() {
	if echo "$1" 2>/tmp/ga.err >$INJ; then
		echo ok
	else
		sed 's/.*: //' /tmp/ga.err
	fi
}

hw_reset
[ -d /sys/kernel/debug/vac ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
vac_load
expect_eq "ga_vm_id capacity" "$(cat $R/capacity)" 65535
expect_eq "ga_vm_id first" "$(cat $R/first)" 1
[ -w $INJ ] || fail "no $INJ"
expect_eq "ga_log vector state" "$(cat /sys/kernel/vac/vectors/ga_log/state)" active

quota ta svm_asid=2 ga_vm_id=16
quota tb svm_asid=2 ga_vm_id=8
quota tc svm_asid=2
expect_eq "reserved" "$(cat $R/reserved)" 24
ti_load vac_test_instance ta
ti_load vac_test_instance2 tb
a1=$(ti_stat ta ga_vm_id_first) a2=$(ti_stat ta ga_vm_id_last)
b1=$(ti_stat tb ga_vm_id_first) b2=$(ti_stat tb ga_vm_id_last)
note "ta: VM IDs $a1-$a2, tb: $b1-$b2"
expect_eq "ta's range size" $((a2 - a1 + 1)) 16
expect_eq "tb's range size" $((b2 - b1 + 1)) 8
[ "$a2" -lt "$b1" ] || [ "$b2" -lt "$a1" ] || fail "ranges overlap"
expect_eq "ta's range in sysfs" \
	"$(cat $I/ta/ga_vm_id/range_first)-$(cat $I/ta/ga_vm_id/range_last)" \
	"$a1-$a2"
expect_eq "used" "$(cat $R/used)" 24
expect_eq "ga_log instances" \
	"$(cat /sys/kernel/vac/vectors/ga_log/instances)" "ta tb"

note "a tag of ta's first VM ID goes to ta, whatever its vCPU"
expect_eq "route ta first" "$(route "$(tag "$a1" 5)")" ok
expect_eq "ta's GA-log entries" "$(ti_stat ta ga_logs)" 1
expect_eq "ta got the tag" "$(ti_stat ta ga_log_last)" \
	"$(printf '0x%x' "$(tag "$a1" 5)")"
expect_eq "tb's GA-log entries" "$(ti_stat tb ga_logs)" 0
expect_eq "route ta last, vCPU 511" "$(route "$(tag "$a2" 511)")" ok
expect_eq "ta's GA-log entries" "$(ti_stat ta ga_logs)" 2

note "tb's range goes to tb"
expect_eq "route tb first" "$(route "$(tag "$b1" 0)")" ok
expect_eq "route tb last" "$(route "$(tag "$b2" 1)")" ok
expect_eq "tb's GA-log entries" "$(ti_stat tb ga_logs)" 2
expect_eq "ta's GA-log entries" "$(ti_stat ta ga_logs)" 2
expect_eq "ta's count in sysfs" "$(cat $I/ta/vectors/ga_log)" 2
expect_eq "tb's count in sysfs" "$(cat $I/tb/vectors/ga_log)" 2

note "vacctl shows the routes and counts"
out=$(vacctl -s vector show) || fail "vacctl vector show"
echo "$out" | sed 's/^/  | /'
expect_eq "vacctl -s vector show ga_log" "$(vacctl -s vector show ga_log)" \
"ga_log: state active
    instances: ta tb
    ta: count 2
    tb: count 2"

note "a VM ID nobody holds reaches nobody, and says so"
out=$(route "$(tag $((b2 + 1)) 0)")
case $out in
*"No such file"*) echo "ok: refused: $out" ;;
*) fail "tag past tb's range: $out" ;;
esac
dmesg | grep -q "which no instance holds" || fail "no message for the unrouted tag"
expect_eq "route VM ID 0" "$(route "$(tag 0 3)" | grep -c "No such file")" 1
expect_eq "nobody got them" "$(($(ti_stat ta ga_logs) + $(ti_stat tb ga_logs)))" 4

note "an instance without a ga_vm_id quota gets no range and no entry"
unload_module vac_test_instance2
ti_load vac_test_instance2 tc
expect_eq "tc's range" "$(ti_stat tc ga_vm_id_first)-$(ti_stat tc ga_vm_id_last)" 0-0
expect_eq "ga_log instances" \
	"$(cat /sys/kernel/vac/vectors/ga_log/instances)" ta
out=$(route "$(tag "$b1" 0)")
case $out in
*"No such file"*) echo "ok: tb's old range reaches nobody: $out" ;;
*) fail "tag of tb's old range: $out" ;;
esac
expect_eq "tc's GA-log entries" "$(ti_stat tc ga_logs)" 0

note "ta gone: its range reaches nobody"
unload_module vac_test_instance
out=$(route "$(tag "$a1" 0)")
case $out in
*"No such file"*) echo "ok: $out" ;;
*) fail "tag of ta's range after unload: $out" ;;
esac
unload_module vac_test_instance2
vac_unload
