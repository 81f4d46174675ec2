#!/bin/sh
# INSTANCE_UP / INSTANCE_DOWN notifications when an instance module
# registers and unregisters, to a subscriber of VAC_GROUP_INSTANCE only.
. /vac/tests/lib.sh

unload_module vac_test_instance
vac_load
ko=$VAC_MODULES/vac_test_instance.ko
[ -f $ko ] || fail "no $ko (built by tests/vm/modules)"
run vacmsg set ev svm_asid=2

# A listener: subscribed (acked) first, then two more messages.
vacmsg -a -n 2 subscribe 1 >/tmp/ev.out 2>&1 &
pid=$!
# Wait for the subscription to be acked (no timing involved: the loop ends
# when the line is there; the script timeout bounds it).
until grep -q '^ERROR .*error=0' /tmp/ev.out; do
	kill -0 $pid 2>/dev/null || { cat /tmp/ev.out; fail "listener died"; }
	sleep 0.1
done
run insmod $ko name=ev
run rmmod vac_test_instance
wait $pid || { cat /tmp/ev.out; fail "listener failed"; }
cat /tmp/ev.out
expect_match "events" "$(sed -n 2p /tmp/ev.out)" '^INSTANCE_UP flags=0x0 seq=0 name=ev$'
expect_match "events" "$(sed -n 3p /tmp/ev.out)" '^INSTANCE_DOWN flags=0x0 seq=0 name=ev$'
expect_eq "messages" "$(wc -l </tmp/ev.out)" 3
run vacmsg del ev
