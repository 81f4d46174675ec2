#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Allocation to quota exhaustion through the in-kernel API: vac_vpid_alloc()
# returns 0 once the quota is used up (KVM then runs without a VPID), the
# broker counts the refusals (instances/NAME/vpid/exhausted) and VAC says
# so once in dmesg; frees give the tags back; tags an instance still holds
# when it unloads are released.  The TCG guest has no VMX and no SEV, so
# vac.ko's test_vpids parameter offers VPIDs that no hardware uses.  SEV
# allocations fail cleanly (no such ASIDs here).
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

iv() {
	cat "$VAC_SYSFS/instances/$1/$2/$3"
}
rv() {
	cat "$VAC_SYSFS/resources/$1/$2"
}

hw_reset
vac_load test_vpids=64
expect_eq "vpid capacity" "$(rv vpid capacity)" 64
quota ta vpid=5 svm_asid=2
quota tb vpid=59 svm_asid=2
ti_load vac_test_instance ta
ti_load vac_test_instance2 tb

note "ta allocates past its quota"
ti_ctl ta alloc vpid 8
expect_eq "ta last_alloc" "$(ti_stat ta last_alloc)" 5
expect_eq "ta last_err (0 returned: -EDQUOT)" "$(ti_stat ta last_err)" -122
expect_eq "ta vpid used" "$(iv ta vpid used)" 5
expect_eq "ta vpid exhausted" "$(iv ta vpid exhausted)" 1
expect_eq "vpid used" "$(rv vpid used)" 5
ti_ctl ta alloc vpid 1
expect_eq "ta last_alloc" "$(ti_stat ta last_alloc)" 0
expect_eq "ta vpid exhausted" "$(iv ta vpid exhausted)" 2
expect_eq "exhaustion logged once" \
	"$(kmsg_count 'vac: instance ta: no vpid left \(quota reached\)')" 1

note "tb fills the rest of the space"
ti_ctl tb alloc vpid 100
expect_eq "tb last_alloc" "$(ti_stat tb last_alloc)" 59
expect_eq "vpid used" "$(rv vpid used)" 64
expect_eq "vpid free" "$(rv vpid free)" 0

note "frees"
ti_ctl ta free vpid 2
expect_eq "ta vpid used" "$(iv ta vpid used)" 3
expect_eq "vpid free" "$(rv vpid free)" 2
ti_ctl ta alloc vpid 2
expect_eq "ta realloc" "$(ti_stat ta last_alloc)" 2
ti_ctl ta free vpid all
expect_eq "ta vpid used" "$(iv ta vpid used)" 0

note "raise ta's quota while live"
ti_ctl tb free vpid 9
quota tb vpid=50
quota ta vpid=14
ti_ctl ta alloc vpid 20
expect_eq "ta last_alloc" "$(ti_stat ta last_alloc)" 14

note "no SEV in this guest"
ti_ctl ta alloc sev 1
expect_eq "sev last_alloc" "$(ti_stat ta last_alloc)" 0
expect_ne "sev last_err" "$(ti_stat ta last_err)" 0
ti_ctl ta alloc sev_es 1
expect_eq "sev_es last_alloc" "$(ti_stat ta last_alloc)" 0

note "tags still held at unload are released"
unload_module vac_test_instance2
kmsg_has 'vac: instance tb unregistered holding 50 vpid tags; released' ||
	fail "no message for tb's leftover VPIDs"
expect_eq "vpid used" "$(rv vpid used)" 14
unload_module vac_test_instance
expect_eq "vpid used" "$(rv vpid used)" 0
vac_unload
