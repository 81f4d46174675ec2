#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vac.ko and Debian's stock kvm exclude each other, with a message:
# vac.ko refuses to load while kvm is loaded, and while vac.ko is loaded
# the stock kvm, kvm_amd and kvm_intel modules are refused.
. /vac/tests/lib.sh
. /vac/tests/vac/50-hwlib.inc

hw_reset
run modprobe kvm_amd
module_loaded kvm || fail "stock kvm did not load"
fails insmod "$VAC_MODULES/vac.ko"
kmsg_has 'vac: the stock kvm module is loaded' ||
	fail "no message for vac refused because of stock kvm"
[ ! -e "$VAC_SYSFS" ] || fail "$VAC_SYSFS left behind by a refused load"
[ ! -e "$VAC_DEV" ] || fail "$VAC_DEV left behind by a refused load"
unload_module kvm_amd
unload_module kvm
module_loaded kvm && fail "stock kvm still loaded"

vac_load
fails modprobe kvm
kmsg_has 'vac: refusing to load the stock kvm module' ||
	fail "no message for stock kvm refused"
fails modprobe kvm_amd
module_loaded kvm && fail "stock kvm loaded next to vac"
module_loaded kvm_amd && fail "stock kvm_amd loaded next to vac"
vac_unload

note "after vac is gone the stock modules load again"
run modprobe kvm_amd
unload_module kvm_amd
unload_module kvm
true
