#!/bin/sh
# framing of writes: truncated, short, long, oversized, several messages, types, flags
. /vac/tests/lib.sh

vac_load
run vac-proto-test framing
