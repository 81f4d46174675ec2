# SPDX-License-Identifier: GPL-2.0
#
# VMs coming and going on an instance patch no kernel text: vac.ko holds
# the kernel's preempt_notifier_key on while loaded (vac_hooks.c), so the
# first and last VM of an instance (preempt_notifier_inc() / _dec() in
# kvm_create_vm() / kvm_destroy_vm()) no longer flip the static branches
# in the scheduler's context switch.  Stock KVM flips them with every
# first and last VM.
#
# A kprobe on arch_jump_label_transform_queue() sees each jump-label site
# being patched; the sites of interest are in finish_task_switch().  As a
# check that the probe sees such patches at all: loading vac.ko patches
# them (the key goes on), then three VMs one after the other on instance
# a patch nothing there.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

T=/sys/kernel/tracing
[ -f $T/kprobe_events ] || mount -t tracefs nodev $T 2>/dev/null
[ -f $T/kprobe_events ] || fail "no tracefs kprobe_events"

# finish_task_switch()'s address range, from /proc/kallsyms (the symbol
# may carry a suffix such as .isra.0).
fts=$(sort /proc/kallsyms | awk '
	found { print $1; exit }
	$3 ~ /^finish_task_switch(\.|$)/ { printf "%s ", $1; found = 1 }')
set -- $fts
[ $# = 2 ] || fail "finish_task_switch not in /proc/kallsyms: '$fts'"
lo=$((0x$1))
hi=$((0x$2))
note "finish_task_switch: 0x$1-0x$2"

I=$T/instances/vacjl
cleanup() {
	[ -d $I ] && { echo 0 >$I/tracing_on; rmdir $I; }
	echo "-:vacjl/queue" >>$T/kprobe_events 2>/dev/null
}
trap cleanup EXIT
cleanup
# struct jump_entry { s32 code; s32 target; long key; }: code is relative
# to the entry's own address.
echo "p:vacjl/queue arch_jump_label_transform_queue entry=%di:x64 code=+0(%di):s32" \
	>>$T/kprobe_events || fail "cannot probe arch_jump_label_transform_queue"
mkdir $I || fail "cannot create trace instance"
echo 1 >$I/events/vacjl/queue/enable

# patched: how many of the jump-label sites patched since the last call
# are in finish_task_switch().
patched() {
	echo 0 >$I/tracing_on
	_n=0
	for _w in $(sed -n 's/.* entry=\(0x[0-9a-f]*\) code=\(-\{0,1\}[0-9]*\).*/\1,\2/p' \
		    $I/trace); do
		_a=$((${_w%,*} + ${_w#*,}))
		[ $_a -ge $lo ] && [ $_a -lt $hi ] && _n=$((_n + 1))
	done
	echo "$_n"
	echo >$I/trace
	echo 1 >$I/tracing_on
}

# The boot holds the key itself (vac_test_preempt_key.ko, see init.sh):
# let it go for this test, and take it back at the end.
pin=$VAC_MODULES/vac_test_preempt_key.ko
if grep -q '^vac_test_preempt_key ' /proc/modules; then
	run rmmod vac_test_preempt_key
	trap 'cleanup; insmod "$pin"' EXIT
fi

kvm_setup
run rmmod vac
patched >/dev/null
run modprobe vac
n_load=$(patched)

kvm_quota a svm_asid 7
kvm_load a
patched >/dev/null
for i in 1 2 3; do
	vmm-test -d /dev/kvm-a -m 1 -c 1 -i 1 -q || fail "VM $i on a failed"
done
n_vms=$(patched)
expect_eq "sites in finish_task_switch patched by 3 VMs on a" "$n_vms" 0
[ "$n_load" -gt 0 ] ||
	fail "loading vac.ko patched no site in finish_task_switch (the probe sees nothing?)"
echo "ok: loading vac.ko turned the key on: $n_load site(s) in finish_task_switch patched"

kvm_unload a
kvm_assert_gone a
kvm_quota_del a
