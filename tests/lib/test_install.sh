#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The userspace of VAC as a packager or an admin builds it:
#
#   test_install.sh SRCDIR CMAKE
#
# 1. A userspace-only build (-DVAC_KERNEL=OFF -DBUILD_TESTING=OFF)
#    configures without looking for kernel headers, kernel source, Check,
#    jq or QEMU, and builds libvac, vacctl and vac-move.
# 2. `cmake --install --prefix` to two different prefixes: the programs
#    run from either (their RUNPATH is relative to them), and the
#    installed libvac.pc gives flags without libnl's .pc file.
# 3. Configured for /usr, nothing gets a RUNPATH (Debian's policy).
set -eu

src=$1
cmake=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

echo "# 1. userspace-only configure and build"
"$cmake" -S "$src" -B "$tmp/b" -DVAC_KERNEL=OFF -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/configure.log" 2>&1 ||
	{ cat "$tmp/configure.log"; fail "configure"; }
for v in VAC_KDIR VAC_KVER VAC_KVM_SOURCE CHECK_FOUND VAC_JQ VAC_QEMU_SYSTEM URCU_FOUND; do
	! grep -q "^${v}[:=]" "$tmp/b/CMakeCache.txt" ||
		fail "a userspace-only build looked for $v: $(grep "^${v}[:=]" "$tmp/b/CMakeCache.txt")"
done
grep -q "userspace only" "$tmp/configure.log" || fail "no 'userspace only' in the configure output"
"$cmake" --build "$tmp/b" -j2 >"$tmp/build.log" 2>&1 ||
	{ tail -30 "$tmp/build.log"; fail "build"; }
[ ! -e "$tmp/b/modules" ] || fail "a userspace-only build made build/modules"
echo "ok: configured and built without kernel or test tooling"

echo "# 2. install to two prefixes"
for p in "$tmp/x" "$tmp/elsewhere/y"; do
	"$cmake" --install "$tmp/b" --prefix "$p" >"$tmp/install.log" 2>&1 ||
		{ cat "$tmp/install.log"; fail "install to $p"; }
	out=$(env -u LD_LIBRARY_PATH "$p/sbin/vacctl" --help 2>&1) ||
		fail "$p/sbin/vacctl --help: $out"
	echo "$out" | grep -q "^Usage: vacctl" || fail "$p/sbin/vacctl --help printed: $out"
	lib=$(ldd "$p/sbin/vacctl" | awk '$1 == "libvac.so.2" { print $3 }')
	case $lib in
	"$p"/*) ;;
	*) fail "$p/sbin/vacctl loads libvac.so.2 from '$lib', not from $p" ;;
	esac
	if [ -e "$p/bin/vac-move" ]; then
		env -u LD_LIBRARY_PATH "$p/bin/vac-move" --help >/dev/null 2>&1 ||
			fail "$p/bin/vac-move --help"
	fi
	pc=$(find "$p" -name libvac.pc)
	[ -n "$pc" ] || fail "no libvac.pc under $p"
	# Only libvac's own directory: libnl's .pc is not needed for flags.
	flags=$(PKG_CONFIG_LIBDIR=$(dirname "$pc") pkg-config --cflags --libs libvac) ||
		fail "pkg-config libvac without libnl-3.0.pc"
	inc=$(echo "$flags" | sed -n 's/^-I\([^ ]*\) .*/\1/p')
	[ "$(readlink -f "$inc")" = "$(readlink -f "$p/include")" ] &&
		[ -f "$inc/vac/libvac.h" ] || fail "pkg-config --cflags: $flags"
	echo "ok: $p: vacctl runs with $lib; pkg-config: $flags"
done

echo "# 3. no RUNPATH for a system prefix"
"$cmake" -S "$src" -B "$tmp/b" -DCMAKE_INSTALL_PREFIX=/usr >/dev/null 2>&1 ||
	fail "configure for /usr"
"$cmake" --build "$tmp/b" -j2 >"$tmp/build.log" 2>&1 || fail "build for /usr"
DESTDIR=$tmp/root "$cmake" --install "$tmp/b" >/dev/null 2>&1 || fail "install to DESTDIR"
for f in "$tmp/root/usr/sbin/vacctl" "$tmp/root/usr/bin/vac-move" \
	 "$(find "$tmp/root/usr/lib" -name 'libvac.so.2.*')"; do
	[ -e "$f" ] || continue
	! readelf -d "$f" | grep -E 'RUNPATH|RPATH' ||
		fail "$f has a RUNPATH though it installs to /usr"
done
echo "ok: installed for /usr without RUNPATH"
