# SPDX-License-Identifier: GPL-2.0
#
# The upgrade scenario: guests of kvm-amd-a keep running while kvm-amd-b
# is loaded, runs its own guests, and is unloaded again, 20 times.  a's
# guests never fail and keep making progress in every cycle; b leaves
# nothing behind each time (VAC accounting back to zero); the per-CPU
# enable counts follow the instances exactly (2 while both have VMs, 1
# when only a has); every ASID either ran with is inside its range.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

CYCLES=${CYCLES:-20}

kvm_setup
kvm_quota a svm_asid 7
kvm_quota b svm_asid 7
kvm_load a

rm -f /tmp/stop-a /tmp/progress-a
vmm-test -d /dev/kvm-a -m 2 -c 2 -i 1 -w 20 -s /tmp/stop-a -p /tmp/progress-a \
	-q > /tmp/a.out 2>&1 &
pa=$!

# progress: passes a's guests completed so far.
progress() {
	cat /tmp/progress-a 2>/dev/null || echo 0
}

# wait_progress N: until a has done more than N passes (a stall is caught
# by the harness' script timeout).
wait_progress() {
	while [ "$(progress)" -le "$1" ]; do
		kill -0 $pa 2>/dev/null || { cat /tmp/a.out; fail "a's VMM exited"; }
		sleep 0.1
	done
}

wait_progress 0
assert_enable_counts 1
first_b=""

i=1
while [ $i -le $CYCLES ]; do
	note "cycle $i/$CYCLES: a has done $(progress) passes"
	kvm_load b
	run vmm-test -d /dev/kvm-b -m 2 -c 2 -i 3 -q
	r=$(kvm_assert_asids b) || exit 1
	set -- $r
	[ -n "$first_b" ] || first_b="$1-$2"
	expect_eq "b's ASID range" "$1-$2" "$first_b"
	p=$(progress)
	kvm_unload b
	kvm_assert_gone b
	expect_file_eq /sys/kernel/vac/resources/svm_asid/used 7
	# a still holds virtualization on every CPU, alone.
	assert_enable_counts 1
	wait_progress "$p"
	i=$((i + 1))
done

touch /tmp/stop-a
wait $pa
rc=$?
cat /tmp/a.out
expect_eq "a's VMM exit status" $rc 0
kvm_assert_asids a >/dev/null || exit 1
assert_enable_counts 0
kvm_unload a
kvm_assert_gone a
expect_file_eq /sys/kernel/vac/resources/svm_asid/used 0
