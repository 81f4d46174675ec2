#!/bin/sh
# The permission model (docs/protocol.md, "Who may do what"): vac.ko's
# node is root's only; with the udev rule's group kvm, a member of kvm
# can query and subscribe and gets EPERM (with a message) on mutations,
# anyone else cannot open it.  Nobody can write sysfs, root included.  A
# file an unprivileged process opened stays unprivileged when root writes
# to it (the opener needs CAP_SYS_ADMIN too, as for netlink).
. /vac/tests/lib.sh

vac_unload
# (Ranges of 1 and 2 ASIDs below: see vac_load.)
load_module vac svm_asid_min_range=1
expect_eq "node as vac.ko makes it" "$(stat -c '%A %U %G' $VAC_DEV)" \
	"crw-rw---- root root"
out=$(as_vmm vacmsg version 2>&1) && fail "vmm opened $VAC_DEV before udev: $out"
expect_match "vmm without the rule" "$out" "ermission denied"
vac_udev
expect_eq "node after 60-vac.rules" "$(stat -c '%A %U %G' $VAC_DEV)" \
	"crw-rw---- root kvm"
out=$(as_nobody vacmsg version 2>&1) && fail "nobody opened $VAC_DEV: $out"
expect_match "nobody (not in kvm)" "$out" "ermission denied"

run vacmsg set permtest svm_asid=1
as_vmm vac-proto-test perm || fail "vac-proto-test perm as vmm"
out=$(as_vmm vacmsg set permtest svm_asid=2)
expect_match "set as vmm" "$out" \
	'^ERROR .*error=-1 .*msg="changing quotas needs CAP_SYS_ADMIN"'
expect_file_eq $VAC_SYSFS/instances/permtest/svm_asid/quota 1
f=$VAC_SYSFS/instances/permtest/svm_asid/quota
set -- $(ls -l $f)
expect_eq "mode of $f" "$1" "-r--r--r--"
if echo 5 2>/dev/null >$f; then
	fail "root could write $f"
fi
expect_file_eq $f 1
run vacmsg del permtest
run vac-proto-test opener
