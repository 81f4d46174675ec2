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
#   kvm-instance.sh extra OUT NAME PATCHDIR
#	For an instance with its own code (a fix not yet in the series):
#	OUT/src-NAME is OUT/src plus the patches PATCHDIR/series lists, and
#	its version (patch 0027) gains "+extra." and a hash of them.
#   kvm-instance.sh build OUT KDIR NAME [EXTRA_SYMBOLS]
#	Build OUT/inst-NAME (a symlink farm of OUT/src-NAME if `extra` made
#	it, else of OUT/src) with Kbuild, M=OUT/inst-NAME, KVM_INSTANCE=NAME.
#	Modules end up in OUT/inst-NAME/arch/x86/kvm/.
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

# series_patches PATCHDIR: the patches PATCHDIR/series names, in order.
series_patches() {
	sed -e 's/#.*//' "$1/series" | while read -r p; do
		[ -z "$p" ] || echo "$p"
	done
}

# series_cat PATCHDIR: the contents of those patches, in order.
series_cat() {
	series_patches "$1" | while read -r p; do
		cat "$1/$p"
	done
}

# series_hash PATCHDIR: the first 12 hex digits of the SHA-256 of the
# patches PATCHDIR/series applies, in order (what they change, not their
# file names).
series_hash() {
	series_cat "$1" | sha256sum | cut -c1-12
}

# apply_series PATCHDIR TREE SVER: apply PATCHDIR/series to TREE (Linux
# SVER), stopping at the first patch that does not apply.
apply_series() {
	series_patches "$1" | while read -r p; do
		[ -f "$1/$p" ] || die "$1/series names $p, which does not exist"
		if ! patch -p1 -s -f --no-backup-if-mismatch -d "$2" \
			< "$1/$p" >"$out/patch.log" 2>&1; then
			cat "$out/patch.log" >&2
			die "patch $1/$p does not apply to Linux $3: refresh it (docs/kvm-instance.md)"
		fi
	done
}

# sync_tree FROM TO: make TO a copy of FROM, leaving the files whose
# content did not change (and their mtimes) alone, so that Kbuild
# rebuilds only what a patch touched.  Removes FROM.
sync_tree() {
	mkdir -p "$2"
	(cd "$1" && find . -type f) | while read -r f; do
		if ! cmp -s "$1/$f" "$2/$f"; then
			mkdir -p "$(dirname "$2/$f")"
			cp -p "$1/$f" "$2/$f"
			touch "$2/$f"
		fi
	done
	(cd "$2" && find . -type f) | while read -r f; do
		[ -e "$1/$f" ] || rm -f "$2/$f"
	done
	rm -rf "$1"
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
	pstamp=$( (echo "$tstamp"; cat "$patchdir/series"; series_cat "$patchdir") |
		sha256sum | cut -d' ' -f1)
	if [ -d "$out/src" ] && [ "$(cat "$out/src.stamp" 2>/dev/null)" = "$pstamp" ]; then
		return 0
	fi
	rm -rf "$out/src.tmp"
	cp -a "$out/pristine" "$out/src.tmp"
	apply_series "$patchdir" "$out/src.tmp" "$sver"

	# What the modules are (patch 0027): the source package's version
	# and a hash of the series, in a header kvm_main.c includes.
	write_version_h "$tarball" "$sver" "$patchdir" \
		> "$out/src.tmp/virt/kvm/kvm_instance_version.h"

	# 4. Sync into src, keeping the mtime of unchanged files.
	sync_tree "$out/src.tmp" "$out/src"
	echo "$pstamp" > "$out/src.stamp"
	echo "kvm-instance: Linux $sver patched ($(grep -c '^[^#]' "$patchdir/series") patches)"
}

# extra OUT NAME PATCHDIR: OUT/src-NAME, OUT/src plus PATCHDIR/series.
extra() {
	out=$1 name=$2 patchdir=$3

	check_name "$name"
	[ -f "$out/src.stamp" ] || die "run prepare first"
	[ -f "$patchdir/series" ] || die "$patchdir/series not found"
	[ -n "$(series_patches "$patchdir")" ] || die "$patchdir/series names no patch"
	dst=$out/src-$name
	estamp=$( (cat "$0" "$out/src.stamp" "$patchdir/series"; series_cat "$patchdir") |
		sha256sum | cut -d' ' -f1)
	if [ -d "$dst" ] && [ "$(cat "$dst.stamp" 2>/dev/null)" = "$estamp" ]; then
		return 0
	fi
	rm -rf "$dst.tmp"
	cp -a "$out/src" "$dst.tmp"
	apply_series "$patchdir" "$dst.tmp" "$(makefile_version "$out/pristine/Makefile")"

	# The version says that this is not the series alone: an admin
	# comparing instances sees which one carries the fix.
	h=$(series_hash "$patchdir")
	n=$(series_patches "$patchdir" | wc -l)
	what="$n extra patches"
	[ "$n" -ne 1 ] || what="1 extra patch"
	sed -i -e "/define KVM_INSTANCE_VERSION/s/\"\$/+extra.$h\"/" \
		-e "/define KVM_INSTANCE_DESCRIPTION/s/\"\$/ plus $what $h\"/" \
		"$dst.tmp/virt/kvm/kvm_instance_version.h"
	grep -q "+extra.$h\"" "$dst.tmp/virt/kvm/kvm_instance_version.h" ||
		die "cannot mark the version in $dst.tmp/virt/kvm/kvm_instance_version.h"

	sync_tree "$dst.tmp" "$dst"
	echo "$estamp" > "$dst.stamp"
	echo "kvm-instance: $name: the series plus $what from $patchdir"
}

check_name() {
	case $1 in
	''|*[!a-z0-9_-]*|[_-]*) die "bad instance name '$1' (use [a-z0-9_-])" ;;
	esac
	[ ${#1} -lt 16 ] || die "instance name '$1' is longer than 15 characters"
}

build() {
	out=$1 kdir=$2 name=$3 extra=${4:-}

	check_name "$name"
	[ -d "$out/src" ] || die "run prepare first"
	src=$out/src
	[ ! -f "$out/src-$name.stamp" ] || src=$out/src-$name

	inst=$out/inst-$name
	mkdir -p "$inst"
	# A symlink farm: the objects of each instance live in their own
	# directory, the sources are shared.  Links into the other tree,
	# left from a build with(out) extra patches, are replaced.
	if [ "$(cat "$inst/src.used" 2>/dev/null)" != "$src" ]; then
		find "$inst" -type l -delete
		echo "$src" > "$inst/src.used"
	fi
	cp -rsf "$src/." "$inst/"
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
extra) [ $# -eq 3 ] || die "usage: $0 extra OUT NAME PATCHDIR"; extra "$@" ;;
build) [ $# -ge 3 ] || die "usage: $0 build OUT KDIR NAME [EXTRA_SYMBOLS]"; build "$@" ;;
*) die "usage: $0 prepare|extra|build ..." ;;
esac
