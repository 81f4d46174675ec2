#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CPU offline/online while instances have virtualization enabled: VAC's
# one hotplug state calls every instance, the count and EFER.SVME are
# right afterwards; an instance that ignores hotplug still leaves the CPU
# disabled with count 0 on the way down, and its later put does not
# underflow.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

CPU1=/sys/devices/system/cpu/cpu1/online
[ -w $CPU1 ] || fail "cpu1 cannot be taken offline ($CPU1)"

offline() {
	echo "+ cpu1 offline"
	echo 0 >$CPU1 || fail "cpu1 offline failed"
	expect_file_eq $CPU1 0
}
online() {
	echo "+ cpu1 online"
	echo 1 >$CPU1 || fail "cpu1 online failed"
	expect_file_eq $CPU1 1
}

hw_reset
vac_load
quota ta svm_asid=4
quota tb svm_asid=4
ti_load vac_test_instance ta

note "one instance enabled"
ti_ctl ta enable
expect_counts 1 1
offline
expect_counts 1 0
expect_eq "ta held_cpus" "$(ti_stat ta held_cpus)" 0
online
expect_counts 1 1
check_hw ta
expect_eq "ta held_cpus" "$(ti_stat ta held_cpus)" 0-1

note "two instances enabled"
ti_load vac_test_instance2 tb
ti_ctl tb enable
expect_counts 2 2
offline
expect_counts 2 0
online
expect_counts 2 2
check_hw tb
ti_ctl tb disable
unload_module vac_test_instance2
expect_counts 1 1

note "enable while cpu1 is offline: cpu1 joins when it comes back"
ti_ctl ta disable
offline
ti_ctl ta enable
expect_counts 1 0
online
expect_counts 1 1
check_hw ta

note "an instance that ignores hotplug"
ti_ctl ta hotplug 0
offline
kmsg_has 'vac: instance ta still holds virtualization on CPU1 going offline: VAC disables it' ||
	fail "no message for the reference ta kept on cpu1"
expect_counts 1 0
online
expect_counts 1 0
check_hw ta
ti_ctl ta disable
expect_counts 0 0
check_hw ta
ti_ctl ta hotplug 1

unload_module vac_test_instance
vac_unload
