#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The `check-vmx` target: the Intel half of the VM tests, one boot under
# Bochs (CPU broadwell_ult, VMX with EPT, VPID and nested; 2 CPUs), with
# suites parity (stock kvm-intel is the oracle for the instances' host
# state), vmx (VPIDs, quota exhaustion, hotplug and reload, VPID handover,
# the upstream nested-VMX selftests) and reboot (last: it ends the boot).
# Then the selftests' runs on kvm-intel-a and -b are judged against stock's
# (tests/selftests/compare.sh).  Exits non-zero if the boot or the
# comparison failed.  Arguments are passed to run-vm.sh.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# The build directory, as run-vm.sh will see it, for the console log.
build=${VAC_BUILD_DIR:-$top/build}
prev=""
for a in "$@"; do
	case $prev in
	-b|--build-dir) build=$a ;;
	esac
	prev=$a
done

suites=""
for s in parity vmx reboot; do
	for f in "$here/guest/$s"/*.sh; do
		[ -f "$f" ] && { suites="$suites $s"; break; }
	done
done
[ -n "$suites" ] || { echo "check-vmx: no suites"; exit 1; }

rc=0
start=$(date +%s)
# shellcheck disable=SC2086
"$here/run-vm.sh" --bochs --cpus 2 "$@" $suites || rc=1
if [ -f "$here/guest/vmx/60-selftests.sh" ]; then
	# shellcheck disable=SC2086
	"$top/tests/selftests/compare.sh" -t "a b" \
		"$build/vm-logs/bochs-$(echo $suites | tr ' ' -).log" || rc=1
fi
echo "check-vmx: $([ $rc = 0 ] && echo passed || echo FAILED)" \
	"in $(($(date +%s) - start))s"
exit $rc
