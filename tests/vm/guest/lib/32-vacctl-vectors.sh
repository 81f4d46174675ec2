#!/bin/sh
# vacctl vector show against vac.ko's GET_VECTOR, with two live test
# instances, ta (vac_test_instance.ko) and tb (vac_test_instance2.ko):
# pmi and pi_wakeup active and routed to both in registration order,
# ga_log active but routed nowhere (no ga_vm_id quota); text and JSON
# agree; one vector by name; an unknown name refused with the kernel's
# message; -s counts of pi_wakeup go up by exactly one per wakeup IPI and
# equal the instances' own count; vacctl metrics has them; an instance
# that unloads leaves the routes.
. /vac/tests/lib/common.inc
lib_setup
have_module vac_test_instance && have_module vac_test_instance2 ||
	fail "vac_test_instance.ko / vac_test_instance2.ko not in $VAC_MODULES"

vc 0 set-quota ta svm_asid 2
vc 0 set-quota tb svm_asid 2
load_module vac_test_instance name=ta
load_module vac_test_instance2 name=tb

# block NAME: the text block of vector NAME in $OUT (its first line and
# the indented lines after it).
block() {
	printf '%s\n' "$OUT" |
		awk -v n="$1:" '/^[^ ]/ { p = $1 == n } p'
}
# vec NAME FILTER: jq FILTER on the object of vector NAME in $OUT.
vec() {
	jqv --arg v "$1" ".vectors[] | select(.name == \$v) | $2"
}
# pi_count INSTANCE: -s count of pi_wakeup for INSTANCE in $OUT.
pi_count() {
	jqv --arg i "$1" '.vectors[] | select(.name == "pi_wakeup") |
		.instances[] | select(.name == $i) | .count'
}
# ti_wakeups INSTANCE: the test instance's own count of wakeup calls.
ti_wakeups() {
	awk '$1 == "pi_wakeups" { print $2 }' \
		"/sys/kernel/debug/vac_test-$1/status"
}

# --- text ------------------------------------------------------------------
vc 0 vector show
expect_eq "vectors listed" "$(printf '%s\n' "$OUT" | grep -c '^[^ ]')" 3
expect_eq "pmi" "$(block pmi)" "pmi: state active vector 2
    instances: ta tb"
expect_match "pi_wakeup" "$(block pi_wakeup | head -n1)" \
	'^pi_wakeup: state active vector [0-9]+$'
expect_eq "pi_wakeup instances" "$(block pi_wakeup | sed -n 2,\$p)" \
	"    instances: ta tb"
expect_eq "ga_log" "$(block ga_log)" 'ga_log: state active'
case $OUT in *count*) fail "counts shown without -s" ;; esac
text=$OUT
vc 0 vector
expect_eq "vector = vector show" "$OUT" "$text"
vc 0 vec l
expect_eq "vec l = vector show" "$OUT" "$text"

# --- JSON ------------------------------------------------------------------
vc 0 -j vector show
expect_eq "JSON vectors" "$(jqv '.vectors | length')" 3
expect_eq "names" "$(jqv '[.vectors[].name] | join(",")')" "pmi,pi_wakeup,ga_log"
expect_eq "ids" "$(jqv '[.vectors[].id] | map(tostring) | join(",")')" "0,1,2"
expect_eq "pmi state" "$(vec pmi .state)" active
expect_eq "pmi vector" "$(vec pmi .vector)" 2
expect_eq "pmi instances" "$(vec pmi '[.instances[].name] | join(" ")')" "ta tb"
expect_eq "pi_wakeup state" "$(vec pi_wakeup .state)" active
expect_eq "pi_wakeup instances" \
	"$(vec pi_wakeup '[.instances[].name] | join(" ")')" "ta tb"
piv=$(vec pi_wakeup .vector)
expect_match "pi_wakeup vector" "$piv" '^[0-9]+$'
expect_match "pi_wakeup text vector" "$text" "^pi_wakeup: state active vector $piv\$"
expect_eq "ga_log state (VAC holds it on AMD)" "$(vec ga_log .state)" active
expect_eq "ga_log instances" "$(vec ga_log '.instances | length')" 0
expect_eq "ga_log has no vector" "$(vec ga_log 'has("vector")')" false
expect_eq "no count without -s" \
	"$(jqv '[.vectors[].instances[] | has("count")] | any')" false
