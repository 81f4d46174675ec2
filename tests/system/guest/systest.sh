#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Inside the system test's Debian VM (tests/system/README.md), run by
# vac-systest.service at each boot; /root/systest/phase says which:
#
#   install  dpkg -i the runtime packages (vac-dkms, libvac2, vacctl),
#            with the modules DKMS would build given as a prebuilt DKMS
#            tarball (compiling KVM under TCG would take most of an hour),
#            write /etc/vac/quotas and /etc/vac/instances, add user vmm to
#            group kvm; power off
#   check    after the reboot: assert what the host must look like; power
#            off
#
# Every line meant for the host starts with "SYSTEST "; the last is
# "SYSTEST PASS" or "SYSTEST FAIL: ...".
d=/root/systest
phase=$(cat $d/phase)
fails=0

say() { echo "SYSTEST $*"; }
ok() { say "ok: $*"; }
bad() { say "FAIL: $*"; fails=$((fails + 1)); }
finish() {
	if [ $fails = 0 ]; then say "PASS ($phase)"; else say "FAIL: $fails checks failed ($phase)"; fi
	sync
	systemctl poweroff
	exit 0
}

say "phase $phase, kernel $(uname -r), up $(cut -d' ' -f1 /proc/uptime) s"
# udev loads modules by alias while it works through the boot's events:
# whether stock KVM is loaded is known only once it is done.
udevadm settle --timeout=120 || bad "udevadm settle timed out"
case $phase in
install)
	export DEBIAN_FRONTEND=noninteractive
	# The oracle of "stock KVM not loaded" in the check phase: without
	# VAC, udev loads kvm_amd at boot by its CPU alias.
	[ -d /sys/module/kvm_amd ] &&
		ok "before VAC: udev loaded stock kvm_amd (the oracle)" ||
		bad "before VAC: stock kvm_amd not loaded, so its absence later proves nothing"
	# DKMS's own way of shipping built modules with a package: its
	# postinst loads /usr/share/PACKAGE/NAME-VERSION.dkms.tar.gz if there
	# is one (dkms ldtarball) and only installs what it holds.
	v=$(dpkg-deb -f $d/debs/vac-dkms_*.deb Version)
	mkdir -p /usr/share/vac-dkms
	cp $d/vac-dkms-prebuilt.tar.gz /usr/share/vac-dkms/vac-$v.dkms.tar.gz
	# man-db's database is rebuilt by a trigger of every package with a
	# page: minutes under TCG, and nothing the test needs.
	echo 'man-db man-db/auto-update boolean false' | debconf-set-selections
	debs=$(ls $d/debs/vac-dkms_*.deb $d/debs/libvac2_*.deb $d/debs/vacctl_*.deb)
	# dpkg's output goes to the console as it comes, for a step that hangs.
	if dpkg -i $debs 2>&1 | tee $d/dpkg.log | sed -u 's/^/SYSTEST   | /' &&
	   dpkg -s vac-dkms libvac2 vacctl 2>/dev/null |
	   grep -c '^Status: install ok installed' | grep -qx 3; then
		ok "dpkg -i: $(for f in $debs; do dpkg-deb -f "$f" Package; done | tr '\n' ' ')"
	else
		bad "dpkg -i"
	fi
	# (AMD: a space the CPU lacks takes only quota 0.)
	printf 'quota a svm_asid 5\nquota b svm_asid 5\n' >/etc/vac/quotas
	printf 'a\nb\n' >/etc/vac/instances
	useradd -m -G kvm vmm && ok "user vmm in group kvm" || bad "useradd vmm"
	echo check >$d/phase
	finish
	;;
check)
	systemctl is-active --quiet vac.service && ok "vac.service active" ||
		{ bad "vac.service not active"; systemctl status vac.service | sed 's/^/SYSTEST   | /'; }
	[ -d /sys/module/vac ] && ok "vac.ko loaded" || bad "vac.ko not loaded"
	for n in a b; do
		[ -d /sys/module/kvm_amd_$n ] && ok "kvm-amd-$n loaded" || bad "kvm-amd-$n not loaded"
		q=$(cat /sys/kernel/vac/instances/$n/svm_asid/quota 2>/dev/null)
		[ "$q" = 5 ] && ok "quota of $n applied (svm_asid 5)" || bad "quota of $n: '$q'"
		st=$(stat -c '%U:%G %a' /dev/kvm-$n 2>&1)
		[ "$st" = "root:kvm 660" ] && ok "/dev/kvm-$n $st" || bad "/dev/kvm-$n: $st"
	done
	st=$(stat -c '%U:%G %a' /dev/vac 2>&1)
	[ "$st" = "root:kvm 660" ] && ok "/dev/vac $st" || bad "/dev/vac: $st"
	for m in kvm_amd kvm_intel kvm; do
		[ ! -d /sys/module/$m ] && ok "stock $m not loaded" || bad "stock $m loaded"
	done
	p=$(command -v vacctl) && ok "vacctl on PATH: $p" || bad "vacctl not on PATH"
	vacctl instance show | sed 's/^/SYSTEST   | /'
	ds=$(dkms status vac)
	case $ds in
	*"$(uname -r)"*installed*) ok "dkms status: $ds" ;;
	*) bad "dkms status: $ds" ;;
	esac
	# A user of group kvm (not root) runs a guest on /dev/kvm-a.
	if setpriv --reuid=vmm --regid=vmm --init-groups \
		$d/vmm-test -d /dev/kvm-a -m 1 -c 1 -i 3 -q >$d/vmm.log 2>&1; then
		ok "vmm (group kvm) ran a guest on /dev/kvm-a: $(tail -n 1 $d/vmm.log)"
	else
		sed 's/^/SYSTEST   | /' $d/vmm.log
		bad "vmm could not run a guest on /dev/kvm-a"
	fi
	# (quiet keeps KERN_WARNING off the console: read the log.)
	w=$(dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|RIP:' | head -n 5)
	[ -z "$w" ] && ok "no kernel warning in dmesg" || bad "kernel log: $w"
	[ $fails = 0 ] ||
		journalctl -b -u vac.service --no-pager | sed 's/^/SYSTEST   | /'
	finish
	;;
*)
	bad "unknown phase '$phase'"
	finish
	;;
esac
