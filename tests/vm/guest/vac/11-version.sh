#!/bin/sh
# GET_VERSION answers VAC_PROTOCOL_VERSION, to root and to a user of group
# kvm.
. /vac/tests/lib.sh

vac_load
out=$(vacmsg version) || fail "version: $out"
echo "$out"
expect_match "reply" "$out" '^GET_VERSION flags=0x0 seq=1 version=1$'
out=$(as_vmm vacmsg -s 9 version) || fail "version as vmm: $out"
expect_match "reply to vmm" "$out" '^GET_VERSION .*seq=9 version=1$'
