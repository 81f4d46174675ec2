#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vacctl vector show's output of canned vectors (vector-print-test): the
# text exactly, with and without -s; the JSON through jq: an array of
# vectors and of instances in order, "count" only with -s, no "vector"
# for one without an IDT vector.
set -eu
p=$1
fail() { printf "FAIL: %s\n" "$*"; exit 1; }

want_text='pmi: state active vector 2
    instances: ta tb
pi_wakeup: state active vector 241
    instances: ta tb
ga_log: state absent
new: state unknown vector 0'
got=$("$p" text)
[ "$got" = "$want_text" ] || fail "text: got [$got]"

want_text='pmi: state active vector 2
    instances: ta tb
    ta: count 12
    tb: count 0
pi_wakeup: state active vector 241
    instances: ta tb
    ta: count 4294967296
    tb: count 3
ga_log: state absent
new: state unknown vector 0'
got=$("$p" text stats)
[ "$got" = "$want_text" ] || fail "text -s: got [$got]"

want='{"vectors":[{"name":"pmi","id":0,"state":"active","vector":2,"instances":[{"name":"ta"},{"name":"tb"}]},{"name":"pi_wakeup","id":1,"state":"active","vector":241,"instances":[{"name":"ta"},{"name":"tb"}]},{"name":"ga_log","id":2,"state":"absent","instances":[]},{"name":"new","id":7,"state":"unknown","vector":0,"instances":[]}]}'
got=$("$p" json | jq -c .) || fail "JSON does not parse"
[ "$got" = "$want" ] || fail "json: got $got"
[ "$("$p" json | wc -l)" = 1 ] || fail "compact JSON spans lines"

got=$("$p" json stats | jq -c '[.vectors[] | [.name, (.instances | map(.count))]]')
[ "$got" = '[["pmi",[12,0]],["pi_wakeup",[4294967296,3]],["ga_log",[]],["new",[]]]' ] ||
	fail "json -s counts: got $got"
got=$("$p" json stats | jq -c '.vectors[2] | has("vector")')
[ "$got" = false ] || fail "ga_log has a vector key"

got=$("$p" pretty stats | jq -c .) || fail "pretty JSON does not parse"
[ "$got" = "$("$p" json stats | jq -c .)" ] || fail "pretty differs from compact"
echo ok
