#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The `check-vmx` target: the Intel half of the VM tests under Bochs (CPU
# broadwell_ult, VMX with EPT, VPID and nested; 2 CPUs).  Bochs emulates
# every CPU on one host thread, so two boots of about the same length run
# side by side, one per host core:
#  - parity and reboot: stock kvm-intel is the oracle for the instances'
#    host state, then a reboot with guests running (last: it ends the
#    boot);
#  - vmx: VPIDs, quota exhaustion, hotplug and reload, VPID handover and
#    the upstream nested-VMX selftests.
# Then the selftests' runs on kvm-intel-a and -b are judged against stock's
# (tests/selftests/compare.sh).  Each boot's output is shown once it ended.
# Exits non-zero if a boot or the comparison failed.  Arguments are passed
# to run-vm.sh.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# $build, has_scripts.
# shellcheck source=tests/vm/lib-check
. "$here/lib-check"

boots=""
first=""
for s in parity reboot; do
	has_scripts $s && first="$first $s"
done
[ -z "$first" ] || boots="${first# }"
has_scripts vmx && boots="$boots,vmx"
boots=${boots#,}
[ -n "$boots" ] || { echo "check-vmx: no suites"; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
pids=""
i=0
IFS=,
for b in $boots; do
	unset IFS
	i=$((i + 1))
	echo "check-vmx: boot $i: $b"
	# shellcheck disable=SC2086
	"$here/run-vm.sh" --bochs --cpus 2 "$@" $b >"$out/$i.out" 2>&1 &
	pids="$pids $!"
	IFS=,
done
unset IFS

rc=0
i=0
failed=""
for p in $pids; do
	i=$((i + 1))
	wait "$p" || { rc=1; failed="$failed $i"; }
	cat "$out/$i.out"
done
if has_scripts vmx && [ -f "$here/guest/vmx/60-selftests.sh" ]; then
	# shellcheck disable=SC2086
	"$top/tests/selftests/compare.sh" -t "a b" \
		"$build/vm-logs/bochs-vmx.log" || rc=1
fi
for i in $failed; do
	why_failed "check-vmx: boot $i" "$out/$i.out"
done
echo "check-vmx: $([ $rc = 0 ] && echo passed || echo FAILED)" \
	"in $(($(date +%s) - start))s"
exit $rc
