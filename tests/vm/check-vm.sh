#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The `check-vm` target, under QEMU TCG (AMD SVM):
#  - one boot with suites parity, vac, lib, kvm, selftests and reboot;
#    parity comes first: it compares the host state KVM instances leave
#    with what stock kvm-amd leaves, starting from a host no KVM has
#    touched in this boot; reboot comes last: it ends the boot;
#  - stock in its own boot (Debian's stock kvm-amd, vac.ko never loaded);
#  - then the upstream KVM selftests' runs of both boots are compared
#    (tests/selftests/compare.sh: a test that passes on stock must pass on
#    kvm-amd-a and kvm-amd-b).
# Each suite runs only if tests/vm/guest/<suite>/ holds scripts.  Exits
# non-zero if any boot or the comparison failed.  Arguments are passed to
# run-vm.sh.  The Intel half is check-vmx.sh.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# Guest memory of a boot that runs the selftests (two sets at once in the
# main boot), unless $VAC_VM_MEM is more; a --mem among the arguments
# still wins.
st_mem=${VAC_VM_SELFTESTS_MEM:-2048}
[ "${VAC_VM_MEM:-0}" -le "$st_mem" ] || st_mem=$VAC_VM_MEM

# $build, has_scripts.
# shellcheck source=tests/vm/lib-check
. "$here/lib-check"

main=""
# (parity first, reboot last: see above.)
for s in parity vac lib kvm selftests reboot; do
	has_scripts $s && main="$main $s"
done
mem=""
case " $main " in
*" selftests "*) mem="--mem $st_mem" ;;
esac

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rc=0
failed=""
start=$(date +%s)
if [ -n "$main" ]; then
	# shellcheck disable=SC2086
	run_boot "$out/main" $mem "$@" $main || { rc=1; failed="$failed main"; }
fi
if has_scripts stock; then
	# shellcheck disable=SC2086
	run_boot "$out/stock" $mem "$@" stock || { rc=1; failed="$failed stock"; }
fi
[ -n "$main" ] || has_scripts stock || { echo "check-vm: no suites"; rc=1; }
# Both boots ran the selftests: judge the instances against stock.
if [ -n "$mem" ] && has_scripts stock; then
	# shellcheck disable=SC2086
	"$top/tests/selftests/compare.sh" -t "a b" "$build/vm-logs/stock.log" \
		"$build/vm-logs/$(echo $main | tr ' ' -).log" || rc=1
fi
for b in $failed; do
	why_failed "check-vm: $b" "$out/$b"
done
echo "check-vm: $([ $rc = 0 ] && echo passed || echo FAILED)" \
	"in $(($(date +%s) - start))s"
exit $rc
