#!/bin/sh
# svm_asid quotas below vac.svm_asid_min_range (default 4) are refused
# with a message: each wrap of an instance's range flushes every ASID of
# the CPU, the other instances' too, and a range of N wraps once per N new
# ASIDs (docs/tag-handover.md).  0 (an instance for SEV guests only) and
# sizes from the floor up are accepted; the parameter moves the floor.
. /vac/tests/lib.sh

vac_unload
load_module vac
expect_file_eq /sys/module/vac/parameters/svm_asid_min_range 4
for n in 1 3; do
	out=$(vacmsg set fl svm_asid=$n)
	expect_match "svm_asid=$n" "$out" \
		"^ERROR .*error=-22 .*msg=\"svm_asid quota $n is below the minimum range of 4\""
done
[ ! -e $VAC_SYSFS/instances/fl ] || fail "a refused quota created entry fl"
run vacmsg set fl svm_asid=4
expect_file_eq $VAC_SYSFS/instances/fl/svm_asid/quota 4
run vacmsg set fl svm_asid=0
expect_file_eq $VAC_SYSFS/instances/fl/svm_asid/quota 0
out=$(vacmsg set fl svm_asid=2)
expect_match "shrinking below the floor" "$out" '^ERROR .*error=-22 '
expect_file_eq $VAC_SYSFS/instances/fl/svm_asid/quota 0
run vacmsg del fl

vac_unload
load_module vac svm_asid_min_range=6
out=$(vacmsg set fl svm_asid=5)
expect_match "floor of 6" "$out" 'msg="svm_asid quota 5 is below the minimum range of 6"'
run vacmsg set fl svm_asid=6
run vacmsg del fl
vac_unload
