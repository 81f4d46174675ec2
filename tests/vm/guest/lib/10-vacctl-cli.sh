#!/bin/sh
# vacctl's command line: help on every command, usage errors (exit 1), one
# clear stderr line, and errors without /dev/vac (exit 3).
. /vac/tests/lib/common.inc

vac_unload
vc 3 resource show
one_line_error
expect_match "message" "$ERR" "cannot open /dev/vac: No such file or directory"
# Bad arguments are found before /dev/vac is opened.
vc 1 monitor count -1
expect_eq "message" "$ERR" "vacctl: monitor: bad count '-1'"
lib_setup

vc 0 --help
expect_match "help" "$OUT" "set-quota NAME SPACE N"
for c in resource set-quota quota instance vector monitor save apply exec version metrics; do
	vc 0 $c --help
	expect_match "$c --help" "$OUT" "^Usage: vacctl"
done
vc 0 quota show --help
vc 0 instance show -h

vc 1
vc 1 frobnicate
one_line_error
vc 1 --bogus resource show
one_line_error
vc 1 -d
one_line_error
vc 3 --device=/nonexistent resource show
expect_match "message" "$ERR" "cannot open /nonexistent"
vc 1 set-quota
vc 1 set-quota a
one_line_error
vc 1 set-quota a vpid
one_line_error
vc 1 set-quota a vpid -3
expect_eq "message" "$ERR" "vacctl: bad number '-3' for vpid (0 to 4294967295)"
vc 1 set-quota a vpid 1 vpid 2
vc 1 set-quota a asid 4
expect_match "message" "$ERR" "unknown space 'asid'"
vc 1 quota del
vc 1 resource shoe
vc 1 exec a
vc 1 exec a true
vc 1 apply
vc 1 monitor count x

vc 0 version
expect_match "version" "$OUT" "^vacctl [0-9.]+ protocol 1$"
vc 0 -j version
expect_eq "protocol" "$(jqv .protocol)" 1
