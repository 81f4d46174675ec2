#!/bin/sh
# QUOTA_EXHAUSTED, which any user of /dev/kvm-NAME can cause in a loop
# (here: vac_test_instance asking for a VPID beyond its quota), is
# recorded without allocating and coalesced per (instance, space): 5000
# refusals reach a subscriber that does not read as one message whose
# S_EXHAUSTED is the count of all of them, one that reads every 100
# refusals gets at most one message per read, nothing overflows, and
# vac.ko answers at once afterwards (vac-proto-test flood).  The harness
# fails the run on any WARNING.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
vac_load test_vpids=16
quota fl vpid=1 svm_asid=1
ti_load vac_test_instance fl
ti_ctl fl alloc vpid 1
run vac-proto-test flood
expect_file_eq "$VAC_SYSFS/instances/fl/vpid/exhausted" 10000
ti_ctl fl free vpid all
run rmmod vac_test_instance
run vacmsg del fl
hw_reset
