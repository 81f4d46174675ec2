#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make check-system: VAC's Debian packages on a real Debian 12 system,
# booted twice under QEMU TCG from a disk image (tests/system/README.md).
#
#   run-system-test.sh [--build-dir BUILD] [--timeout SECS] [--keep]
#
# Needs make deb first (BUILD/deb: the packages, and the DKMS tarball of
# modules built for this kernel).  Boot 1 installs the packages with dpkg
# and configures quotas and instances; boot 2 checks the host VAC made.
# Exits non-zero on any failed check, a boot that does not end, or a
# kernel warning on the console.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$top/build
timeout=900
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	-b|--build-dir) build=$2; shift 2 ;;
	-t|--timeout) timeout=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	*) echo "usage: $0 [--build-dir BUILD] [--timeout SECS] [--keep]" >&2; exit 1 ;;
	esac
done
build=$(cd "$build" && pwd)
die() { echo "check-system: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (the image keeps the root file system's owners)"

kdir=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
kver=${kdir##*/linux-headers-}
deb=$build/deb
prebuilt=$deb/vac-dkms-$kver.dkms.tar.gz
[ -f "$prebuilt" ] || die "no $prebuilt: run make deb first"
vmm=$build/vm-tests/vmm-test
[ -x "$vmm" ] || die "no $vmm: build first"

start=$(date +%s)
tar=$("$here/build-rootfs.sh" "$kver") || die "no root file system"
echo "check-system: root file system $tar"

work=$build/systest
rm -rf "$work"
mkdir -p "$work/root"
tar -xpf "$tar" -C "$work/root" --numeric-owner
s=$work/root/root/systest
mkdir -p "$s/debs"
cp "$deb"/*.deb "$s/debs/"
cp "$prebuilt" "$s/vac-dkms-prebuilt.tar.gz"
cp "$vmm" "$here/guest/systest.sh" "$s/"
echo install >"$s/phase"
cp "$here/guest/vac-systest.service" "$work/root/etc/systemd/system/"
ln -sf /etc/systemd/system/vac-systest.service \
	"$work/root/etc/systemd/system/multi-user.target.wants/vac-systest.service"
# A serial console with no login prompt to wait on, and no fsck.
ln -sf /dev/null "$work/root/etc/systemd/system/serial-getty@ttyS0.service"
echo "LABEL=vacroot / ext4 defaults 0 1" >"$work/root/etc/fstab"
vmlinuz=$(ls "$work/root/boot/vmlinuz-$kver")
initrd=$(ls "$work/root/boot/initrd.img-$kver") || die "no initrd in the image"
cp "$vmlinuz" "$initrd" "$work/"
mke2fs -q -t ext4 -L vacroot -d "$work/root" -F "$work/disk.img" 4G ||
	die "mke2fs failed"
rm -rf "$work/root"
echo "check-system: disk image $work/disk.img ready after $(( $(date +%s) - start )) s"

# boot N: boot the image once, until it powers off; console in
# $work/bootN.log.  Fails on a timeout or a kernel warning.
boot() {
	log=$work/boot$1.log
	b0=$(date +%s)
	timeout "$timeout" qemu-system-x86_64 -machine pc -accel tcg \
		-cpu "${VAC_VM_CPU:-qemu64,+svm,+rdtscp}" -smp 2 -m 2048 \
		-kernel "$work/vmlinuz-$kver" -initrd "$work/initrd.img-$kver" \
		-append "root=LABEL=vacroot rw console=ttyS0,115200 panic=-1 quiet systemd.show_status=0" \
		-drive "file=$work/disk.img,if=virtio,format=raw" \
		-nographic -no-reboot -nic none </dev/null >"$log" 2>&1 || {
		tail -n 40 "$log"
		die "boot $1 did not power off within $timeout s"
	}
	grep -a 'SYSTEST' "$log" | sed 's/^.*SYSTEST/SYSTEST/'
	if grep -aE 'WARNING:|BUG:|Oops|Call Trace' "$log"; then
		die "boot $1: kernel warning on the console ($log)"
	fi
	grep -aq 'SYSTEST PASS' "$log" || die "boot $1 failed ($log)"
	echo "check-system: boot $1 passed in $(( $(date +%s) - b0 )) s"
}

boot 1
boot 2
[ $keep = 1 ] || rm -f "$work/disk.img"
echo "check-system: passed in $(( $(date +%s) - start )) s"
