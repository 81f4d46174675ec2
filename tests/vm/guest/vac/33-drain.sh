#!/bin/sh
# Draining an instance through /dev/vac (VAC_MSG_SET_INSTANCE), with the
# test instance standing in for KVM (its ctl calls vac_vm_add(),
# vac_vm_del() and vac_vcpus_add() as KVM_CREATE_VM, VM destruction and
# vCPU creation do):
#  - errors: no entry, an entry not loaded, a bad value, a missing
#    attribute, no CAP_SYS_ADMIN; each with its extended-ack message;
#  - the counts of VMs and vCPUs in sysfs and GET_INSTANCE;
#  - drained, a new VM is refused with EBUSY and one log line; the VMs
#    counted stay; INSTANCE_DRAINING (with the counts) and
#    INSTANCE_RESUMED reach a subscriber, once each however often the
#    state is set;
#  - unloading ends draining.
. /vac/tests/lib.sh

unload_module vac_test_instance
vac_load
ko=$VAC_MODULES/vac_test_instance.ko
[ -f $ko ] || fail "no $ko (built by tests/vm/modules)"
ctl=/sys/kernel/debug/vac_test-dr/ctl
sys=$VAC_SYSFS/instances/dr

# err CMD... ERE: vacmsg -a CMD must answer an error matching ERE.
err() {
	_ere=$1
	shift
	_out=$(vacmsg -a "$@" 2>&1)
	expect_match "vacmsg $*" "$_out" "$_ere"
}

err '^ERROR .*error=-2 .*msg="no quota entry for instance dr"' drain dr 1
run vacmsg set dr svm_asid=4
err '^ERROR .*error=-2 .*msg="instance dr is not loaded"' drain dr 1
run insmod $ko name=dr
err '^ERROR .*error=-34 .*msg="integer out of range"' drain dr 2
err '^ERROR .*error=-22 .*msg="missing attribute VAC_A_DRAINING"' drain dr
err '^ERROR .*error=-22 ' drain Bad 1
out=$(as_vmm "vacmsg -a drain dr 1" 2>&1)
expect_match "drain as user vmm" "$out" \
	'^ERROR .*error=-1 .*msg="draining or resuming an instance needs CAP_SYS_ADMIN"'
expect_file_eq $sys/draining 0

# Two VMs, three vCPUs.
echo vm_add >$ctl || fail "vm_add"
echo vcpus 2 >$ctl || fail "vcpus 2"
echo vm_add >$ctl || fail "vm_add"
echo vcpus 1 >$ctl || fail "vcpus 1"
expect_file_eq $sys/vms 2
expect_file_eq $sys/vcpus 3
expect_match "GET_INSTANCE" "$(vacmsg inst dr)" \
	'^GET_INSTANCE .* name=dr state=live draining=0 vms=2 vcpus=3 '

# A listener of the instance group: its ack, then two messages.
vacmsg -a -n 2 subscribe 1 >/tmp/dr.out 2>&1 &
pid=$!
until grep -q '^ERROR .*error=0' /tmp/dr.out; do
	kill -0 $pid 2>/dev/null || { cat /tmp/dr.out; fail "listener died"; }
	sleep 0.1
done

dmesg -c >/dev/null
run vacmsg -a drain dr 1
run vacmsg -a drain dr 1
expect_file_eq $sys/draining 1
if echo vm_add >$ctl 2>/tmp/dr.err; then
	fail "a VM was added to a draining instance"
fi
expect_match "vm_add while draining" "$(cat /tmp/dr.err)" 'busy'
echo vm_add >$ctl 2>/dev/null && fail "a second VM was added while draining"
expect_file_eq $sys/vms 2
n=$(dmesg | grep -c "vac: instance dr is draining: KVM_CREATE_VM of sh\[[0-9]*\] refused")
[ "$n" -ge 1 ] || { dmesg | tail; fail "no log line for the refused VM"; }
echo "ok: refused VMs logged ($n lines for 2 refusals)"
expect_match "GET_INSTANCE" "$(vacmsg inst dr)" \
	'^GET_INSTANCE .* name=dr state=live draining=1 vms=2 vcpus=3 '
# The running VMs go on: one ends, its vCPUs with it.
echo vcpus -2 >$ctl || fail "vcpus -2"
echo vm_del >$ctl || fail "vm_del"
expect_file_eq $sys/vms 1
expect_file_eq $sys/vcpus 1

run vacmsg -a drain dr 0
run vacmsg -a drain dr 0
wait $pid || { cat /tmp/dr.out; fail "listener failed"; }
cat /tmp/dr.out
expect_match "event" "$(sed -n 2p /tmp/dr.out)" \
	'^INSTANCE_DRAINING flags=0x0 seq=0 name=dr vms=2 vcpus=3$'
expect_match "event" "$(sed -n 3p /tmp/dr.out)" \
	'^INSTANCE_RESUMED flags=0x0 seq=0 name=dr$'
expect_eq "messages" "$(wc -l </tmp/dr.out)" 3
echo vm_add >$ctl || fail "no VM after resuming"
echo vm_del >$ctl
echo vcpus -1 >$ctl
echo vm_del >$ctl
expect_file_eq $sys/vms 0
expect_file_eq $sys/vcpus 0

# Unloading ends draining: the next load takes VMs.
run vacmsg -a drain dr 1
run rmmod vac_test_instance
expect_file_eq $sys/draining 0
expect_file_eq $sys/state configured
run insmod $ko name=dr
echo vm_add >$ctl || fail "a reloaded instance is still draining"
echo vm_del >$ctl
run rmmod vac_test_instance
run vacmsg del dr
