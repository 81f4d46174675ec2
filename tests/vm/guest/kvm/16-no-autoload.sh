# SPDX-License-Identifier: GPL-2.0
#
# No instance module loads by itself (patch 0029): depmod, run on the VM's
# module tree as on an installed host, writes the CPU-feature alias
# through which udev loads KVM at boot for stock kvm-amd and kvm-intel
# (the oracle: the check sees aliases) and none for kvm-amd-NAME or
# kvm-intel-NAME.  Resolving this CPU's own modalias the way udev's kmod
# does names stock KVM only.
. /vac/tests/lib.sh
. /vac/tests/kvm/lib-kvm

aliases=/lib/modules/$(uname -r)/modules.alias
[ -s "$aliases" ] || fail "$aliases missing or empty"
grep -E '^alias cpu:type:x86,.*:feature:.*00C2.* kvm_amd$' "$aliases" ||
	fail "stock kvm_amd has no CPU-feature alias in $aliases"
grep -E '^alias cpu:type:x86,.*:feature:.*0085.* kvm_intel$' "$aliases" ||
	fail "stock kvm_intel has no CPU-feature alias in $aliases"
n=0
for ko in $(find /lib/modules -name 'kvm-*-*.ko'); do
	m=$(basename "$ko" .ko | tr - _)
	case $m in kvm_amd_*|kvm_intel_*) ;; *) continue ;; esac
	n=$((n + 1))
	if grep -E " $m\$" "$aliases"; then
		fail "instance module $m has an alias: udev would load it at boot"
	fi
	a=$(modinfo -F alias "$ko")
	[ -z "$a" ] || fail "modinfo $ko: alias $a"
done
[ "$n" -ge 2 ] || fail "found $n instance modules under /lib/modules"
echo "ok: $n instance modules, none with an alias; stock kvm_amd and kvm_intel have theirs"

# What udev does with this CPU's modalias: every module whose alias
# pattern matches it.
cpu=$(cat /sys/devices/system/cpu/modalias)
echo "CPU modalias: $cpu"
matched=$(awk -v m="$cpu" '$1 == "alias" {
		p = $2; gsub(/[.+^$(){}|\[\]\\]/, "\\\\&", p); gsub(/\*/, ".*", p); gsub(/\?/, ".", p)
		if (m ~ ("^" p "$")) print $3 }' "$aliases" | sort -u | tr '\n' ' ')
echo "modules for it: $matched"
expect_match "modules udev would load for this CPU" "$matched" '(^| )kvm_amd( |$)'
case " $matched " in
*" kvm_amd_"* | *" kvm_intel_"*) fail "an instance matches this CPU's modalias: $matched" ;;
esac
echo "ok: this CPU's modalias loads stock kvm_amd, no instance"
