# SPDX-License-Identifier: GPL-2.0
#
# Suspend to RAM (S3) with guests running on both instances: VAC's syscore
# suspend goes through each instance's kvm_suspend() (hardware_disable_nolock:
# VMCLEAR, per-CPU caches reset, reference dropped) before virtualization is
# off, CPU1 goes through the hotplug path, and resume takes everything back.
# The guests keep running and every check of vmm-test passes after resume,
# the enable counts are back, and the host's MSRs on every CPU are what they
# were before (hoststate: TSC_AUX, EFER, the syscall MSRs, VM_HSAVE_PA...),
# RDTSCP and getcpu in host userspace naming the right CPU.  Woken by the
# RTC alarm.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

RTC=/sys/class/rtc/rtc0/wakealarm
S3_WAKE="ACPI: PM: Waking up from system sleep state S3"
grep -qw deep /sys/power/mem_sleep || fail "no S3 (deep) in /sys/power/mem_sleep"
[ -w $RTC ] || fail "no RTC wake alarm ($RTC)"

[ -c /dev/cpu/0/msr ] || run modprobe msr
hoststate snap > /tmp/s3.before || fail "hoststate snap failed"

kvm_setup
kvm_quota a svm_asid 7
kvm_quota b svm_asid 7
kvm_load a
kvm_load b

rm -f /tmp/stop /tmp/pa /tmp/pb
vmm-test -d /dev/kvm-a -m 2 -c 2 -i 1 -w 10 -s /tmp/stop -p /tmp/pa -q > /tmp/a.out 2>&1 &
pa=$!
vmm-test -d /dev/kvm-b -m 1 -c 2 -i 1 -w 10 -s /tmp/stop -p /tmp/pb -q > /tmp/b.out 2>&1 &
pb=$!

# wait_progress FILE N: until FILE says more than N passes.
wait_progress() {
	while [ "$(cat "$1" 2>/dev/null || echo 0)" -le "$2" ]; do
		kill -0 $pa 2>/dev/null || { cat /tmp/a.out; fail "a's VMM exited"; }
		kill -0 $pb 2>/dev/null || { cat /tmp/b.out; fail "b's VMM exited"; }
		sleep 0.1
	done
}

wait_progress /tmp/pa 0
wait_progress /tmp/pb 0
assert_enable_counts 2

for i in 1 2; do
	note "S3 round $i"
	n=$(dmesg | grep -c "$S3_WAKE")
	before_a=$(cat /tmp/pa) before_b=$(cat /tmp/pb)
	echo 0 > $RTC
	echo +2 > $RTC || fail "cannot set the RTC wake alarm"
	echo mem > /sys/power/state || fail "suspend failed"
	expect_eq "S3 wake-ups" "$(dmesg | grep -c "$S3_WAKE")" $((n + 1))
	assert_enable_counts 2
	wait_progress /tmp/pa "$before_a"
	wait_progress /tmp/pb "$before_b"
	note "a: $before_a -> $(cat /tmp/pa) passes, b: $before_b -> $(cat /tmp/pb)"
done

touch /tmp/stop
wait $pa; ra=$?
wait $pb; rb=$?
cat /tmp/a.out /tmp/b.out
expect_eq "a's VMM exit status" $ra 0
expect_eq "b's VMM exit status" $rb 0
assert_enable_counts 0

kvm_unload a
kvm_unload b
kvm_assert_gone a
kvm_assert_gone b

hoststate snap > /tmp/s3.after || fail "hoststate snap failed"
run hoststate cmp -a before -b after-s3 /tmp/s3.before /tmp/s3.after
run hoststate tscaux
