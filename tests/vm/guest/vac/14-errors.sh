#!/bin/sh
# Error answers of well-formed requests: errno, text and offset.
. /vac/tests/lib.sh

vac_load
out=$(vacmsg get nosuch)
expect_match "get nosuch" "$out" '^ERROR .*error=-2 .*msg="[^"]+" offs=16'
out=$(vacmsg del nosuch)
expect_match "del nosuch" "$out" '^ERROR .*error=-2 .*msg="[^"]+"'
out=$(vacmsg set Bad-Name svm_asid=1)
expect_match "bad name" "$out" '^ERROR .*error=-22 .*msg="[^"]+" offs=16'
out=$(vacmsg set -- -x svm_asid=1)
expect_match "name starting with -" "$out" '^ERROR .*error=-22'
out=$(vacmsg set toolong567890123 svm_asid=1)
expect_match "16-character name" "$out" '^ERROR .*error=-22'
out=$(vacmsg set big svm_asid=100000)
expect_match "quota beyond capacity" "$out" '^ERROR .*error=-34 .*msg="[^"]+"'
out=$(vacmsg set big 9=1)
expect_match "space 9" "$out" '^ERROR .*error=-34 .*msg="integer out of range" offs=28'
out=$(vacmsg type 200)
expect_match "type 200" "$out" \
	'^ERROR .*error=-95 .*msg="unknown message type 200"'
out=$(vacmsg -r version)
expect_match "no NLM_F_REQUEST" "$out" '^ERROR .*error=-22'
[ -e $VAC_SYSFS/instances/big ] && fail "failed SET left an entry"
# Quotas partition the space: two entries cannot exceed the capacity.
cap=$(cat $VAC_SYSFS/resources/svm_asid/capacity)
if [ "$cap" -gt 1 ]; then
	run vacmsg set e1 svm_asid=$cap
	out=$(vacmsg set e2 svm_asid=1)
	expect_match "over-reserve" "$out" '^ERROR .*error=-[0-9]+ .*msg="[^"]+"'
	run vacmsg del e1
	vacmsg del e2 >/dev/null
fi
true
