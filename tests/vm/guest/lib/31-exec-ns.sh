#!/bin/sh
# vacctl exec's mount namespace, with a stand-in device: instance "a" is
# vac_test_instance.ko, and /dev/kvm-a a character device made here
# (1:3, /dev/null), since the stand-in has no KVM device.  Inside, /dev/kvm
# is that device; the private /dev keeps the host's nodes and mounts
# (/dev/null, /dev/pts); outside, nothing changed: no /dev/kvm appears.
. /vac/tests/lib/common.inc
lib_setup
[ -e /dev/kvm-a ] && fail "/dev/kvm-a exists before the test"
[ -e /dev/kvm ] && fail "/dev/kvm exists: stock kvm loaded?"

vc 0 set-quota a svm_asid 1
load_module vac_test_instance name=a
run mknod /dev/kvm-a c 1 3

vc 0 exec a -- sh -c 'stat -c "%F %t:%T" /dev/kvm'
expect_eq "/dev/kvm inside" "$OUT" "character special file 1:3"
vc 0 exec a -- sh -c 'echo hi >/dev/null && ls /dev/pts >/dev/null && \
	test -c /dev/vac && test -L /dev/fd -o ! -e /dev/fd && echo fine'
expect_eq "private /dev works" "$OUT" fine
[ -e /dev/kvm ] && fail "/dev/kvm leaked to the host"
echo "ok: no /dev/kvm outside"
mounts_before=$(wc -l </proc/self/mountinfo)
vc 0 exec a -- true
expect_eq "host mounts unchanged" "$(wc -l </proc/self/mountinfo)" \
	"$mounts_before"

# The command's exit status and argv pass through; exec failures are
# reported like the shell does.
vc 7 exec a -- sh -c 'exit 7'
vc 0 exec a -- sh -c 'test "$1" = "x y"' sh "x y"
vc 127 exec a -- /no/such/program
one_line_error

# When /dev/kvm exists, it is bind-mounted over directly.
run mknod /dev/kvm c 1 5
vc 0 exec a -- sh -c 'stat -c "%t:%T" /dev/kvm'
expect_eq "/dev/kvm over an existing node" "$OUT" "1:3"
expect_eq "host /dev/kvm untouched" "$(stat -c %t:%T /dev/kvm)" "1:5"
rm -f /dev/kvm /dev/kvm-a
unload_module vac_test_instance
vc 0 quota del a
