#!/bin/sh
# Install every Debian package the VAC build and tests need.
# Idempotent: packages already present are skipped, and `apt-get update`
# runs at most once per invocation and only when something is missing.
set -eu

PKGS="build-essential cmake pkg-config check liburcu-dev libnl-3-dev
libnl-genl-3-dev lcov linux-headers-amd64 linux-image-amd64 linux-source-6.1
qemu-system-x86 busybox-static cpio xz-utils kmod bc bison flex libelf-dev
libssl-dev libjson-c-dev python3 jq gzip abigail-tools
debhelper dh-dkms dkms lintian fakeroot mmdebstrap e2fsprogs
bochs bochsbios vgabios isolinux syslinux-common xorriso"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
