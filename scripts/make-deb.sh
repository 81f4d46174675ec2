#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian packages of VAC into BUILD/deb/ (packaging/debian):
# vac-dkms, libvac2, libvac-dev, vacctl.
#
#   scripts/make-deb.sh [BUILD_DIR]
#
# 1. The tracked files of this tree (as they are in the working tree) are
#    copied to BUILD/deb/vac-VERSION/ with packaging/debian as debian/, and
#    dpkg-buildpackage -b builds the binary packages there.
# 2. lintian checks them: any error fails; warnings and the rest are
#    printed and kept in BUILD/deb/lintian.txt.
# 3. The DKMS tree of vac-dkms is built the way DKMS builds it on a host,
#    with dkms itself in a private tree (--dkmstree, --sourcetree: nothing
#    on this machine changes), for the kernel of the newest headers, with
#    instances a and b: vac.ko, kvm-amd-a.ko ... kvm-intel-b.ko must come
#    out.  dkms mktarball keeps them as BUILD/deb/vac-dkms-KVER.dkms.tar.gz
#    for the system test (tests/system).  VAC_DEB_DKMS=0 skips this step
#    (about 2 minutes).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
mkdir -p "$build"
build=$(cd "$build" && pwd)
out=$build/deb
version=$(sed -n 's/^vac (\([^)]*\)).*/\1/p;q' "$top/packaging/debian/changelog")
src=$out/vac-$version

die() { echo "make-deb: $*" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$src"
(cd "$top" && git ls-files -z | xargs -0 cp --parents -t "$src") ||
	die "cannot copy the tree (not a git checkout?)"
cp -r "$top/packaging/debian" "$src/debian"

echo "make-deb: building vac $version in $src"
(cd "$src" && dpkg-buildpackage -b -us -uc -j2) >"$out/build.log" 2>&1 ||
	{ tail -40 "$out/build.log"; die "dpkg-buildpackage failed (log: $out/build.log)"; }
ls "$out"/*.deb >/dev/null 2>&1 || die "no package built"
for d in "$out"/*.deb; do
	echo "make-deb: $(basename "$d"): $(dpkg-deb -f "$d" Installed-Size) KiB installed"
done

changes=$(ls "$out"/vac_"$version"_*.changes)
lintian --info --display-info --pedantic "$changes" >"$out/lintian.txt" 2>&1 || true
cat "$out/lintian.txt"
if grep -q '^E: ' "$out/lintian.txt"; then
	die "lintian reports errors (above; $out/lintian.txt)"
fi
echo "make-deb: lintian: $(grep -c '^E: ' "$out/lintian.txt") errors," \
	"$(grep -c '^W: ' "$out/lintian.txt") warnings," \
	"$(grep -c '^[IP]: ' "$out/lintian.txt") infos and pedantic notes"

[ "${VAC_DEB_DKMS:-1}" = 1 ] || exit 0
command -v dkms >/dev/null || die "dkms missing (apt-get install dkms)"
kdir=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
kver=${kdir##*/linux-headers-}
t=$out/dkms-trial
mkdir -p "$t/root" "$t/tree" "$t/src"
dpkg-deb -x "$out"/vac-dkms_"$version"_all.deb "$t/root"
cp -r "$t/root/usr/src/vac-$version" "$t/src/"
echo "make-deb: DKMS trial build of vac $version for $kver (private tree $t)"
# The instances of the trial: a and b, whatever /etc/vac/instances says
# here.
sed -i 's|^\[ -n "\$vac_instances" \] .*|vac_instances="a b"|' "$t/src/vac-$version/dkms.conf"
dkms add --dkmstree "$t/tree" --sourcetree "$t/src" -m vac -v "$version" >"$t/dkms.log" 2>&1 &&
dkms build --dkmstree "$t/tree" --sourcetree "$t/src" -m vac -v "$version" \
	-k "$kver" --kernelsourcedir "$kdir" >>"$t/dkms.log" 2>&1 ||
	{ tail -40 "$t/dkms.log"; find "$t/tree" -name make.log -exec tail -30 {} \; ; die "dkms build failed"; }
for m in vac kvm-amd-a kvm-intel-a kvm-amd-b kvm-intel-b; do
	f=$(find "$t/tree/vac/$version/$kver" -name "$m.ko*" | head -n 1)
	[ -n "$f" ] || die "dkms built no $m.ko"
	echo "make-deb: dkms built $m ($(basename "$f"))$(modinfo -F version "$f" 2>/dev/null | sed 's/^./, version &/')"
done
dkms status --dkmstree "$t/tree" --sourcetree "$t/src"
dkms mktarball --dkmstree "$t/tree" --sourcetree "$t/src" -m vac -v "$version" \
	-k "$kver" --archive "$out/vac-dkms-$kver.dkms.tar.gz" >>"$t/dkms.log" 2>&1 ||
	{ tail -20 "$t/dkms.log"; die "dkms mktarball failed"; }
echo "make-deb: prebuilt modules for the system test: $out/vac-dkms-$kver.dkms.tar.gz"
echo "make-deb: packages in $out"
