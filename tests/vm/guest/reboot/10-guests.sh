# SPDX-License-Identifier: GPL-2.0
#
# Reboot with guests running on two instances (the last suite of a boot).
# This script only sets the scene: vac.ko, instances a and b, VMs on both
# whose guests keep running, then it asks /init to reboot after the
# summary (/tmp/vmtest.reboot).  The reboot goes through VAC's notifier,
# which lets each instance disable virtualization on every CPU (VMCLEAR
# before VMXOFF on Intel) and resets what is left; run-vm.sh then requires
# VAC's and both instances' "exiting hardware virtualization", the
# kernel's "reboot: Restarting system" and a clean console on the way down.
# (On Intel each instance also logs "set kvm_intel.dump_invalid_vmcs=1 to
# dump internal KVM state.": its vCPUs' VM entries fail once VMX is off,
# which KVM's kvm_rebooting path turns into a failed entry instead of a
# fault; not a warning.)
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

kvm_setup
kvm_quota a $KVM_TAGS $KVM_TAGS_QUOTA
kvm_quota b $KVM_TAGS $KVM_TAGS_QUOTA
kvm_load a
kvm_load b

rm -f /tmp/pa /tmp/pb /tmp/never
# (No stop file ever appears: they run until the machine goes down.)
vmm-test -d /dev/kvm-a -m 1 -c 2 -i 1 -w 10 -s /tmp/never -p /tmp/pa -q > /tmp/a.out 2>&1 &
vmm-test -d /dev/kvm-b -m 1 -c 2 -i 1 -w 10 -s /tmp/never -p /tmp/pb -q > /tmp/b.out 2>&1 &
while [ "$(cat /tmp/pa 2>/dev/null || echo 0)" = 0 ] ||
      [ "$(cat /tmp/pb 2>/dev/null || echo 0)" = 0 ]; do
	sleep 0.2
done
assert_enable_counts 2
note "guests running on a and b; /init reboots after the summary"
# The console runs quiet: let the messages of the way down reach it.
printf "dmesg -n 8\nreboot -f\n" > /tmp/vmtest.reboot
