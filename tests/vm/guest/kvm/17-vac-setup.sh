# SPDX-License-Identifier: GPL-2.0
#
# vac-setup, what vac.service runs at boot (tools/vac-setup): from nothing
# loaded, `start` loads vac.ko, applies /etc/vac/quotas and loads the
# instances /etc/vac/instances lists, in order; a second start changes
# nothing; a listed instance without a quota (c) fails with a clear message
# and exit 1 while the others load; `stop` unloads the listed instances
# that run no VM, last first, and leaves one running a VM loaded, with
# a message.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

command -v vac-setup >/dev/null || fail "vac-setup missing (tools/vac-setup)"
conf=/tmp/vac-etc
rm -rf $conf && mkdir -p $conf
export VAC_CONFDIR=$conf

kvm_setup
run rmmod vac
cat >$conf/quotas <<'Q'
# boot quotas
quota a svm_asid 5
quota b svm_asid 5
Q
printf '# instances\na\n\nb   # second\n' >$conf/instances

run vac-setup start
module_loaded vac || fail "vac-setup start did not load vac.ko"
for n in a b; do
	module_loaded "$(kvm_mod $n)" || fail "instance $n not loaded"
	[ -c /dev/kvm-$n ] || fail "/dev/kvm-$n missing"
	expect_file_eq /sys/kernel/vac/instances/$n/svm_asid/used 5
done
# In file order: a got the first range.
expect_file_eq /sys/kernel/vac/instances/a/svm_asid/range_first 1
echo "ok: start loaded vac.ko, the quotas, then a and b"

run vac-setup start
echo "ok: a second start changes nothing"

# An instance without a quota (c exists, its quota does not): named,
# exit 1, the others unharmed; vac.ko says why in dmesg.
printf 'a\nc\nb\n' >$conf/instances
vac-setup start 2>/tmp/setup.err
expect_eq "start with an instance lacking a quota" $? 1
cat /tmp/setup.err
grep -q "instance c: modprobe kvm-amd-c failed" /tmp/setup.err ||
	fail "no message for instance c"
module_loaded "$(kvm_mod c)" && fail "c loaded without a quota"
module_loaded "$(kvm_mod a)" && module_loaded "$(kvm_mod b)" ||
	fail "a or b went away"
printf 'a\nBad!\nb\n' >$conf/instances
vac-setup start 2>/tmp/setup.err
expect_eq "start with a bad name" $? 1
grep -q "bad instance name 'Bad!'" /tmp/setup.err || fail "no message for the bad name"
echo "ok: a bad or quota-less instance is named, exit 1, the others stay"

# stop: b (no VM) goes, a (a VM running) stays.
printf 'a\nb\n' >$conf/instances
vmm-test -d /dev/kvm-a -m 1 -c 1 -t 60 -q >/tmp/vmm.out 2>&1 &
vp=$!
n=0
until [ "$(cat /sys/kernel/vac/instances/a/vms)" = 1 ]; do
	n=$((n + 1))
	[ $n -lt 100 ] || fail "vmm-test's VM never showed up on a"
	sleep 0.1
done
vac-setup stop 2>/tmp/setup.err
expect_eq "stop with a VM on a" $? 1
grep -q "instance a runs 1 VMs: left loaded" /tmp/setup.err || fail "no message for a"
module_loaded "$(kvm_mod a)" || fail "a was unloaded under its VM"
module_loaded "$(kvm_mod b)" && fail "b still loaded"
kill $vp
wait $vp
run vac-setup stop
module_loaded "$(kvm_mod a)" && fail "a still loaded"
module_loaded vac || fail "stop unloaded vac.ko"
echo "ok: stop unloads what runs no VM, last first, and leaves vac.ko"

kvm_quota_del a
kvm_quota_del b
