#!/bin/sh
# SET_QUOTA / GET_QUOTA / DEL_QUOTA life cycle, with the sysfs directory of
# the entry appearing and vanishing, and reserved sums following.
. /vac/tests/lib.sh

vac_load
R=$VAC_SYSFS/resources/svm_asid
I=$VAC_SYSFS/instances/qa
res0=$(cat $R/reserved)
[ -e $I ] && fail "$I exists before the test"

run vacmsg -a set qa svm_asid=3
[ -d $I ] || fail "$I not created by SET_QUOTA"
expect_file_eq $I/state configured
expect_file_eq $I/svm_asid/quota 3
expect_file_eq $I/svm_asid/pending 3
expect_file_eq $I/svm_asid/used 0
expect_file_eq $R/reserved $((res0 + 3))
for f in range_first range_last pending; do
	[ -e $I/vpid/$f ] && fail "vpid/$f exists (svm_asid only)"
done
for f in quota used exhausted; do
	[ -f $I/vpid/$f ] || fail "vpid/$f missing"
done

out=$(vacmsg get qa) || fail "get: $out"
echo "$out"
expect_match "get" "$out" '^GET_QUOTA .* name=qa state=configured '
expect_match "get svm_asid" "$out" ' svm_asid\.quota=3 '
expect_match "get svm_asid used" "$out" ' svm_asid\.used=0 '
expect_match "get svm_asid pending" "$out" ' svm_asid\.pending=3 '
expect_match "get vpid" "$out" ' vpid\.quota=0 '

run vacmsg set qa svm_asid=5
expect_file_eq $I/svm_asid/quota 5
expect_file_eq $R/reserved $((res0 + 5))
out=$(vacmsg get qa)
expect_match "after change" "$out" 'svm_asid\.quota=5'

# GET_INSTANCE: the entry is not a loaded instance.
out=$(vacmsg inst qa)
expect_match "inst qa" "$out" 'error=-2 .*msg="instance qa is not loaded"'

run vacmsg -a del qa
[ -e $I ] && fail "$I left after DEL_QUOTA"
expect_file_eq $R/reserved "$res0"
out=$(vacmsg get qa)
expect_match "get after del" "$out" '^ERROR .*error=-2 '
true
