#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The `check-vm` target: suites parity, vac, lib and kvm in one boot, then
# stock in its own boot (Debian's stock kvm-amd, vac.ko never loaded), each
# suite only if tests/vm/guest/<suite>/ holds scripts.  parity comes first:
# it compares the host state KVM instances leave with what stock kvm-amd
# leaves, starting from a host no KVM has touched in this boot.  Exits
# non-zero if any boot failed.  Arguments are passed to run-vm.sh.
here=$(cd "$(dirname "$0")" && pwd)

has_scripts() {
	for f in "$here/guest/$1"/*.sh; do
		[ -f "$f" ] && return 0
	done
	return 1
}

main=""
# (parity first: see above.)
for s in parity vac lib kvm; do
	has_scripts $s && main="$main $s"
done

rc=0
start=$(date +%s)
if [ -n "$main" ]; then
	# shellcheck disable=SC2086
	"$here/run-vm.sh" "$@" $main || rc=1
fi
if has_scripts stock; then
	"$here/run-vm.sh" "$@" stock || rc=1
fi
[ -n "$main" ] || has_scripts stock || { echo "check-vm: no suites"; rc=1; }
echo "check-vm: $([ $rc = 0 ] && echo passed || echo FAILED)" \
	"in $(($(date +%s) - start))s"
exit $rc
