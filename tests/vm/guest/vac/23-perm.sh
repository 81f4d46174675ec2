#!/bin/sh
# An unprivileged process can query and subscribe, gets EPERM (with a
# message) on mutations, and cannot write sysfs; root cannot write sysfs
# either.  A file an unprivileged process opened stays unprivileged when
# root writes to it (the opener needs CAP_SYS_ADMIN too, as for netlink).
. /vac/tests/lib.sh

vac_load
run vacmsg set permtest svm_asid=1
as_nobody vac-proto-test perm || fail "vac-proto-test perm as nobody"
out=$(as_nobody vacmsg set permtest svm_asid=2)
expect_match "set as nobody" "$out" \
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
