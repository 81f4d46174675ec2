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

os="" ts="" rs=""
r=1
while [ $r -le "$BENCH_ROUNDS" ]; do
	if [ $((r % 2)) = 1 ]; then
		o=$(pair /dev/kvm-a /dev/kvm-a) || { echo "$o"; exit 1; }
		t=$(pair /dev/kvm-a /dev/kvm-b) || { echo "$t"; exit 1; }
	else
		t=$(pair /dev/kvm-a /dev/kvm-b) || { echo "$t"; exit 1; }
		o=$(pair /dev/kvm-a /dev/kvm-a) || { echo "$o"; exit 1; }
	fi
	echo "$o" | sed '$d'
	echo "$t" | sed '$d'
	o=$(echo "$o" | tail -n 1)
	t=$(echo "$t" | tail -n 1)
	bench_line two-instances $r exits/s one "$o" two "$t"
	os="$os $o" ts="$ts $t" rs="$rs $(ratio "$o" "$t")"
	r=$((r + 1))
done
# shellcheck disable=SC2086
echo "BENCH name=two-instances round=median unit=exits/s one=$(median $os)" \
	"two=$(median $ts) ratio=$(median $rs)"

touch /tmp/hold.stop
# shellcheck disable=SC2154
for p in "$hold_a" "$hold_b"; do
	wait "$p" || { cat /tmp/hold-*.out; fail "idle vmm-test failed"; }
done
inst_unload b a
