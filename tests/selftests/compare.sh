#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The verdict on the upstream KVM selftests of one `make check`: compare
# their run on stock kvm-amd (or kvm-intel) with their runs on KVM instances, from the
# SELFTEST lines of the VM console logs (tests/vm/guest/selftests/
# run-selftests prints them).
#
#   compare.sh [-t TARGETS] LOG...
#
# TARGETS: the instance runs to judge (default "a b"); the reference run is
# "stock".  Prints a table, one row per test: result and seconds per run,
# "-" where a run has no line for the test, and "<-" on the rows that fail
# the comparison.  Exits 1 if a test passes on stock but not on one of the
# instances (fails, is skipped or did not run there), or if a run did not
# finish (no "SELFTESTS TARGET done" line).  A test that did not pass on stock in this very run is
# not judged, only noted: stock's own flakes fail nothing, and hide nothing
# but themselves.
set -eu

targets="a b"
if [ "${1:-}" = -t ]; then
	targets=$2
	shift 2
fi
[ $# -gt 0 ] || { echo "usage: compare.sh [-t TARGETS] LOG..." >&2; exit 2; }
for f in "$@"; do
	[ -r "$f" ] || { echo "selftests: cannot read $f" >&2; exit 2; }
done

# (Matched anywhere in a line: a kernel message may have been printed
# into it.)
grep -ah 'SELFTESTS\{0,1\} ' "$@" | sed 's/.*\(SELFTESTS\{0,1\} \)/\1/' |
awk -v targets="$targets" '
function cell(t, name,   k) {
	k = t SUBSEP name
	if (!(k in res))
		return "-"
	return sprintf("%s %6.1fs", res[k], sec[k])
}
$1 == "SELFTEST" && NF == 5 {
	k = $2 SUBSEP $3
	res[k] = $4
	sec[k] = $5
	if (!($3 in seen)) {
		seen[$3] = 1
		order[++n] = $3
	}
	runs[$2]++
	next
}
$1 == "SELFTESTS" && $3 == "done:" {
	done[$2] = 1
}
END {
	nt = split(targets, tg, " ")
	hdr = sprintf("%-34s %-13s", "test", "stock")
	for (i = 1; i <= nt; i++)
		hdr = hdr sprintf(" %-13s", tg[i])
	sub(/ +$/, "", hdr)
	print "selftests: " hdr
	bad = 0
	for (j = 1; j <= n; j++) {
		name = order[j]
		line = sprintf("%-34s %-13s", name, cell("stock", name))
		s = (("stock" SUBSEP name) in res) ? res["stock" SUBSEP name] : ""
		mark = ""
		for (i = 1; i <= nt; i++) {
			t = tg[i]
			line = line sprintf(" %-13s", cell(t, name))
			k = t SUBSEP name
			if (s != "PASS")
				continue
			if (!(k in res) && !runs[t])
				# (Said once below: that run did not finish.)
				mark = " <-"
			else if (!(k in res))
				msg[++nm] = name " passes on stock but did not run on " t
			else if (res[k] != "PASS")
				msg[++nm] = name " passes on stock but " res[k] "s on " t
			else
				continue
			mark = " <-"
		}
		if (s == "PASS")
			judged++
		if (s == "")
			note[++nn] = name ": not run on stock, not judged"
		else if (s != "PASS")
			note[++nn] = name ": " s " on stock in this run, not judged"
		sub(/ +$/, "", line)
		print "selftests: " line mark
	}
	if (!runs["stock"]) {
		print "selftests: FAILED: no stock run (stock suite did not run or crashed)"
		exit 1
	}
	for (i = 1; i <= nn; i++)
		print "selftests: note: " note[i]
	for (i = 1; i <= nm; i++)
		print "selftests: FAIL: " msg[i]
	if (!done["stock"])
		print "selftests: FAIL: the stock run did not finish"
	for (i = 1; i <= nt; i++)
		if (!done[tg[i]])
			print "selftests: FAIL: the run on " tg[i] " did not finish"
	unfinished = !done["stock"]
	for (i = 1; i <= nt; i++)
		unfinished += !done[tg[i]]
	if (nm || unfinished) {
		printf "selftests: FAILED: %d difference(s) from stock, " \
			"%d unfinished run(s)\n", nm, unfinished
		exit 1
	}
	printf "selftests: passed: the %d tests that pass on stock (of %d) " \
		"pass on %s\n", judged, n, targets
}'
