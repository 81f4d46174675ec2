#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The root file system of the system test: Debian 12 with systemd, the
# Debian kernel KVER (image and headers: DKMS needs them), linux-source-6.1
# and dkms, built with mmdebstrap from this machine's apt sources, as a
# tarball cached outside the build directory (it takes minutes, 15 with
# other work on the 2 cores, and does not depend on VAC; mmdebstrap picks
# the format from the name's ".tar"):
#
#   build-rootfs.sh KVER [CACHE_DIR]     -> prints the tarball's path
#
# CACHE_DIR defaults to /var/cache/vac.  The name carries a hash of the
# package list, KVER and the apt sources, so a change rebuilds it.
set -eu

kver=$1
cache=${2:-/var/cache/vac}
pkgs="systemd,systemd-sysv,udev,kmod,dbus,iproute2,procps,
linux-image-$kver,linux-headers-$kver,linux-source-6.1,dkms,
libnl-3-200,libjson-c5,initramfs-tools"
pkgs=$(echo "$pkgs" | tr -d ' \n')

sources=""
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -s "$f" ] && sources="$sources $f"
done
[ -n "$sources" ] || { echo "build-rootfs: no apt sources" >&2; exit 1; }
hash=$( (echo "$pkgs $kver"; cat $sources) | sha256sum | cut -c1-16)
tar=$cache/systest-rootfs-$hash.tar
if [ -s "$tar" ]; then
	echo "$tar"
	exit 0
fi

command -v mmdebstrap >/dev/null ||
	{ echo "build-rootfs: mmdebstrap missing (apt-get install mmdebstrap)" >&2; exit 1; }
mkdir -p "$cache"
echo "build-rootfs: mmdebstrap bookworm with $pkgs" >&2
# shellcheck disable=SC2086
mmdebstrap --variant=apt --include="$pkgs" \
	--customize-hook='echo vac-systest >"$1/etc/hostname"' \
	--customize-hook='chroot "$1" passwd -d root' \
	bookworm "$tar.tmp.tar" $sources >"$cache/systest-rootfs.log" 2>&1 ||
	{ tail -30 "$cache/systest-rootfs.log" >&2; rm -f "$tar.tmp.tar"; exit 1; }
mv "$tar.tmp.tar" "$tar"
echo "$tar"
