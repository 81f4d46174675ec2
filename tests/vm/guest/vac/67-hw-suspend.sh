#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Suspend to RAM (S3) with instances enabled: VAC's syscore suspend calls
# every instance's suspend() before turning virtualization off and its
# resume() after turning it back on; an instance without them keeps its
# reference, which VAC honours on resume.  Afterwards every count and
# EFER.SVME / MSR_VM_HSAVE_PA are what they were.  CPU1 goes through the
# hotplug path.  Woken by the RTC alarm.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

RTC=/sys/class/rtc/rtc0/wakealarm
grep -qw deep /sys/power/mem_sleep || fail "no S3 (deep) in /sys/power/mem_sleep"
[ -w $RTC ] || fail "no RTC wake alarm ($RTC)"

S3_WAKE="ACPI: PM: Waking up from system sleep state S3"

s3() {
	_n=$(kmsg_count "$S3_WAKE")
	echo 0 >$RTC
	echo +2 >$RTC || fail "cannot set the RTC wake alarm"
	echo "+ echo mem > /sys/power/state"
	echo mem >/sys/power/state || fail "suspend failed"
	expect_eq "S3 wake-ups" "$(kmsg_count "$S3_WAKE")" $((_n + 1))
}

hw_reset
vac_load
quota ta svm_asid=4
quota tb svm_asid=4
ti_load vac_test_instance ta
ti_load vac_test_instance2 tb pm=0

note "ta with suspend/resume, tb without, both enabled"
ti_ctl ta enable
ti_ctl tb enable
expect_counts 2 2
check_hw ta
s3
expect_eq "ta suspends" "$(ti_stat ta suspends)" 1
expect_eq "ta resumes" "$(ti_stat ta resumes)" 1
expect_eq "tb suspends (none given)" "$(ti_stat tb suspends)" 0
expect_counts 2 2
expect_eq "ta held_cpus" "$(ti_stat ta held_cpus)" 0-1
expect_eq "tb held_cpus" "$(ti_stat tb held_cpus)" 0-1
check_hw ta

note "nothing enabled: the callbacks run, the CPUs stay off"
ti_ctl ta disable
ti_ctl tb disable
expect_counts 0 0
s3
expect_eq "ta suspends" "$(ti_stat ta suspends)" 2
expect_counts 0 0
check_hw ta

unload_module vac_test_instance2
unload_module vac_test_instance
vac_unload
