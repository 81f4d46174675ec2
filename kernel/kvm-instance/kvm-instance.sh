#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build KVM instance modules (kvm-amd-NAME.ko, kvm-intel-NAME.ko) from the
# distribution's kernel source plus the patch series of this directory.
#
#   kvm-instance.sh prepare OUT TARBALL KDIR PATCHDIR
#	Extract arch/x86/kvm, virt/kvm and include/trace/events/kvm.h from
#	TARBALL into OUT/pristine (once per tarball), check that its version
#	is the version of the headers in KDIR, apply PATCHDIR/series and
#	update OUT/src.  Files whose content did not change keep their
#	mtime, so Kbuild rebuilds only what a patch touched.
#   kvm-instance.sh build OUT KDIR NAME [EXTRA_SYMBOLS]
#	Build OUT/NAME (a symlink farm of OUT/src) with Kbuild, M=OUT/NAME,
#	KVM_INSTANCE=NAME.  Modules end up in OUT/NAME/arch/x86/kvm/.
#
# Environment: JOBS (default 2), VAC_INCLUDE (directory of vac_kvm.h,
# default ../vac next to this script).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
VAC_INCLUDE=${VAC_INCLUDE:-$(cd "$here/../vac" && pwd)}

die() {
	echo "kvm-instance: error: $*" >&2
	exit 1
}

# Kernel version (e.g. 6.1.192) of a Makefile's VERSION/PATCHLEVEL/SUBLEVEL.
makefile_version() {
	awk -F' *= *' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2; print v "." p "." s; exit }' "$1"
}

# Kernel version of a headers tree, from the generated version.h.
headers_version() {
	awk '/define LINUX_VERSION_MAJOR/ { v = $3 }
	     /define LINUX_VERSION_PATCHLEVEL/ { p = $3 }
	     /define LINUX_VERSION_SUBLEVEL/ { s = $3 }
	     END { if (v != "") print v "." p "." s }' \
		"$1/include/generated/uapi/linux/version.h"
}

# What we take from the kernel source (paths inside the tarball's top dir).
SRC_PATHS="Makefile arch/x86/kvm virt/kvm include/trace/events/kvm.h"

# series_hash PATCHDIR: the first 12 hex digits of the SHA-256 of the
# patches PATCHDIR/series applies, in order (what they change, not their
# file names).
series_hash() {
	sed -e 's/#.*//' "$1/series" | while read -r p; do
		[ -n "$p" ] && cat "$1/$p"
	done | sha256sum | cut -c1-12
}

# write_version_h TARBALL SVER PATCHDIR: kvm_instance_version.h on stdout.
# The Debian version of the package that owns TARBALL, or Linux SVER
# for a tarball from elsewhere.
write_version_h() {
	pkg=$(dpkg-query -S "$1" 2>/dev/null | cut -d: -f1)
	pver=""
	[ -z "$pkg" ] || pver=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null)
	if [ -n "$pver" ]; then
		src="Debian $pkg $pver"
	else
		src="Linux $2 from $(basename "$1")"
		pver=$2
	fi
	h=$(series_hash "$3")
	cat <<EOF
/* Written by kernel/kvm-instance/kvm-instance.sh: what this build is. */
#define KVM_INSTANCE_VERSION "$pver+vac.$h"
#define KVM_INSTANCE_DESCRIPTION "$src with VAC's patch series $h"
EOF
}