# sysfs says the same, where the kernel has it.
for v in pmi pi_wakeup ga_log; do
	d=$VAC_SYSFS/vectors/$v
	[ -d "$d" ] || continue
	expect_eq "$v state vs sysfs" "$(vec $v .state)" "$(cat "$d/state")"
	expect_eq "$v vector vs sysfs" "$(vec $v '.vector // "none"')" \
		"$(cat "$d/vector")"
	expect_eq "$v instances vs sysfs" \
		"$(vec $v '[.instances[].name] | join(" ")')" \
		"$(cat "$d/instances")"
done

# --- one vector; an unknown one ----------------------------------------------
vc 0 vector show pi_wakeup
expect_eq "one vector" "$OUT" "$(printf '%s\n' "$text" |
	awk '/^[^ ]/ { p = $1 == "pi_wakeup:" } p')"
vc 0 -j vec sh pi_wakeup
expect_eq "one vector in JSON" "$(jqv '[.vectors[].name] | join(",")')" pi_wakeup
vc 2 vector show nosuch
one_line_error
expect_match "message" "$ERR" '^vacctl: vector show: .*nosuch'
vc 1 vector show pmi extra
one_line_error
vc 1 vector frob
one_line_error

# --- -s: one wakeup IPI, one call of each instance -----------------------------
vc 0 -s -j vector show
a0=$(pi_count ta)
b0=$(pi_count tb)
expect_match "ta count" "$a0" '^[0-9]+$'
expect_match "tb count" "$b0" '^[0-9]+$'
expect_eq "ta count vs its debugfs" "$a0" "$(ti_wakeups ta)"
expect_eq "tb count vs its debugfs" "$b0" "$(ti_wakeups tb)"
expect_match "pmi counts" "$(vec pmi '[.instances[].count] | map(tostring) | join(" ")')" \
	'^[0-9]+ [0-9]+$'
echo "+ echo pi_kick > /sys/kernel/debug/vac_test-ta/ctl"
echo pi_kick >/sys/kernel/debug/vac_test-ta/ctl || fail "pi_kick refused"
vc 0 -s -j vector show
a1=$(pi_count ta)
b1=$(pi_count tb)
expect_eq "ta wakeups added" $((a1 - a0)) 1
expect_eq "tb wakeups added" $((b1 - b0)) 1
expect_eq "ta count vs its debugfs" "$a1" "$(ti_wakeups ta)"
expect_eq "tb count vs its debugfs" "$b1" "$(ti_wakeups tb)"
vc 0 -s vector show pi_wakeup
expect_eq "text -s" "$(printf '%s\n' "$OUT" | sed 1d)" "    instances: ta tb
    ta: count $a1
    tb: count $b1"
vc 0 metrics
expect_match "metrics ta" "$OUT" \
	"^vac_vector_events_total\\{vector=\"pi_wakeup\",instance=\"ta\"\\} $a1\$"
expect_match "metrics tb" "$OUT" \
	"^vac_vector_events_total\\{vector=\"pi_wakeup\",instance=\"tb\"\\} $b1\$"
expect_match "metrics type" "$OUT" '^# TYPE vac_vector_events_total counter$'

# --- an instance unloads: its routes go ------------------------------------------
unload_module vac_test_instance2
vc 0 vector show pi_wakeup
expect_eq "pi_wakeup after tb" "$(printf '%s\n' "$OUT" | sed 1d)" "    instances: ta"
vc 0 -j vector show
expect_eq "pmi after tb" "$(vec pmi '[.instances[].name] | join(" ")')" ta
expect_eq "pi_wakeup after tb" \
	"$(vec pi_wakeup '[.instances[].name] | join(" ")')" ta
unload_module vac_test_instance
vc 0 -j vector show
expect_eq "vectors without instances" "$(jqv '.vectors | length')" 3
expect_eq "routes without instances" \
	"$(jqv '[.vectors[].instances | length] | add')" 0
expect_eq "pmi still held" "$(vec pmi .state)" active
vc 0 quota del ta
vc 0 quota del tb
echo "ok: vector show"
