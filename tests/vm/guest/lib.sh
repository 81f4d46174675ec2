# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the VM test scripts (sourced: . /vac/tests/lib.sh).
#
# A script is one test: exit 0 = pass.  Use fail() (or die()) to stop with a
# message; the helpers below print what they compared, so a failed run is
# readable from the console log alone.

VAC_MODULES=${VAC_MODULES:-/vac/modules}
VAC_SYSFS=/sys/kernel/vac
VAC_DEV=/dev/vac

# fail MSG...: print "FAIL: MSG" and exit 1.
fail() {
	echo "FAIL: $*"
	exit 1
}
die() { fail "$@"; }

# note MSG...: a diagnostic line.
note() {
	echo "# $*"
}

# run CMD...: run and echo a command, fail if it fails.
run() {
	echo "+ $*"
	"$@" || fail "command failed ($?): $*"
}

# fails CMD...: run a command that must fail.
fails() {
	echo "+ ! $*"
	if "$@"; then
		fail "command succeeded but should have failed: $*"
	fi
	return 0
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" != "$3" ]; then
		fail "$1: got '$2', want '$3'"
	fi
	echo "ok: $1 = '$2'"
}

# expect_ne WHAT GOT NOTWANT
expect_ne() {
	if [ "$2" = "$3" ]; then
		fail "$1: got '$2', want anything else"
	fi
	echo "ok: $1 = '$2' (not '$3')"
}

# expect_match WHAT TEXT ERE: TEXT must match the extended regexp ERE.
expect_match() {
	if ! printf '%s\n' "$2" | grep -Eq -- "$3"; then
		fail "$1: '$2' does not match /$3/"
	fi
	echo "ok: $1 matches /$3/"
}

# expect_file_eq PATH WANT: the file holds exactly WANT.
expect_file_eq() {
	[ -r "$1" ] || fail "$1: missing"
	expect_eq "$1" "$(cat "$1")" "$2"
}

# as_nobody CMD...: run CMD as the unprivileged user nobody (uid 65534),
# who is in no group.
as_nobody() {
	su -s /bin/sh nobody -c "PATH=$PATH; export PATH; $*"
}

# as_vmm CMD...: run CMD as user vmm (uid 1000), unprivileged but in group
# kvm, as the user a VMM runs as on a host.
as_vmm() {
	su -s /bin/sh vmm -c "PATH=$PATH; export PATH; $*"
}

# vac_udev: give /dev/vac and /dev/kvm-* the owner and mode that udev
# gives them on a host with kernel/vac/60-vac.rules (this VM has no udev).
vac_udev() {
	for d in $VAC_DEV /dev/kvm-*; do
		[ -c "$d" ] || continue
		chgrp kvm "$d" && chmod 0660 "$d" || fail "$d: chgrp/chmod"
	done
}

# module_loaded NAME: is module NAME loaded?
module_loaded() {
	grep -q "^$1 " /proc/modules
}

# load_module NAME [PARAMS...]: insmod $VAC_MODULES/NAME.ko unless loaded.
load_module() {
	_m=$1
	shift
	module_loaded "$(echo "$_m" | tr - _)" && return 0
	[ -f "$VAC_MODULES/$_m.ko" ] || fail "no module $VAC_MODULES/$_m.ko"
	run insmod "$VAC_MODULES/$_m.ko" "$@"
}

# unload_module NAME: rmmod NAME if loaded.
unload_module() {
	_m=$(echo "$1" | tr - _)
	module_loaded "$_m" || return 0
	run rmmod "$_m"
}

# vac_load [PARAMS...]: load vac.ko and wait for /dev/vac.  The protocol
# tests carve svm_asid ranges of 1 to 3 ASIDs, below the default floor
# (vac/32-svm-asid-floor tests that): svm_asid_min_range=1 unless PARAMS
# say otherwise.
vac_load() {
	load_module vac svm_asid_min_range=1 "$@"
	[ -c $VAC_DEV ] || fail "$VAC_DEV missing after loading vac.ko"
	vac_udev
}

# vac_unload: unload vac.ko (and nothing else).
vac_unload() {
	unload_module vac
}

# kmsg_has ERE: the kernel log holds a line matching ERE.
kmsg_has() {
	dmesg | grep -Eq -- "$1"
}

# slab_total: total objects over all slab caches (for leak checks).
slab_total() {
	awk 'NR > 2 { n += $2 } END { print n }' /proc/slabinfo
}

# vmtest_arg NAME: the value of vmtest.NAME=... on the kernel command line
# (empty if absent), e.g. vmtest.fuzz, which run-vm.sh --append sets.
vmtest_arg() {
	for _w in $(cat /proc/cmdline); do
		case $_w in
		vmtest.$1=*) echo "${_w#*=}" ;;
		esac
	done
}
