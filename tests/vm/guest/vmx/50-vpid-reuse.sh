# SPDX-License-Identifier: GPL-2.0
#
# Intel (Bochs): reusing a VPID costs no IPI.  KVM flushes a vCPU's VPIDs
# on its first VM entry on each CPU (docs/tag-handover.md, and
# 40-vpid-handover), so vac_vpid_alloc() does not broadcast an INVVPID
# when it hands out a VPID another vCPU used before: function-call IPIs
# (CAL in /proc/interrupts) do not grow with reuses.  vac.ko with
# vpid_max=16 and the test instance module taking all 16 and giving them
# back, three times; with the broadcast the 32 reuses cost 32 IPIs or
# more.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

# Function-call IPIs received, all CPUs.
cal() {
	awk '$1 == "CAL:" { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++)
		n += $i } END { print n + 0 }' /proc/interrupts
}

# round: take all 16 VPIDs, give them back.
round() {
	ti_ctl vr alloc vpid 16
	expect_eq "VPIDs allocated" "$(ti_stat vr last_alloc)" 16
	ti_ctl vr free vpid all
}

grep -qw vmx /proc/cpuinfo || fail "needs VMX (run under Bochs)"
hw_reset
vac_load vpid_max=16
quota vr vpid=16
expect_file_eq $VAC_SYSFS/resources/vpid/capacity 16
ti_load vac_test_instance vr

c0=$(cal)
round			# 16 VPIDs never used
c1=$(cal)
round			# the same 16 again: every one a reuse
round
c2=$(cal)
fresh=$((c1 - c0))
reuse=$((c2 - c1))
note "CAL IPIs: $fresh for 16 new VPIDs, $reuse for 32 reused ones"
# Allow some unrelated IPIs; a broadcast per reuse would add 32 or more.
[ $((reuse - 2 * fresh)) -le 8 ] ||
	fail "$((reuse - 2 * fresh)) more IPIs for 32 reused VPIDs than for new ones"
run rmmod vac_test_instance
run vacmsg del vr
hw_reset
