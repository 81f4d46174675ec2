#!/bin/sh
# libvac against /dev/vac: requests, ext-ack messages, EPERM, events across
# requests, overflow of the event queue, one handle per thread.
. /vac/tests/lib/common.inc
lib_setup

run libvac-vmtest version
run libvac-vmtest roundtrip rt1
run libvac-vmtest errors
echo "+ (as vmm, group kvm) libvac-vmtest eperm"
as_vmm libvac-vmtest eperm || fail "eperm as vmm"
run libvac-vmtest events ev1
run libvac-vmtest overflow 400
run libvac-vmtest threads 8
vc 0 -j quota show
expect_eq "nothing left behind" "$(jqv '.quotas | length')" 0
