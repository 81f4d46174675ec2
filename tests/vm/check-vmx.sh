#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The `check-vmx` target: the Intel half of the VM tests, one boot under
# Bochs (CPU broadwell_ult, VMX with EPT, VPID and nested; 2 CPUs), with
# suites parity (stock kvm-intel is the oracle for the instances' host
# state), vmx (VPIDs, quota exhaustion, hotplug and reload) and reboot
# (last: it ends the boot).  Exits non-zero if the boot failed.
# Arguments are passed to run-vm.sh.
here=$(cd "$(dirname "$0")" && pwd)

suites=""
for s in parity vmx reboot; do
	for f in "$here/guest/$s"/*.sh; do
		[ -f "$f" ] && { suites="$suites $s"; break; }
	done
done
[ -n "$suites" ] || { echo "check-vmx: no suites"; exit 1; }

start=$(date +%s)
# shellcheck disable=SC2086
"$here/run-vm.sh" --bochs --cpus 2 "$@" $suites
rc=$?
echo "check-vmx: $([ $rc = 0 ] && echo passed || echo FAILED)" \
	"in $(($(date +%s) - start))s"
exit $rc
