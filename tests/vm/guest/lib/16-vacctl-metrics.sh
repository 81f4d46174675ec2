#!/bin/sh
# vacctl metrics: Prometheus' text format, checked line by line (HELP and
# TYPE before each family's samples, every family in one piece, samples
# "name{label="v",...} N"), with values equal to sysfs and the quotas:
# a live test instance a and a configured-only entry b.
. /vac/tests/lib/common.inc
lib_setup

have_module vac_test_instance || fail "vac_test_instance.ko missing"
vc 0 quota set a svm_asid 2
vc 0 quota set b svm_asid 1
load_module vac_test_instance name=a
vc 0 metrics
printf '%s\n' "$OUT" >/tmp/metrics.prom

bad=$(awk '
	/^# HELP [a-z_]+ .+$/ { help[$3] = 1; next }
	/^# TYPE [a-z_]+ (gauge|counter)$/ {
		if (!($3 in help)) { print NR ": TYPE before HELP: " $0; exit }
		if ($3 in done) { print NR ": family " $3 " again"; exit }
		if (cur != "") done[cur] = 1
		cur = $3; typed[$3] = 1; next
	}
	/^[a-z_]+\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\} [0-9]+$/ {
		name = substr($0, 1, index($0, "{") - 1)
		if (name != cur) { print NR ": sample of " name " outside its family"; exit }
		next
	}
	{ print NR ": bad line: " $0; exit }' /tmp/metrics.prom)
[ -z "$bad" ] || fail "metrics format: $bad"
echo "ok: every line is HELP, TYPE or a sample of the family it follows"

# sample NAME LABELS: the value of the sample NAME{LABELS}.
sample() {
	grep -F "$1{$2} " /tmp/metrics.prom | awk '{ print $2 }'
}
expect_eq "capacity" "$(sample vac_space_capacity 'space="svm_asid"')" \
	"$(cat $VAC_SYSFS/resources/svm_asid/capacity)"
expect_eq "reserved" "$(sample vac_space_reserved 'space="svm_asid"')" 3
expect_eq "used" "$(sample vac_space_used 'space="svm_asid"')" \
	"$(cat $VAC_SYSFS/resources/svm_asid/used)"
expect_eq "quota a" "$(sample vac_quota 'instance="a",space="svm_asid"')" 2
expect_eq "quota b" "$(sample vac_quota 'instance="b",space="svm_asid"')" 1
expect_eq "a live" "$(sample vac_instance_live 'instance="a"')" 1
expect_eq "b live" "$(sample vac_instance_live 'instance="b"')" 0
expect_eq "a draining" "$(sample vac_instance_draining 'instance="a"')" 0
expect_eq "a vms" "$(sample vac_instance_vms 'instance="a"')" \
	"$(cat $VAC_SYSFS/instances/a/vms)"
grep -q '^# TYPE vac_quota_exhausted_total counter$' /tmp/metrics.prom ||
	fail "vac_quota_exhausted_total is not a counter"
info=$(grep '^vac_instance_info{' /tmp/metrics.prom)
expect_eq "info" "$info" \
	"vac_instance_info{instance=\"a\",version=\"$(cat $VAC_SYSFS/instances/a/version)\",srcversion=\"$(cat $VAC_SYSFS/instances/a/srcversion)\"} 1"

vc 0 instance drain a
vc 0 metrics
printf '%s\n' "$OUT" >/tmp/metrics.prom
expect_eq "a draining" "$(sample vac_instance_draining 'instance="a"')" 1
vc 1 -j metrics
one_line_error
unload_module vac_test_instance
vc 0 quota del a
vc 0 quota del b
echo "ok: metrics agree with sysfs and the quotas"
