#!/bin/sh
# Live instances (vac_test_instance.ko registered as "a" and "b"):
# instance show with the ranges of both range spaces (svm_asid, ga_vm_id),
# instance-up events, refusals while live, pending range sizes, libvac's
# choice of instance, and vacctl exec's error paths.
. /vac/tests/lib/common.inc
lib_setup
have_module vac_test_instance && have_module vac_test_instance2 ||
	fail "vac_test_instance.ko / vac_test_instance2.ko not in $VAC_MODULES"

vc 0 set-quota a svm_asid 3
vc 0 set-quota b svm_asid 5
# ga_vm_id is carved like svm_asid; b has none (quota 0, no range).
[ "$(cat $VAC_SYSFS/resources/ga_vm_id/capacity)" -ge 4 ] ||
	fail "ga_vm_id capacity too small for this test"
vc 0 quota set a ga_vm_id 4

vacctl -j monitor count 2 >/tmp/up.json 2>/tmp/up.err &
mon=$!
i=0
until grep -q "monitoring events" /tmp/up.err; do
	i=$((i + 1)); [ $i -lt 300 ] || fail "monitor did not start"; sleep 0.1
done
load_module vac_test_instance name=a
load_module vac_test_instance2 name=b
wait $mon
expect_eq "monitor exit" "$?" 0
OUT=$(cat /tmp/up.json)
expect_eq "instance-up events" "$(jqv '.event + " " + .name' | tr '\n' ,)" \
	"instance-up a,instance-up b,"

vc 0 -j instance show
expect_eq "instances" "$(jqv '.instances | keys | join(",")')" "a,b"
expect_eq "a state" "$(jqv .instances.a.state)" live
af=$(jqv .instances.a.svm_asid.range_first)
al=$(jqv .instances.a.svm_asid.range_last)
bf=$(jqv .instances.b.svm_asid.range_first)
bl=$(jqv .instances.b.svm_asid.range_last)
expect_eq "a range size" $((al - af + 1)) 3
expect_eq "b range size" $((bl - bf + 1)) 5
[ "$al" -lt "$bf" ] || [ "$bl" -lt "$af" ] ||
	fail "ranges overlap: a $af-$al, b $bf-$bl"
echo "ok: ranges a $af-$al, b $bf-$bl are disjoint"
expect_eq "a used" "$(jqv .instances.a.svm_asid.used)" 3
gf=$(jqv .instances.a.ga_vm_id.range_first)
gl=$(jqv .instances.a.ga_vm_id.range_last)
expect_eq "a ga_vm_id range size" $((gl - gf + 1)) 4
expect_eq "a ga_vm_id range vs sysfs" "$gf-$gl" \
	"$(cat $VAC_SYSFS/instances/a/ga_vm_id/range_first)-$(cat $VAC_SYSFS/instances/a/ga_vm_id/range_last)"
expect_eq "a ga_vm_id used" "$(jqv .instances.a.ga_vm_id.used)" 4
expect_eq "b ga_vm_id without range" \
	"$(jqv '.instances.b.ga_vm_id | has("range_first")')" false
expect_eq "sysfs state of a" "$(cat $VAC_SYSFS/instances/a/state)" live
vc 0 instance show a
expect_match "text" "$OUT" "^a: state live"
expect_match "text range" "$OUT" "svm_asid +quota 3 used 3 range $af-$al"
expect_match "text ga_vm_id range" "$OUT" \
	"ga_vm_id +quota 4 used 4 range $gf-$gl"

vc 0 -j resource show
expect_eq "svm_asid used" "$(jqv .resources.svm_asid.used)" 8
expect_eq "ga_vm_id used" "$(jqv .resources.ga_vm_id.used)" 4

# Refused while live.
vc 2 quota del a
one_line_error

# A new range size while live is pending until the next registration.
vc 0 set-quota a svm_asid 2
vc 0 -j quota show a
expect_eq "a quota in force" "$(jqv .quotas.a.svm_asid.quota)" 3
expect_eq "a pending" "$(jqv .quotas.a.svm_asid.pending)" 2
vc 0 quota show a
expect_match "text pending" "$OUT" "quota 3 pending 2"
vc 0 quota set a ga_vm_id 8
vc 0 -j quota show a
expect_eq "a ga_vm_id in force" "$(jqv .quotas.a.ga_vm_id.quota)" 4
expect_eq "a ga_vm_id pending" "$(jqv .quotas.a.ga_vm_id.pending)" 8
vc 0 quota show a
expect_match "text ga_vm_id pending" "$OUT" \
	"ga_vm_id +quota 4 pending 8 used 4 range $gf-$gl"

# libvac: the live instance with the most headroom (largest range) is b.
echo "+ libvac-vmtest choose 1"
got=$(libvac-vmtest choose 1) || fail "choose failed"
expect_eq "chosen instance" "$got" b

# vacctl exec error paths (this stand-in instance has no /dev/kvm-a).
echo "+ (as nobody) vacctl exec a -- true"
as_nobody vacctl exec a -- true 2>/tmp/x.err
expect_eq "exit as nobody" "$?" 3
expect_match "message" "$(cat /tmp/x.err)" "must be run as root"
vc 2 exec nosuch -- true
one_line_error
expect_match "message" "$ERR" "instance nosuch is not live"
if [ ! -e /dev/kvm-a ]; then
	vc 3 exec a -- true
	one_line_error
	expect_match "message" "$ERR" "/dev/kvm-a: No such file or directory"
fi
vc 1 exec BAD -- true

unload_module vac_test_instance2
unload_module vac_test_instance
vc 0 -j instance show
expect_eq "no instance left" "$(jqv '.instances | length')" 0
vc 0 -j quota show a
expect_eq "a configured" "$(jqv .quotas.a.state)" configured
expect_eq "pending applied after unload" "$(jqv .quotas.a.svm_asid.pending)" 2
expect_eq "ga_vm_id pending applied after unload" \
	"$(jqv .quotas.a.ga_vm_id.quota)-$(jqv .quotas.a.ga_vm_id.pending)" 8-8
vc 0 quota del a
vc 0 quota del b