prepare() {
	out=$1 tarball=$2 kdir=$3 patchdir=$4

	[ -r "$tarball" ] || die "kernel source $tarball not found (apt-get install linux-source-6.1)"
	[ -f "$kdir/include/generated/uapi/linux/version.h" ] ||
		die "$kdir is not a kernel headers tree"
	[ -f "$patchdir/series" ] || die "$patchdir/series not found"
	mkdir -p "$out"

	# 1. Pristine extraction, redone only when the tarball changes.
	tstamp=$(stat -c '%n %s %Y' "$tarball")
	if [ "$(cat "$out/pristine.stamp" 2>/dev/null)" != "$tstamp" ]; then
		echo "kvm-instance: extracting KVM from $tarball"
		rm -rf "$out/pristine" "$out/pristine.tmp" "$out/pristine.stamp"
		mkdir -p "$out/pristine.tmp"
		top=$(tar -tJf "$tarball" 2>/dev/null | head -n 1 | cut -d/ -f1) || true
		[ -n "$top" ] || die "cannot read $tarball"
		members=
		for p in $SRC_PATHS; do
			members="$members $top/$p"
		done
		# shellcheck disable=SC2086
		tar -xJf "$tarball" -C "$out/pristine.tmp" --strip-components=1 \
			$members || die "extracting $tarball failed"
		mv "$out/pristine.tmp" "$out/pristine"
		echo "$tstamp" > "$out/pristine.stamp"
	fi

	# 2. The source must be the kernel the headers were built from.
	sver=$(makefile_version "$out/pristine/Makefile")
	hver=$(headers_version "$kdir")
	if [ "$sver" != "$hver" ]; then
		die "version mismatch: $tarball is Linux $sver but $kdir is Linux $hver.
  Install the linux-source package of the running ABI (same Debian
  version as linux-headers), or point VAC_KDIR at matching headers."
	fi

	# 3. Apply the series into a scratch tree.
	pstamp=$( (echo "$tstamp"; cat "$patchdir/series";
		   sed -e 's/#.*//' "$patchdir/series" | while read -r p; do
			[ -n "$p" ] && cat "$patchdir/$p"
		   done) | sha256sum | cut -d' ' -f1)
	if [ -d "$out/src" ] && [ "$(cat "$out/src.stamp" 2>/dev/null)" = "$pstamp" ]; then
		return 0
	fi
	rm -rf "$out/src.tmp"
	cp -a "$out/pristine" "$out/src.tmp"
	sed -e 's/#.*//' "$patchdir/series" | while read -r p; do
		[ -n "$p" ] || continue
		[ -f "$patchdir/$p" ] || die "series names $p, which does not exist"
		if ! patch -p1 -s -f --no-backup-if-mismatch -d "$out/src.tmp" \
			< "$patchdir/$p" >"$out/patch.log" 2>&1; then
			cat "$out/patch.log" >&2
			die "patch $p does not apply to Linux $sver: refresh it (docs/kvm-instance.md)"
		fi
	done

	# What the modules are (patch 0027): the source package's version
	# and a hash of the series, in a header kvm_main.c includes.
	write_version_h "$tarball" "$sver" "$patchdir" \
		> "$out/src.tmp/virt/kvm/kvm_instance_version.h"

	# 4. Sync into src, keeping the mtime of unchanged files.
	mkdir -p "$out/src"
	(cd "$out/src.tmp" && find . -type f) | while read -r f; do
		if ! cmp -s "$out/src.tmp/$f" "$out/src/$f"; then
			mkdir -p "$(dirname "$out/src/$f")"
			cp -p "$out/src.tmp/$f" "$out/src/$f"
			touch "$out/src/$f"
		fi
	done
	(cd "$out/src" && find . -type f) | while read -r f; do
		[ -e "$out/src.tmp/$f" ] || rm -f "$out/src/$f"
	done
	rm -rf "$out/src.tmp"
	echo "$pstamp" > "$out/src.stamp"
	echo "kvm-instance: Linux $sver patched ($(grep -c '^[^#]' "$patchdir/series") patches)"
}

build() {
	out=$1 kdir=$2 name=$3 extra=${4:-}

	case $name in
	''|*[!a-z0-9_-]*|[_-]*) die "bad instance name '$name' (use [a-z0-9_-])" ;;
	esac
	[ ${#name} -lt 16 ] || die "instance name '$name' is longer than 15 characters"
	[ -d "$out/src" ] || die "run prepare first"

	inst=$out/inst-$name
	mkdir -p "$inst"
	# A symlink farm: the objects of each instance live in their own
	# directory, the sources are shared.
	cp -rsf "$out/src/." "$inst/"
	echo 'obj-m += arch/x86/kvm/' > "$inst/Kbuild"

	set -- -C "$kdir" M="$inst" KVM_INSTANCE="$name" VAC_INCLUDE="$VAC_INCLUDE"
	[ -z "$extra" ] || set -- "$@" KBUILD_EXTRA_SYMBOLS="$extra"
	# Kbuild reruns modpost only when the objects change, not when
	# vac.ko's symbol CRCs do: then drop its output, so that the module
	# records the CRCs of the vac.ko it will load against.
	if [ -n "$extra" ] && ! cmp -s "$extra" "$inst/vac.symvers.used"; then
		rm -f "$inst/Module.symvers"
		cp "$extra" "$inst/vac.symvers.used"
	fi
	# Our own -j: the caller's jobserver (CMake's make) is not passed on.
	env -u MAKEFLAGS -u MFLAGS make -j"${JOBS:-2}" "$@" modules
}

cmd=${1:-}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then
	mkdir -p "$1"
	out=$(cd "$1" && pwd)
	shift
	set -- "$out" "$@"
fi
case $cmd in
prepare) [ $# -eq 4 ] || die "usage: $0 prepare OUT TARBALL KDIR PATCHDIR"; prepare "$@" ;;
build) [ $# -ge 3 ] || die "usage: $0 build OUT KDIR NAME [EXTRA_SYMBOLS]"; build "$@" ;;
*) die "usage: $0 prepare|build ..." ;;
esac
