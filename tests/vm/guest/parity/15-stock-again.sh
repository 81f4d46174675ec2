#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The reference is reproducible: the stock phase of 10-stock once more
# (load kvm-amd, guests on every CPU, MSR writes counted, snapshots idle
# and unloaded) leaves exactly the same host state under the comparison
# rules that 30-host-state applies, and writes as many host MSRs per
# exit, within 20-msr-writes' tolerance either way.  A difference here is
# noise in the method, and would make the instance checks meaningless.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm
. /vac/tests/parity/lib-parity

[ -f $PARITY_DIR/stock-gone.snap ] || fail "no stock reference (10-stock failed?)"
module_loaded vac && fail "vac.ko loaded: stock kvm would be refused"
parity_msr_load

run modprobe kvm-$KVM_VENDOR
hold_start /dev/kvm
guests_everywhere kvm:/dev/kvm
msr_writes kvm /dev/kvm
hold_stop
snap stock2-idle
run rmmod kvm_$KVM_VENDOR kvm
snap stock2-gone

rc=0
snap_cmp stock-idle stock2-idle stock stock-again || rc=1
snap_cmp stock-gone stock2-gone stock stock-again || rc=1
s_pe=$(mw_saved stock per-exit) || { echo "$s_pe"; exit 1; }
echo "MSR writes per guest exit: stock $s_pe, stock again $mw_per_exit"
if ! mw_within "$s_pe" "$mw_per_exit" || ! mw_within "$mw_per_exit" "$s_pe"; then
	echo "stock again by MSR: $mw_by"
	echo "stock       by MSR: $(mw_saved stock by-msr)"
	rc=1
fi
[ $rc = 0 ] || fail "stock kvm-$KVM_VENDOR twice does not leave the same host state"
echo "ok: stock kvm-$KVM_VENDOR leaves the same host state every time"
