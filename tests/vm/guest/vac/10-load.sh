#!/bin/sh
# vac.ko loads, creates /dev/vac (0666) and /sys/kernel/vac, and unloads
# without leaving either behind.
. /vac/tests/lib.sh

vac_unload
vac_load
set -- $(ls -l /dev/vac)
expect_eq "/dev/vac mode" "$1" "crw-rw-rw-"
for d in resources instances; do
	[ -d $VAC_SYSFS/$d ] || fail "$VAC_SYSFS/$d missing"
done
for s in vpid svm_asid sev_asid sev_es_asid; do
	[ -d $VAC_SYSFS/resources/$s ] || fail "resources/$s missing"
done
expect_eq "instances at load" "$(ls $VAC_SYSFS/instances | wc -l)" 0
vac_unload
[ -e /dev/vac ] && fail "/dev/vac left after unload"
[ -e $VAC_SYSFS ] && fail "$VAC_SYSFS left after unload"
vac_load
true
