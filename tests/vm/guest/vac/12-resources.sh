#!/bin/sh
# GET_RESOURCES reports every space, and agrees with
# /sys/kernel/vac/resources/SPACE/*.
. /vac/tests/lib.sh

vac_load
out=$(vacmsg resources) || fail "resources: $out"
echo "$out"
for s in vpid svm_asid sev_asid sev_es_asid ga_vm_id; do
	for f in first capacity reserved used free; do
		v=$(echo "$out" | tr ' ' '\n' | sed -n "s/^$s\.$f=//p")
		[ -n "$v" ] || fail "no $s.$f in the reply"
		expect_file_eq $VAC_SYSFS/resources/$s/$f "$v"
	done
	cap=$(cat $VAC_SYSFS/resources/$s/capacity)
	used=$(cat $VAC_SYSFS/resources/$s/used)
	expect_eq "$s free" "$(cat $VAC_SYSFS/resources/$s/free)" \
		$((cap - used))
done
# TCG's SVM: NASID 16, no SEV: svm_asid 1..15, the rest absent.
if grep -qw svm /proc/cpuinfo; then
	expect_file_eq $VAC_SYSFS/resources/svm_asid/capacity 15
	expect_file_eq $VAC_SYSFS/resources/svm_asid/first 1
	expect_file_eq $VAC_SYSFS/resources/sev_asid/capacity 0
fi
