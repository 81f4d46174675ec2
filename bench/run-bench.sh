#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run the benchmark suite (tests/vm/guest/bench) in one VM boot and print
# its BENCH lines as a table; also keep them under bench/results/.
#
#   bench/run-bench.sh [-b BUILD_DIR] [-o RESULTS_DIR] [run-vm.sh options]
#
# Exits non-zero if the boot failed (a vmm-test check failed, kernel
# warning, hang) or printed no BENCH line.  What the suite measures and how
# to read the ratios: bench/README.md.  Rounds, run lengths etc. are the
# defaults at the top of the guest scripts (tests/vm/guest/bench/).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${VAC_BUILD_DIR:-$top/build}
results=$here/results

while [ $# -gt 0 ]; do
	case $1 in
	-b|--build-dir) build=$2; shift 2 ;;
	-o|--results) results=$2; shift 2 ;;
	*) break ;;
	esac
done
build=$(cd "$build" && pwd)

rc=0
# The suite takes 2-3 minutes; a hung VM (see README.md) should not cost
# the harness's default 30.  Later options in "$@" override these.
"$top/tests/vm/run-vm.sh" --build-dir "$build" --timeout 900 \
	--script-timeout 300 "$@" bench || rc=$?
log=$build/vm-logs/bench.log
[ -f "$log" ] || { echo "run-bench: no console log $log" >&2; exit 1; }

mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=$results/bench-$stamp.txt
# (A line may carry console noise before BENCH: take it from BENCH on.)
sed -n 's/^.*\(BENCH\(-INFO\)\{0,1\} .*\)$/\1/p' "$log" | tr -d '\r' >"$out.lines"
if ! grep -q '^BENCH ' "$out.lines"; then
	echo "run-bench: no BENCH lines in $log" >&2
	rm -f "$out.lines"
	exit 1
fi

{
	echo "# VAC bench $stamp, $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?')" \
		"$(git -C "$top" diff --quiet 2>/dev/null || echo '(dirty)')"
	sed -n 's/^BENCH-INFO /# guest: /p' "$out.lines"
	awk '$1 == "BENCH" {
		delete f
		n = 0
		for (i = 2; i <= NF; i++) {
			k = substr($i, 1, index($i, "=") - 1)
			v = substr($i, index($i, "=") + 1)
			f[k] = v
			if (k != "name" && k != "round" && k != "unit" &&
			    k != "ratio")
				key[++n] = k
		}
		# Spread of the per-round ratios, shown on the median line.
		nm = f["name"]
		sp = ""
		if (f["round"] == "median") {
			sp = sprintf("%.3f..%.3f", lo[nm], hi[nm])
		} else if (f["ratio"] != "nan") {
			if (!(nm in lo) || f["ratio"] + 0 < lo[nm]) lo[nm] = f["ratio"] + 0
			if (!(nm in hi) || f["ratio"] + 0 > hi[nm]) hi[nm] = f["ratio"] + 0
		}
		if (!hdr++)
			printf "%-14s %-7s %-11s %-22s %-22s %-7s %s\n",
			       "metric", "round", "unit", "baseline", "measured",
			       "ratio", "range"
		printf "%-14s %-7s %-11s %-22s %-22s %-7s %s\n", nm, f["round"],
		       f["unit"], key[1] "=" f[key[1]], key[2] "=" f[key[2]],
		       f["ratio"], sp
	}' "$out.lines"
} >"$out"
mv "$out.lines" "$results/bench-$stamp.raw"
cat "$out"
echo "run-bench: table $out, raw lines $results/bench-$stamp.raw, console $log"
exit $rc
