#!/bin/sh
# vac.ko loads, creates /dev/vac (0660, root's until udev gives it group
# kvm: 23-perm) and /sys/kernel/vac, and unloads without leaving either
# behind.
. /vac/tests/lib.sh

vac_unload
load_module vac
expect_eq "/dev/vac" "$(stat -c '%A %U %G' /dev/vac)" "crw-rw---- root root"
for d in resources instances; do
	[ -d $VAC_SYSFS/$d ] || fail "$VAC_SYSFS/$d missing"
done
for s in vpid svm_asid sev_asid sev_es_asid ga_vm_id; do
	[ -d $VAC_SYSFS/resources/$s ] || fail "resources/$s missing"
done
expect_eq "instances at load" "$(ls $VAC_SYSFS/instances | wc -l)" 0
vac_unload
[ -e /dev/vac ] && fail "/dev/vac left after unload"
[ -e $VAC_SYSFS ] && fail "$VAC_SYSFS left after unload"
vac_load
true
