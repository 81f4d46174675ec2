#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run the benchmark suite (tests/vm/guest/bench) in one VM boot under QEMU
# (AMD), suite bench-move (moving large guests between instances) in a
# second one with more memory, then suite bench-intel in one boot under
# Bochs (Intel), and print their BENCH lines as one table; also keep them
# under bench/results/.
#
#   bench/run-bench.sh [-b BUILD_DIR] [-o RESULTS_DIR] [--no-intel]
#                      [--no-move] [--only-move] [run-vm.sh options]
#
# bench-move: guest sizes BENCH_MOVE_SIZES (MiB, default "512 1024 2048"),
# rounds BENCH_MOVE_ROUNDS (2), VM memory BENCH_MOVE_MEM (MiB, 6144: two
# copies of the largest guest and the initramfs).
#
# The Intel runs are timed from the host: the guest marks each run's
# begin and end on the console (BENCHT lines) and this script stamps them
# as they arrive (see tests/vm/guest/bench-intel/10-exits.sh).
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
intel=1
amd=1
move=1

while [ $# -gt 0 ]; do
	case $1 in
	-b|--build-dir) build=$2; shift 2 ;;
	-o|--results) results=$2; shift 2 ;;
	--no-intel) intel=0; shift ;;
	--no-move) move=0; shift ;;
	--only-move) amd=0; intel=0; move=1; shift ;;
	*) break ;;
	esac
done
build=$(cd "$build" && pwd)

rc=0
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=$results/bench-$stamp.txt
: >"$out.lines"

# bench_lines LOG: the BENCH lines of a console log, onto $out.lines.
# (A line may carry console noise before BENCH: take it from BENCH on.)
bench_lines() {
	[ -f "$1" ] || { echo "run-bench: no console log $1" >&2; rc=1; return; }
	sed -n 's/^.*\(BENCH\(-INFO\)\{0,1\} .*\)$/\1/p' "$1" | tr -d '\r' >>"$out.lines"
}

if [ $amd = 1 ]; then
	# The suite takes 2-3 minutes; a hung VM (see README.md) should not
	# cost the harness's default 30.  Later options in "$@" override these.
	rm -f "$build/vm-logs/bench.log"
	"$top/tests/vm/run-vm.sh" --build-dir "$build" --timeout 900 \
		--script-timeout 300 "$@" bench || rc=$?
	bench_lines "$build/vm-logs/bench.log"
fi

if [ $move = 1 ]; then
	sizes=$(echo "${BENCH_MOVE_SIZES:-512 1024 2048}" | tr ' ' ,)
	rm -f "$build/vm-logs/bench-move.log"
	"$top/tests/vm/run-vm.sh" --build-dir "$build" --timeout 2400 \
		--script-timeout 2100 --mem "${BENCH_MOVE_MEM:-6144}" \
		--append "vmtest.move_sizes=$sizes vmtest.move_rounds=${BENCH_MOVE_ROUNDS:-2}" \
		"$@" bench-move || rc=$?
	bench_lines "$build/vm-logs/bench-move.log"
fi

# Intel: stamp each BENCHT line with the host clock as it reaches the
# console log (tail follows the log until run-vm.sh exits).
if [ $intel = 1 ]; then
	ilog=$build/vm-logs/bochs-bench-intel.log
	stamps=$results/bench-$stamp.stamps
	rm -f "$ilog"
	"$top/tests/vm/run-vm.sh" --bochs --build-dir "$build" --timeout 1800 \
		--script-timeout 1200 "$@" bench-intel &
	rp=$!
	tail -n +1 -F -s 0.1 --pid=$rp "$ilog" 2>/dev/null | while IFS= read -r l; do
		case $l in
		*"BENCHT "*) echo "$(date +%s.%N) ${l#*BENCHT }" ;;
		esac
	done >"$stamps" &
	sp=$!
	wait $rp || rc=$?
	wait $sp || true
	# Per round: exits/s of host time for each side, ratio
	# instance/stock; then the medians (as lib-bench's bench_rounds).
	awk '{ t = $1; ev = $2; delete f
	       for (i = 3; i <= NF; i++)
		       f[substr($i, 1, index($i, "=") - 1)] = substr($i, index($i, "=") + 1)
	       k = f["side"] SUBSEP f["round"]
	       if (ev == "begin") b[k] = t
	       else if (ev == "end" && (k in b)) { rate[k] = f["exits"] / (t - b[k]); r[f["round"]] = 1 }
	     }
	     function med(a, n,   i, j, x) {
		     for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { x = a[j]; a[j] = a[j - 1]; a[j - 1] = x }
		     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	     }
	     END {
		     n = 0
		     for (i = 1; (i in r); i++) {
			     s = rate["stock" SUBSEP i]; m = rate["instance" SUBSEP i]
			     if (s <= 0 || m <= 0) continue
			     n++; S[n] = s; M[n] = m; R[n] = m / s
			     printf "BENCH name=exits-intel round=%d unit=exits/s stock=%.1f instance=%.1f ratio=%.4f\n", i, s, m, m / s
		     }
		     if (n)
			     printf "BENCH name=exits-intel round=median unit=exits/s stock=%.1f instance=%.1f ratio=%.4f\n", med(S, n), med(M, n), med(R, n)
	     }' "$stamps" >>"$out.lines"
	grep -q 'name=exits-intel round=median' "$out.lines" || {
		echo "run-bench: no Intel result (console $ilog, stamps $stamps)" >&2
		rc=1
	}
fi
if ! grep -q '^BENCH ' "$out.lines"; then
	echo "run-bench: no BENCH lines in $build/vm-logs/" >&2
	rm -f "$out.lines"
	exit 1
fi

{
	echo "# VAC bench $stamp, $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?')" \
		"$(git -C "$top" diff --quiet 2>/dev/null || echo '(dirty)')"
	sed -n 's/^BENCH-INFO /# guest: /p' "$out.lines" | awk '!seen[$0]++'
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
echo "run-bench: table $out, raw lines $results/bench-$stamp.raw, consoles in $build/vm-logs/"
exit $rc
