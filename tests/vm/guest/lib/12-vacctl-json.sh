#!/bin/sh
# Every show command's -j and -j -p output is valid JSON (checked by jq)
# with the same content; pretty output is indented.
. /vac/tests/lib/common.inc
lib_setup

vc 0 set-quota j1 vpid 0 svm_asid 2
vc 0 set-quota j-2 sev_asid 0
for cmd in "resource show" "quota show" "quota show j1" "instance show" \
	   "vector show" "vector show pmi" "version"; do
	vc 0 -j $cmd
	compact=$(jqv -c .)
	expect_eq "compact is one line" "$(printf '%s\n' "$OUT" | wc -l)" 1
	vc 0 -j -p $cmd
	expect_eq "pretty == compact ($cmd)" "$(jqv -c .)" "$compact"
	[ "$(printf '%s\n' "$OUT" | wc -l)" -gt 1 ] ||
		[ "$cmd" = version ] || fail "pretty output on one line"
done
vc 0 -jp quota show
expect_match "indent" "$OUT" '^    "quotas": \{'
expect_eq "names with '-'" "$(jqv '.quotas["j-2"].sev_asid.quota')" 0
vc 0 quota del j1
vc 0 quota del j-2
