#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# libvac's ABI against its stored baseline: abidiff (libabigail) compares
# the public types and functions (those of the installed headers) of the
# freshly built libvac.so.N with ABIDIR/libvac.so.N.abi, written by abidw
# when that SONAME was released.  Any difference fails: an added function
# is a new version node and a new baseline, a changed type a new SONAME
# (lib/libvac/abi/README.md).
#   test_abidiff.sh LIBVAC_SO ABIDIR HEADER_DIR...
# Exit 77 (skipped) without abidiff or without debug info in the .so.
set -eu
so=$1 abidir=$2
shift 2
command -v abidiff >/dev/null || { echo "SKIP: no abidiff (abigail-tools)"; exit 77; }
readelf -S "$so" | grep -q '\.debug_info' ||
	{ echo "SKIP: $so has no DWARF (build type without -g)"; exit 77; }

soname=$(objdump -p "$so" | awk '$1 == "SONAME" { print $2 }')
base=$abidir/$soname.abi
[ -f "$base" ] || {
	echo "FAIL: no baseline $base for $soname: a new SONAME needs one (lib/libvac/abi/README.md)"
	exit 1
}
hdrs=
for d in "$@"; do hdrs="$hdrs --headers-dir2 $d"; done
# shellcheck disable=SC2086
if abidiff $hdrs "$base" "$so" >/tmp/abidiff.$$ 2>&1; then
	rm -f /tmp/abidiff.$$
	echo "ok: $so has the ABI of $base"
	exit 0
fi
cat /tmp/abidiff.$$
rm -f /tmp/abidiff.$$
echo "FAIL: $soname's ABI differs from $base (see above)"
exit 1
