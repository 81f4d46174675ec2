#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Real KVM guests on two KVM instances (kvm-amd-a, kvm-amd-b) while CPU 1
# goes offline and comes back, several times: VAC's one hotplug state calls
# both instances, CPU 1's enable count drops to 0 and returns to 2, the
# guests keep running (their vCPU threads move to CPU 0 and back, and a
# VMRUN on CPU 1 with SVM off would fault), and every VM check passes.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc
. /vac/tests/kvm/lib-kvm

CPU1=/sys/devices/system/cpu/cpu1/online
STOP=/tmp/hw-kvm-stop

# progress NAME: passes vmm-test on instance NAME has done so far.
progress() {
	cat "/tmp/hw-kvm-$1.progress" 2>/dev/null || echo 0
}

# advance: both guests make progress from now on (waits; the harness's
# script timeout catches a hang).
advance() {
	_a=$(progress a) _b=$(progress b)
	while [ "$(progress a)" -le "$_a" ] || [ "$(progress b)" -le "$_b" ]; do
		for _p in $pa $pb; do
			kill -0 "$_p" 2>/dev/null || fail "a guest process exited early"
		done
		sleep 0.1
	done
	echo "ok: guests progress (a $_a -> $(progress a), b $_b -> $(progress b))"
}

hw_reset
kvm_setup
kvm_quota a svm_asid 4
kvm_quota b svm_asid 4
kvm_load a
kvm_load b
rm -f $STOP /tmp/hw-kvm-a.progress /tmp/hw-kvm-b.progress

vmm-test -d /dev/kvm-a -m 1 -c 2 -s $STOP -p /tmp/hw-kvm-a.progress -q \
	>/tmp/hw-kvm-a.out 2>&1 &
pa=$!
vmm-test -d /dev/kvm-b -m 1 -c 2 -s $STOP -p /tmp/hw-kvm-b.progress -q \
	>/tmp/hw-kvm-b.out 2>&1 &
pb=$!
advance
expect_counts 2 2

for round in 1 2 3; do
	note "round $round: cpu1 offline"
	echo 0 >$CPU1 || fail "cpu1 offline failed"
	expect_counts 2 0
	advance
	note "round $round: cpu1 online"
	echo 1 >$CPU1 || fail "cpu1 online failed"
	expect_counts 2 2
	advance
done

touch $STOP
wait $pa; ra=$?
wait $pb; rb=$?
cat /tmp/hw-kvm-a.out /tmp/hw-kvm-b.out
expect_eq "vmm-test on kvm-a" $ra 0
expect_eq "vmm-test on kvm-b" $rb 0
expect_counts 0 0

kvm_unload b
kvm_unload a
kvm_quota_del a
kvm_quota_del b
expect_counts 0 0
vac_unload
