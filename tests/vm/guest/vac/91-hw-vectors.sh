#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The hooks VAC holds, as vectors in sysfs: /sys/kernel/vac/vectors/NAME/
# lists the instances each one is routed to, and
# instances/NAME/vectors/VECTOR counts what reached each instance.
# pi_wakeup: a POSTED_INTR_WAKEUP_VECTOR IPI counts once for every
# instance; pmi: perf samples taken while ta's "vCPU" runs count for ta
# only, as many as perf saw.  ga_log is listed with nobody routed: the
# test instances have no ga_vm_id quota here.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

V=/sys/kernel/vac/vectors
I=/sys/kernel/vac/instances

field() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

hw_reset
vac_load
for v in pmi pi_wakeup ga_log; do
	[ -d $V/$v ] || fail "no $V/$v"
	note "$v: state $(cat $V/$v/state), vector $(cat $V/$v/vector)," \
		"instances '$(cat $V/$v/instances)'"
	expect_eq "$v instances before any" "$(cat $V/$v/instances)" ""
done
expect_eq "pmi state" "$(cat $V/pmi/state)" active
expect_eq "pmi vector (NMI)" "$(cat $V/pmi/vector)" 2
expect_eq "pi_wakeup state" "$(cat $V/pi_wakeup/state)" active
expect_eq "pi_wakeup vector (POSTED_INTR_WAKEUP_VECTOR)" \
	"$(cat $V/pi_wakeup/vector)" 241
expect_eq "ga_log vector" "$(cat $V/ga_log/vector)" none
# (VAC holds the GA-log notifier on every AMD host; 92-hw-ga-log routes.)
expect_eq "ga_log state" "$(cat $V/ga_log/state)" active

quota ta svm_asid=2
quota tb svm_asid=2
expect_eq "ta's pi_wakeup count before load" "$(cat $I/ta/vectors/pi_wakeup)" 0
ti_load vac_test_instance ta perf_ip=0x7e5a0000
ti_load vac_test_instance2 tb perf_ip=0x7e5b0000
expect_eq "pmi instances" "$(cat $V/pmi/instances)" "ta tb"
expect_eq "pi_wakeup instances" "$(cat $V/pi_wakeup/instances)" "ta tb"
expect_eq "ga_log instances" "$(cat $V/ga_log/instances)" ""

note "pi_wakeup: each kick counts once for each instance"
ti_ctl ta pi_kick
ti_ctl tb pi_kick
ti_ctl tb pi_kick
expect_eq "ta pi_wakeup count" "$(cat $I/ta/vectors/pi_wakeup)" 3
expect_eq "tb pi_wakeup count" "$(cat $I/tb/vectors/pi_wakeup)" 3
expect_eq "ta's own count of calls" "$(ti_stat ta pi_wakeups)" 3

note "pmi: samples while ta's vCPU is loaded on CPU 1 are ta's"
out=$(vac-perf-route 1 7e5a0000 /sys/kernel/debug/vac_test-ta/ctl \
	"spin 1 400") || fail "vac-perf-route"
echo "# $out"
guest=$(field "$out" guest)
[ "$guest" -gt 0 ] || fail "no guest samples"
na=$(cat $I/ta/vectors/pmi)
note "perf saw $guest guest samples; ta's pmi count is $na"
# perf may drop samples it took (a full ring buffer), never invent them.
[ "$na" -ge "$guest" ] || fail "ta counted $na of $guest samples"
expect_eq "tb pmi count" "$(cat $I/tb/vectors/pmi)" 0
expect_eq "ga_log count" "$(cat $I/ta/vectors/ga_log)" 0

note "unloading tb: pi_wakeup goes to ta alone"
unload_module vac_test_instance2
expect_eq "pi_wakeup instances" "$(cat $V/pi_wakeup/instances)" ta
expect_eq "pmi instances" "$(cat $V/pmi/instances)" ta
expect_eq "tb's counts once gone" "$(cat $I/tb/vectors/pi_wakeup)" 0
ti_ctl ta pi_kick
expect_eq "ta pi_wakeup count" "$(cat $I/ta/vectors/pi_wakeup)" 4
unload_module vac_test_instance
expect_eq "pi_wakeup instances" "$(cat $V/pi_wakeup/instances)" ""
vac_unload
