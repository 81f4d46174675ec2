#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two instances at once versus one: two vmm-test processes (1 VM x 2 vCPUs
# each) run concurrently, both on kvm-amd-a ("one") or one on kvm-amd-a and
# one on kvm-amd-b ("two").  Same number of vCPU threads on the same CPUs,
# so the ratio two/one is the aggregate cost of vCPUs of different
# instances taking turns on a CPU (per-CPU state forgotten on each vCPU
# load, user-return MSRs, VAC's shared enable), not of more work.
# An idle VM per instance (one pass a second) is held open throughout, so
# the runs do not enable and disable virtualization each time (see the
# hang in bench/README.md).
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/bench/lib-bench

SECS=${BENCH_EXIT_SECS:-4}
ARGS="-m 1 -c 2 -i 1 -t $SECS"

module_loaded vac && run rmmod vac
inst_load a b
rm -f /tmp/hold.stop
for n in a b; do
	vmm-test -q -d /dev/kvm-$n -m 1 -c 1 -i 1 -w 1000 -s /tmp/hold.stop \
		>/tmp/hold-$n.out 2>&1 &
	eval hold_$n=\$!
done

# pair DEV1 DEV2: aggregate exits/s of two concurrent vmm-tests.
pair() {
	vmm-test -q -d "$1" $ARGS >/tmp/p1.out 2>&1 &
	p1=$!
	vmm-test -q -d "$2" $ARGS >/tmp/p2.out 2>&1 &
	p2=$!
	wait $p1 || { cat /tmp/p1.out; fail "vmm-test on $1 failed"; }
	wait $p2 || { cat /tmp/p2.out; fail "vmm-test on $2 failed"; }
	cat /tmp/p1.out /tmp/p2.out
	awk -v a="$(vmm_rate /tmp/p1.out)" -v b="$(vmm_rate /tmp/p2.out)" \
		'BEGIN { printf "%.1f\n", a + b }'
}

# run_pair DEV1 DEV2: pair's figure in $bench_v, its output shown.
run_pair() {
	bench_v=$(pair "$1" "$2") || { echo "$bench_v"; exit 1; }
	echo "$bench_v" | sed '$d'
	bench_v=$(echo "$bench_v" | tail -n 1)
}
run_one() { run_pair /dev/kvm-a /dev/kvm-a; }
run_two() { run_pair /dev/kvm-a /dev/kvm-b; }

bench_rounds two-instances exits/s one run_one two run_two

touch /tmp/hold.stop
# shellcheck disable=SC2154
for p in "$hold_a" "$hold_b"; do
	wait "$p" || { cat /tmp/hold-*.out; fail "idle vmm-test failed"; }
done
inst_unload b a
