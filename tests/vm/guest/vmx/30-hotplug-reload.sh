# SPDX-License-Identifier: GPL-2.0
#
# Intel (Bochs): CPU1 offline and online while guests of kvm-intel-a and
# kvm-intel-b run (each instance VMCLEARs its VMCSs there and drops its
# reference, VAC leaves VMX operation on CPU1 and enters it again on the
# way back), then kvm-intel-b unloaded and loaded again, twice, while a's
# guests keep running.  Guests never fail and keep making progress, the
# enable counts follow, b gives back every VPID each time, and the host's
# MSRs on every CPU are what they were before.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

[ "$KVM_VENDOR" = intel ] || fail "needs VMX (run under Bochs)"
CPU=/sys/devices/system/cpu/cpu1
[ -w $CPU/online ] || fail "CPU1 cannot be taken offline in this VM"
[ -c /dev/cpu/0/msr ] || run modprobe msr
hoststate snap > /tmp/hp.before || fail "hoststate snap failed"

kvm_setup
kvm_quota a vpid 16
kvm_quota b vpid 16
kvm_load a
kvm_load b

rm -f /tmp/stop /tmp/stop-b /tmp/pa /tmp/pb
vmm-test -d /dev/kvm-a -m 1 -c 2 -i 1 -w 20 -s /tmp/stop -p /tmp/pa -q > /tmp/a.out 2>&1 &
pa=$!
start_b() {
	rm -f /tmp/stop-b /tmp/pb
	vmm-test -d /dev/kvm-b -m 1 -c 2 -i 1 -w 20 -s /tmp/stop-b -p /tmp/pb -q > /tmp/b.out 2>&1 &
	pb=$!
}
stop_b() {
	touch /tmp/stop-b
	wait $pb || { cat /tmp/b.out; fail "b's VMM failed"; }
}
start_b

# wait_progress FILE N PID: until FILE says more than N passes.
wait_progress() {
	while [ "$(cat "$1" 2>/dev/null || echo 0)" -le "$2" ]; do
		kill -0 "$3" 2>/dev/null || { cat /tmp/a.out /tmp/b.out; fail "a VMM exited"; }
		sleep 0.2
	done
}

wait_progress /tmp/pa 0 $pa
wait_progress /tmp/pb 0 $pb
assert_enable_counts 2

for i in 1 2; do
	note "hotplug round $i"
	echo 0 > $CPU/online || fail "offlining CPU1"
	expect_file_eq /sys/kernel/vac/cpus/cpu1/enable_count 0
	wait_progress /tmp/pa "$(cat /tmp/pa)" $pa
	echo 1 > $CPU/online || fail "onlining CPU1"
	assert_enable_counts 2
	wait_progress /tmp/pa "$(cat /tmp/pa)" $pa
	wait_progress /tmp/pb "$(cat /tmp/pb)" $pb
done

for i in 1 2; do
	note "reload round $i: a has done $(cat /tmp/pa) passes"
	stop_b
	expect_eq "b's VPIDs after its VMs" "$(vpids b count)" 0
	kvm_unload b
	kvm_assert_gone b
	expect_eq "VAC's vpid used for a" "$(vac_used a vpid)" 2
	assert_enable_counts 1
	p=$(cat /tmp/pa)
	wait_progress /tmp/pa "$p" $pa
	kvm_load b
	start_b
	wait_progress /tmp/pb 0 $pb
	assert_enable_counts 2
done

stop_b
touch /tmp/stop
wait $pa; ra=$?
cat /tmp/a.out
expect_eq "a's VMM exit status" $ra 0
assert_enable_counts 0
kvm_unload a
kvm_unload b
kvm_assert_gone a
kvm_assert_gone b
hoststate snap > /tmp/hp.after || fail "hoststate snap failed"
run hoststate cmp -a before -b after /tmp/hp.before /tmp/hp.after
run hoststate tscaux
