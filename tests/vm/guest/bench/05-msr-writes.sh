#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host MSR writes per guest exit, Debian's stock kvm-amd versus kvm-amd-a
# on vac.ko: one vmm-test vCPU pinned to CPU1 (200 passes, 1200 exits to
# userspace), msr:write_msr counted on CPU1 (msr_writes of the parity
# suite's lib-parity, which also prints which MSRs are written).  Ratio =
# instance/stock writes per exit (1.0 = as many as stock, above 1 the
# instance writes more).
#
# First of the suite, and every stock run before every instance run: how
# many writes a KVM needs depends on the host values it finds (stock
# switches TSC_AUX only where the host's differs from the guest's), so
# stock must find the host as no instance left it (checked first).  The
# counts do not drift with the machine's load, so the alternating order of
# the timed benchmarks buys nothing here; BENCH_MSR_ROUNDS rounds (2).
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/bench/lib-bench
. /vac/tests/parity/lib-parity

ROUNDS=${BENCH_MSR_ROUNDS:-2}

module_loaded vac && run rmmod vac
parity_msr_load
tscaux "before the stock runs" ||
	fail "host TSC_AUX already wrong: stock's count would not be stock's (run this benchmark first in its boot)"

stock="" inst="" r=1
while [ $r -le "$ROUNDS" ]; do
	stock_load
	hold_start /dev/kvm
	msr_writes kvm /dev/kvm
	hold_stop
	stock_unload
	stock="$stock $mw_per_exit"
	r=$((r + 1))
done
r=1
while [ $r -le "$ROUNDS" ]; do
	inst_load a
	hold_start /dev/kvm-a
	msr_writes kvm_a /dev/kvm-a
	hold_stop
	inst_unload a
	inst="$inst $mw_per_exit"
	r=$((r + 1))
done

set -- $inst
ratios="" r=1
for s in $stock; do
	bench_line msr-writes $r writes/exit stock "$s" instance "$1"
	ratios="$ratios $(ratio "$s" "$1")"
	shift
	r=$((r + 1))
done
# shellcheck disable=SC2086
echo "BENCH name=msr-writes round=median unit=writes/exit" \
	"stock=$(median $stock) instance=$(median $inst) ratio=$(median $ratios)"
