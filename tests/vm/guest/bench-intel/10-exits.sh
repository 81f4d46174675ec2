# SPDX-License-Identifier: GPL-2.0
#
# Intel (Bochs): the exits benchmark of stock kvm-intel against
# kvm-intel-a, timed from the host.  Under Bochs the guest's clock follows
# the emulated instruction count, not real time, so the guest only marks
# where each run begins and ends on the console:
#
#   BENCHT begin name=exits side=stock round=N
#   BENCHT end name=exits side=stock round=N exits=E
#
# and bench/run-bench.sh stamps those lines with the host's clock as they
# arrive, and turns them into BENCH lines (exits/s, ratio instance/stock).
# Each run: vmm-test, 1 VM x 2 vCPUs, a fixed number of passes (6 exits to
# userspace each); module loads stay outside the marks.  Rounds alternate
# the order, as in the AMD bench.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/bench/lib-bench

[ "$KVM_VENDOR" = intel ] || fail "needs VMX (run under Bochs)"
PASSES=${BENCH_INTEL_PASSES:-1000}
ARGS="-m 1 -c 2 -i $PASSES"
module_loaded vac && run rmmod vac

# timed SIDE ROUND DEVICE: one marked vmm-test run.
timed() {
	echo "BENCHT begin name=exits side=$1 round=$2"
	vmm_run "/tmp/$1.out" -d "$3" $ARGS
	_e=$(awk '/vmm-test: .*: PASS: / { for (i = 2; i <= NF; i++)
		if ($i == "exits,") print $(i - 1) }' "/tmp/$1.out")
	echo "BENCHT end name=exits side=$1 round=$2 exits=$_e"
	cat "/tmp/$1.out"
}
run_stock() {
	stock_load
	timed stock "$1" /dev/kvm
	stock_unload
}
run_inst() {
	inst_load a
	timed instance "$1" /dev/kvm-a
	inst_unload a
}

# Untimed warm-up: the boot's first run of a guest was about three times
# slower than the later ones (17 s against about 6 s for the same 12,000
# exits, on stock, which later ran at the instance's speed).
stock_load
vmm_run /tmp/warmup.out -d /dev/kvm $ARGS
stock_unload

r=1
while [ $r -le "$BENCH_ROUNDS" ]; do
	if [ $((r % 2)) = 1 ]; then
		run_stock $r
		run_inst $r
	else
		run_inst $r
		run_stock $r
	fi
	r=$((r + 1))
done
