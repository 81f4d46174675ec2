#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Moving a large, busy guest from instance a to instance b: the
# shared-memory move (RAM in a shared file, x-ignore-shared) against the
# ordinary copying migration (private RAM), with Debian's QEMU and the
# test guest given SIZE MiB of RAM.  Above 16 MiB the guest fills its RAM
# with pseudo-random data and keeps rewriting 256 pages a tick (18 MiB/s),
# checking each page's tag as it goes (tests/vm/qemu/guest.S), so the
# copy has non-zero memory to send and dirty pages to chase.  Both ways
# run with the migration bandwidth unlimited (a local move has no network
# to spare), in the same boot, rounds alternating which goes first.
#
# For each size: QEMU's downtime, total time and RAM sent of each way, and
# the ratio shared/copying (0.1 = 90% less).  Every move must also keep the
# guest's counter going without a gap and its memory tags intact, or the
# script fails.  The VM needs twice the largest size and more
# (bench/run-bench.sh boots it with 6 GiB).
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/lib-qemu
. /vac/tests/bench/lib-bench

# Guest sizes in MiB and rounds: vmtest.move_sizes=512,1024 and
# vmtest.move_rounds=N on the kernel command line (run-bench.sh passes
# BENCH_MOVE_SIZES and BENCH_MOVE_ROUNDS on).
SIZES=$(vmtest_arg move_sizes | tr , ' ')
SIZES=${SIZES:-512 1024 2048}
ROUNDS=$(vmtest_arg move_rounds)
ROUNDS=${ROUNDS:-2}
MEM=/dev/shm/vac-bench-move
# A 2 GiB copy takes tens of seconds under TCG.
QEMU_STALL=${QEMU_STALL:-600}

qemu_require "rm -f $MEM"
bench_info
module_loaded vac && run rmmod vac
inst_load a b

# move WAY SIZE: start a guest of SIZE MiB on a, let it fill its memory,
# move it to b the WAY way (copying or shared), check it goes on there;
# QEMU's figures in $MIG_DOWNTIME, $MIG_TOTAL, $MIG_RAM_KB.
move() {
	if [ "$1" = shared ]; then
		rm -f $MEM
		_opts="-m $2 -object memory-backend-file,id=mem,size=${2}M,mem-path=$MEM,share=on -machine memory-backend=mem"
	else
		_opts="-m $2"
	fi
	QEMU_OPTS=$_opts
	qemu_start src vacctl exec a --
	qemu_wait_count src 2
	_end=$(sed -n 's/^vac-guest: high memory filled up to \([0-9a-f]*\)$/\1/p' \
		/tmp/qemu-src.serial)
	expect_eq "end of the guest's filled memory" "$_end" \
		"$(printf '%08x' $(($2 << 20)))"
	QEMU_OPTS="$_opts -incoming defer"
	qemu_start dst vacctl exec b --
	QEMU_OPTS=""
	qemu_hmp src "migrate_set_parameter max-bandwidth 100G" '\(qemu\)'
	if [ "$1" = shared ]; then
		qemu_migrate src dst shared
	else
		qemu_migrate src dst
	fi
	_c=$(qemu_count src)
	qemu_wait_count dst $((_c + 3))
	qemu_assert_continuous src dst
	qemu_quit src
	qemu_quit dst
	rm -f $MEM
}

for size in $SIZES; do
	dl="" tl="" rl="" dr="" tr="" rr="" ds="" ts="" rs=""
	r=1
	while [ $r -le "$ROUNDS" ]; do
		if [ $((r % 2)) = 1 ]; then
			order="copying shared"
		else
			order="shared copying"
		fi
		for way in $order; do
			move $way "$size"
			eval "${way}_d=$MIG_DOWNTIME ${way}_t=$MIG_TOTAL ${way}_r=$MIG_RAM_KB"
		done
		# shellcheck disable=SC2154
		{
			bench_line "downtime-${size}M" $r ms copying "$copying_d" shared "$shared_d"
			bench_line "total-${size}M" $r ms copying "$copying_t" shared "$shared_t"
			bench_line "ram-${size}M" $r kB copying "$copying_r" shared "$shared_r"
			dl="$dl $copying_d" ds="$ds $shared_d" dr="$dr $(ratio "$copying_d" "$shared_d")"
			tl="$tl $copying_t" ts="$ts $shared_t" tr="$tr $(ratio "$copying_t" "$shared_t")"
			rl="$rl $copying_r" rs="$rs $shared_r" rr="$rr $(ratio "$copying_r" "$shared_r")"
		}
		r=$((r + 1))
	done
	# shellcheck disable=SC2086
	{
		echo "BENCH name=downtime-${size}M round=median unit=ms copying=$(median $dl) shared=$(median $ds) ratio=$(median $dr)"
		echo "BENCH name=total-${size}M round=median unit=ms copying=$(median $tl) shared=$(median $ts) ratio=$(median $tr)"
		echo "BENCH name=ram-${size}M round=median unit=kB copying=$(median $rl) shared=$(median $rs) ratio=$(median $rr)"
	}
done

inst_unload a b
