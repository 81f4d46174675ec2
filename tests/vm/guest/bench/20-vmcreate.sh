#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VM creation and teardown rate, stock kvm-amd versus kvm-amd-a on vac.ko:
# one vmm-test process creates BATCH VMs of two vCPUs each, runs one pass
# on each vCPU, and tears them all down.  The process's first VM enables
# virtualization on every CPU (for the instance: through VAC's per-CPU
# reference counts, ASID range set-up) and its last one disables it, so the
# rate covers VM and vCPU creation/destruction plus one enable/disable.
# Rate = VMs per second of wall time (/proc/uptime, process start to exit);
# ratio = instance/stock.  Rounds alternate which goes first.
#
# (Not measured: one process per VM, i.e. an enable/disable per VM.  Under
# TCG such a loop hangs the test VM, with stock kvm-amd too: bench/README.md.)
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/bench/lib-bench

BATCH=${BENCH_BATCH:-64}		# vmm-test allows 64

module_loaded vac && run rmmod vac

# measure DEV: VMs/s of one batch on DEV.
measure() {
	t0=$(now_cs)
	vmm_run /tmp/bat.out -d "$1" -m "$BATCH" -c 2 -i 1
	t1=$(now_cs)
	note "$1: $BATCH VMs created, run and destroyed in $((t1 - t0))0 ms"
	awk -v n="$BATCH" -v t=$((t1 - t0)) 'BEGIN { printf "%.2f\n", n * 100 / t }'
}
run_stock() {
	stock_load
	bench_v=$(measure /dev/kvm) || { echo "$bench_v"; exit 1; }
	stock_unload
	echo "$bench_v" | sed '$d'
	bench_v=$(echo "$bench_v" | tail -n 1)
}
run_inst() {
	inst_load a
	bench_v=$(measure /dev/kvm-a) || { echo "$bench_v"; exit 1; }
	inst_unload a
	echo "$bench_v" | sed '$d'
	bench_v=$(echo "$bench_v" | tail -n 1)
}

bench_rounds vmcreate VMs/s stock run_stock instance run_inst
