#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest exit throughput: exits/s of vmm-test (1 VM x 2 vCPUs, every exit a
# round trip to userspace, i.e. one KVM_RUN and one vCPU load) through
# Debian's stock kvm-amd versus the KVM instance kvm-amd-a on vac.ko.  The
# two cannot be loaded together, so each run loads its own stack and
# unloads it; rounds alternate which goes first.  Ratio = instance/stock
# (1.0 = same speed, below 1 = the instance is slower).
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/bench/lib-bench

SECS=${BENCH_EXIT_SECS:-4}
ARGS="-m 1 -c 2 -i 1 -t $SECS"

bench_info
module_loaded vac && run rmmod vac

run_stock() {
	stock_load
	vmm_run /tmp/stock.out -d /dev/kvm $ARGS
	stock_unload
	cat /tmp/stock.out
	bench_v=$(vmm_rate /tmp/stock.out)
}
run_inst() {
	inst_load a
	vmm_run /tmp/inst.out -d /dev/kvm-a $ARGS
	inst_unload a
	cat /tmp/inst.out
	bench_v=$(vmm_rate /tmp/inst.out)
}

bench_rounds exits exits/s stock run_stock instance run_inst
