#!/bin/sh
# vacctl monitor: events as JSON lines (checked with jq), and SIGINT ends
# it with status 0.
. /vac/tests/lib/common.inc
lib_setup

vacctl -j monitor count 3 >/tmp/ev.json 2>/tmp/ev.err &
pid=$!
wait_ready /tmp/ev.err
vc 0 set-quota m1 svm_asid 1
vc 0 set-quota m1 svm_asid 2
vc 0 quota del m1
wait $pid
expect_eq "monitor exit" "$?" 0
cat /tmp/ev.json
expect_eq "events" "$(wc -l </tmp/ev.json)" 3
OUT=$(cat /tmp/ev.json)
expect_eq "types" "$(jqv .event | tr '\n' ' ')" "quota-set quota-set quota-del "
expect_eq "names" "$(jqv .name | sort -u)" m1
expect_eq "quota in event" "$(sed -n 2p /tmp/ev.json | jq -r .quota.m1.svm_asid.quota)" 2

# Text mode, ended by SIGINT.
vacctl monitor >/tmp/ev.txt 2>/tmp/ev2.err &
pid=$!
wait_ready /tmp/ev2.err
vc 0 set-quota m2 svm_asid 1
vc 0 quota del m2
# The delete's event is the last one; wait until it is printed.
i=0
until grep -q "quota-del m2" /tmp/ev.txt; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "no quota-del event: $(cat /tmp/ev.txt)"
	sleep 0.1
done
kill -INT $pid
wait $pid
expect_eq "exit after SIGINT" "$?" 0
cat /tmp/ev.txt
expect_match "text event" "$(head -n 1 /tmp/ev.txt)" "^quota-set m2$"
expect_match "its spaces, indented" "$(sed -n 2p /tmp/ev.txt)" \
	"^    (vpid|svm_asid) +quota [0-9]+ used"
expect_eq "blank lines" "$(grep -c '^$' /tmp/ev.txt)" 0
expect_eq "last event" "$(tail -n 1 /tmp/ev.txt)" "quota-del m2"
