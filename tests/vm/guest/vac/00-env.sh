#!/bin/sh
# The test VM itself: devices, users, privilege drop, module tree, programs.
. /vac/tests/lib.sh

[ -c /dev/null ] || fail "/dev/null missing (devtmpfs)"
[ -d /sys/kernel/debug ] || fail "debugfs not mounted"
expect_eq "uid as nobody" "$(as_nobody id -u)" 65534
expect_eq "groups of vmm" "$(as_vmm id -Gn)" "vmm kvm"
expect_eq "uid as root" "$(id -u)" 0
[ -f "/lib/modules/$(uname -r)/modules.dep" ] ||
	fail "no modules.dep for $(uname -r)"
[ -f "$VAC_MODULES/vac.ko" ] || fail "vac.ko is not packed"
for p in vacmsg vac-proto-test; do
	command -v $p >/dev/null || fail "program $p is not packed"
done
module_loaded vac && fail "vac.ko loaded before any test"
true
