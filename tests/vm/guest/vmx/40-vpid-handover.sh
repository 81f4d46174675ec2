# SPDX-License-Identifier: GPL-2.0
#
# Intel (Bochs): a VPID that kvm-intel-a's vCPUs used, handed to a vCPU of
# kvm-intel-b, is flushed on every CPU before b's vCPU first enters a
# guest there.  vac.ko with 4 VPIDs (vpid_max=4), quota 2 each: a's VM
# takes two, b's first VM the other two, b's second VM must get a's (the
# allocation hint rotates through the space).  During that second VM a
# trace records the instance's TLB flush (kprobe on kvm_intel_b's
# vmx_flush_tlb_all, what KVM_REQ_TLB_FLUSH runs: INVEPT all-context with
# EPT, else INVVPID of the vCPU's VPIDs) and kvm_b:kvm_entry; for every
# vCPU thread and CPU, a flush must come before its first VM entry there
# (docs/tag-handover.md).
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

[ "$KVM_VENDOR" = intel ] || fail "needs VMX (run under Bochs)"
T=/sys/kernel/tracing
[ -f $T/kprobe_events ] || mount -t tracefs nodev $T 2>/dev/null
[ -f $T/kprobe_events ] || fail "no tracefs kprobe_events"

kvm_setup
run rmmod vac
run modprobe vac vpid_max=4
expect_file_eq /sys/kernel/vac/resources/vpid/capacity 4
kvm_quota a vpid 2
kvm_quota b vpid 2
kvm_load a
kvm_load b

# held_during NAME: run a VM with 2 vCPUs on /dev/kvm-NAME until both
# made progress, set $held to the VPIDs NAME holds then, stop the VM.
held_during() {
	rm -f /tmp/ho.stop /tmp/ho.p
	vmm-test -d "/dev/kvm-$1" -m 1 -c 2 -i 1 -w 20 -s /tmp/ho.stop \
		-p /tmp/ho.p -q >/tmp/ho.out 2>&1 &
	_p=$!
	while [ "$(cat /tmp/ho.p 2>/dev/null || echo 0)" -lt 2 ]; do
		kill -0 $_p 2>/dev/null || { cat /tmp/ho.out >&2; fail "$1's VMM exited"; }
		sleep 0.2
	done
	held=$(expand "$(vpids "$1" held)")
	touch /tmp/ho.stop
	wait $_p || { cat /tmp/ho.out >&2; fail "$1's VMM failed"; }
}

held_during a
va=$held
note "a's vCPUs held VPIDs $va"
held_during b
note "b's first vCPUs held VPIDs $held"

echo "p:vacho/flush_b kvm_intel_b:vmx_flush_tlb_all" >>$T/kprobe_events ||
	fail "cannot probe kvm_intel_b:vmx_flush_tlb_all"
I=$T/instances/vacho
[ -d $I ] && rmdir $I
mkdir $I || fail "cannot create trace instance"
cleanup() {
	[ -d $I ] && { echo 0 >$I/tracing_on; rmdir $I; }
	echo "-:vacho/flush_b" >>$T/kprobe_events 2>/dev/null
}
trap cleanup EXIT
echo 1 >$I/events/vacho/flush_b/enable
echo 1 >$I/events/kvm_b/kvm_entry/enable || fail "no kvm_b:kvm_entry"
echo 1 >$I/tracing_on
held_during b
vb2=$held
echo 0 >$I/tracing_on
note "b's second vCPUs held VPIDs $vb2"

reused=""
for v in $vb2; do
	case " $va " in
	*" $v "*) reused="$reused $v" ;;
	esac
done
[ -n "$reused" ] || fail "b's second VM got none of a's VPIDs ($va): no handover to check"
echo "ok: VPIDs used by a, now b's:$reused"

for c in $(seq 0 $(($(nproc) - 1))); do
	o=$(awk '$1 == "overrun:" { print $2 }' $I/per_cpu/cpu$c/stats)
	[ "$o" = 0 ] || fail "trace buffer of cpu$c overran"
done
# Per vCPU thread and CPU: the first kvm_entry must follow a flush.
awk '/^#/ { next }
     { key = $1 " " $2 }
     / flush_b: / { flushed[key] = 1; nf++ }
     / kvm_entry: / && !(key in seen) {
	seen[key] = 1; n++
	if (key in flushed) print "ok: " key ": flushed before its first entry"
	else { print "FAIL: " key ": first entry without a flush"; bad++ }
     }
     END {
	printf "%d first entries (thread, CPU), %d flushes, %d unflushed\n", n, nf, bad
	exit (bad > 0 || n == 0)
     }' $I/trace || fail "a VPID was used on a CPU before the instance flushed it there"

kvm_unload a
kvm_unload b
kvm_assert_gone a
kvm_assert_gone b
run rmmod vac
