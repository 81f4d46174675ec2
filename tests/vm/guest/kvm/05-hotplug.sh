# SPDX-License-Identifier: GPL-2.0
#
# CPU hotplug goes through VAC into both instances: with guests of a and b
# running, CPU1 goes offline (both drop their enable reference there, VAC's
# count is 0) and comes back (both take it again, before any vCPU can run
# there), and the guests never fail.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

CPU=/sys/devices/system/cpu/cpu1
[ -w $CPU/online ] || fail "CPU1 cannot be taken offline in this VM"

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

for i in 1 2 3; do
	note "hotplug round $i"
	echo 0 > $CPU/online || fail "offlining CPU1"
	expect_file_eq /sys/kernel/vac/cpus/cpu0/enable_count 2
	expect_file_eq /sys/kernel/vac/cpus/cpu1/enable_count 0
	wait_progress /tmp/pa "$(cat /tmp/pa)"
	wait_progress /tmp/pb "$(cat /tmp/pb)"
	echo 1 > $CPU/online || fail "onlining CPU1"
	assert_enable_counts 2
	wait_progress /tmp/pa "$(cat /tmp/pa)"
	wait_progress /tmp/pb "$(cat /tmp/pb)"
done

touch /tmp/stop
wait $pa; ra=$?
wait $pb; rb=$?
cat /tmp/a.out /tmp/b.out
expect_eq "a's VMM exit status" $ra 0
expect_eq "b's VMM exit status" $rb 0
kvm_assert_asids a >/dev/null || exit 1
kvm_assert_asids b >/dev/null || exit 1
assert_enable_counts 0
kvm_unload a
kvm_unload b
kvm_assert_gone a
kvm_assert_gone b
