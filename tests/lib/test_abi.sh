#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# libvac's ABI: the functions libvac.so.N exports (each in a version node
# of libvac.map, the first of which is LIBVAC_N, N the SONAME's number)
# and the global symbols libvac.a defines are exactly those <vac/libvac.h>
# declares and libvac.map lists, and the header compiles on its own (C99
# and, when a C++ compiler is installed, C++).
#   test_abi.sh CC LIBVAC_SO LIBVAC_A LIBVAC_MAP INCLUDE_DIR...
set -eu
cc=$1 so=$2 ar=$3 map=$4
shift 4
inc=
for d in "$@"; do inc="$inc -I$d"; done
fail() { printf "FAIL: %s\n" "$*"; exit 1; }

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf '#include <vac/libvac.h>\n' >"$t/h.c"

# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Wextra -pedantic -Werror $inc -fsyntax-only "$t/h.c" ||
	fail "<vac/libvac.h> does not compile on its own as C99"
if command -v c++ >/dev/null; then
	cp "$t/h.c" "$t/h.cc"
	# shellcheck disable=SC2086
	c++ -Wall -Wextra -pedantic -Werror $inc -fsyntax-only "$t/h.cc" ||
		fail "<vac/libvac.h> does not compile as C++"
fi

# Declared: function names in the preprocessed header (no comments).
# shellcheck disable=SC2086
"$cc" -E $inc "$t/h.c" | grep -oE '\bvac_[a-z_]+ *\(' | tr -d ' (' |
	sort -u >"$t/declared"
sed -n '/global:/,/local:/p' "$map" | grep -oE '\bvac_[a-z_]+' |
	sort >"$t/mapped"
nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' >"$t/nm"
sed 's/@.*//' "$t/nm" | sort >"$t/exported"
grep -oE '^LIBVAC_[0-9.]+' "$map" >"$t/nodes" ||
	fail "no version node LIBVAC_N in $map"
node=$(head -n1 "$t/nodes")
soname=$(objdump -p "$so" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = "libvac.so.${node#LIBVAC_}" ] ||
	fail "SONAME $soname does not match the first version node $node"
awk -F'@@' 'NR == FNR { node[$1] = 1; next } !($2 in node)' \
	"$t/nodes" "$t/nm" >"$t/unversioned"
[ -s "$t/unversioned" ] &&
	fail "exported outside the nodes of $map: $(cat "$t/unversioned")"

[ -s "$t/declared" ] || fail "no function found in the header"
diff -u "$t/declared" "$t/exported" ||
	fail "exported functions differ from <vac/libvac.h> (- header, + .so)"
diff -u "$t/declared" "$t/mapped" ||
	fail "libvac.map differs from <vac/libvac.h> (- header, + map)"
# Every global the archive defines, data included: only the API.
nm -g --defined-only "$ar" | awk 'NF == 3 { print $3 }' | sort >"$t/archived"
diff -u "$t/declared" "$t/archived" ||
	fail "libvac.a's global symbols differ from <vac/libvac.h> (- header, + libvac.a)"
echo "ok: $soname, $(wc -l <"$t/declared") functions in $(paste -sd' ' "$t/nodes"); libvac.a: the same, nothing else global"
