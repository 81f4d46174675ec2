#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vacctl's print layer: JSON (compact and pretty) parsed by jq, text exact.
set -eu
p=$1
fail() { printf "FAIL: %s\n" "$*"; exit 1; }

want='{"outer":{"name":"q\"uo\\te\n\ttab\u0001","big":4294967295,"json_only":1,"flag":true,"empty":{},"list":[{"i":0},{"i":1}],"none":[]}}'
got=$("$p" json | jq -c .) || fail "compact output is not JSON"
[ "$got" = "$want" ] || fail "json: got $got, want $want"
[ "$("$p" json | wc -l)" = 1 ] || fail "compact output spans lines"

got=$("$p" pretty | jq -c .) || fail "pretty output is not JSON"
[ "$got" = "$want" ] || fail "pretty: got $got"
"$p" pretty | grep -q '^        "big": 4294967295,$' ||
	fail "pretty output not indented by 4 per level"

text=$("$p" text)
want_text=$(printf 'name q"uo\\te\n\ttab\001 big 4294967295 text_only 2 flag true\n    i 0 i 1')
[ "$text" = "$want_text" ] || fail "text: got [$text]"
echo ok
