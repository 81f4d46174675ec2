#!/bin/sh
# Errors and events that need a live instance holding tags
# (tests/vm/modules/vac_test_instance.ko; vac.ko's test_vpids offers VPIDs
# no hardware uses, as the TCG guest has no VMX): QUOTA_EXHAUSTED reaches
# a quota subscriber with the space's figures; a vpid quota below the tags
# held is refused with EBUSY and its nest's offset; DEL_QUOTA of a loaded
# instance is refused with EBUSY; a quota in a space this host lacks is
# refused with EOPNOTSUPP.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
out=$(vac_load; vacmsg set nx vpid=1)
expect_match "vpid on a host without VPIDs" "$out" \
	'^ERROR .*error=-95 .*msg="[^"]+" offs=24'
vac_unload

vac_load test_vpids=16
quota ex vpid=3 svm_asid=1
ti_load vac_test_instance ex

vacmsg -a -n 1 subscribe 2 >/tmp/ex.out 2>&1 &
pid=$!
until grep -q '^ERROR .*error=0' /tmp/ex.out; do
	kill -0 $pid 2>/dev/null || { cat /tmp/ex.out; fail "listener died"; }
	sleep 0.1
done
ti_ctl ex alloc vpid 4
wait $pid || { cat /tmp/ex.out; fail "listener failed"; }
cat /tmp/ex.out
expect_match "event" "$(sed -n 2p /tmp/ex.out)" \
	'^QUOTA_EXHAUSTED flags=0x0 seq=0 name=ex vpid\.used=3 vpid\.quota=3 vpid\.exhausted=1$'
expect_file_eq $VAC_SYSFS/instances/ex/vpid/exhausted 1

out=$(vacmsg set ex svm_asid=1 vpid=2)
expect_match "vpid quota below the tags held" "$out" \
	'^ERROR .*error=-16 .*msg="[^"]*below[^"]*" offs=44'
expect_file_eq $VAC_SYSFS/instances/ex/vpid/quota 3
out=$(vacmsg del ex)
expect_match "delete a loaded instance" "$out" \
	'^ERROR .*error=-16 .*msg="[^"]*loaded[^"]*"'
[ -d $VAC_SYSFS/instances/ex ] || fail "instances/ex gone after a refused DEL"

ti_ctl ex free vpid all
run rmmod vac_test_instance
run vacmsg del ex
hw_reset
