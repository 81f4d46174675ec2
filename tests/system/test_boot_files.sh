#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VAC's boot files, checked with the tools that read them on a host:
#
# 1. vac.service: systemd-analyze verify says nothing about it (run with
#    --man=no, as vacctl(8) need not be installed here, and
#    ExecStart pointing at the source's vac-setup, which must exist).
# 2. vac-modprobe.conf (installed as /lib/modprobe.d/vac.conf): kmod
#    resolving an AMD and an Intel CPU's modalias, as udev does at boot,
#    loads stock kvm_amd / kvm_intel without the file (the oracle) and not
#    with it; an explicit modprobe kvm_amd still would.
#
#   test_boot_files.sh SETUP_SRCDIR KVER
# Exit 77 (skipped) when a tool is missing or stock KVM is already loaded
# (a dry run prints nothing for a loaded module).
set -eu
src=$1 kver=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

command -v systemd-analyze >/dev/null || skip "no systemd-analyze"
command -v modprobe >/dev/null || skip "no modprobe (kmod)"

echo "# 1. vac.service"
sed "s|@VAC_SETUP@|$src/vac-setup|" "$src/vac.service.in" >"$t/vac.service"
out=$(systemd-analyze verify --man=no "$t/vac.service" 2>&1) || fail "systemd-analyze verify: $out"
# (libvirtd etc. need not exist: Before= on a missing unit is fine, and
# verify does not mention it.)
[ -z "$out" ] || fail "systemd-analyze verify vac.service: $out"
echo "ok: systemd-analyze verify vac.service: nothing to say"

echo "# 2. modprobe.d"
[ -f "/lib/modules/$kver/modules.alias" ] || skip "no /lib/modules/$kver"
for m in kvm_amd kvm_intel; do
	[ ! -d "/sys/module/$m" ] || skip "$m is loaded here"
done
mkdir "$t/none" "$t/vac"
cp "$src/vac-modprobe.conf" "$t/vac/vac.conf"
amd='cpu:type:x86,ven0002fam0017mod0031:feature:,0000,0001,00C2,00E0'
intel='cpu:type:x86,ven0000fam0006mod003D:feature:,0000,0001,0085,00E0'
for cpu in "$amd kvm-amd.ko" "$intel kvm-intel.ko"; do
	alias=${cpu% *} ko=${cpu#* }
	without=$(modprobe -n -v -C "$t/none" -S "$kver" "$alias" 2>&1 || true)
	echo "$without" | grep -q "/$ko" ||
		fail "the oracle: without vac.conf, $alias does not load $ko: $without"
	with=$(modprobe -n -v -C "$t/vac" -S "$kver" "$alias" 2>&1 || true)
	! echo "$with" | grep -q "/$ko" ||
		fail "with vac.conf, $alias still loads $ko: $with"
	echo "ok: $ko by alias: loaded without vac.conf, not with it"
done
explicit=$(modprobe -n -v -C "$t/vac" -S "$kver" kvm_amd 2>&1)
echo "$explicit" | grep -q "/kvm-amd.ko" ||
	fail "with vac.conf, modprobe kvm_amd does not load it: $explicit"
echo "ok: modprobe kvm_amd still loads it explicitly"
