#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run the unit tests of an instrumented build and measure the line
# coverage of the VAC core (only the core files, not shims or tests).
# Usage: coverage.sh BUILD_DIR UNIT_BUILD_DIR CORE_DIR FILE...
# The last line printed is exactly "coverage: NN.N% lines"; exits 1 when
# the tests fail or coverage is under VAC_COVERAGE_MIN (default 90).
set -eu

build=$1 unit=$2 core=$3
shift 3
lcov=${LCOV:-lcov}
genhtml=${GENHTML:-genhtml}
min=${VAC_COVERAGE_MIN:-90}
out=$build/coverage
log=$out/lcov.log

mkdir -p "$out"
: > "$log"
"$lcov" --quiet --zerocounters --directory "$unit" >>"$log" 2>&1

if ! ctest --test-dir "$build" -L unit -R '^unit_' --output-on-failure \
	>"$out/ctest.log" 2>&1; then
	cat "$out/ctest.log" >&2
	echo "coverage: unit tests failed" >&2
	exit 1
fi

"$lcov" --quiet --capture --directory "$unit" --output-file "$out/all.info" \
	>>"$log" 2>&1
patterns=""
for f in "$@"; do
	patterns="$patterns $core/$f.c"
done
# shellcheck disable=SC2086
"$lcov" --quiet --extract "$out/all.info" $patterns \
	--output-file "$out/core.info" >>"$log" 2>&1
"$genhtml" --quiet --output-directory "$out/html" "$out/core.info" \
	>>"$log" 2>&1

pct=$("$lcov" --summary "$out/core.info" 2>&1 |
	sed -n 's/^ *lines\.*: *\([0-9.]*\)%.*/\1/p')
if [ -z "$pct" ]; then
	cat "$log" >&2
	echo "coverage: no data" >&2
	exit 1
fi
ok=$(awk -v p="$pct" -v m="$min" 'BEGIN { print (p + 0 >= m + 0) }')
[ "$ok" = 1 ] || echo "coverage: below the ${min}% floor (report: $out/html)" >&2
echo "coverage: $pct% lines"
[ "$ok" = 1 ]
