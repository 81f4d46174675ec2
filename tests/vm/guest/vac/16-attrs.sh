#!/bin/sh
# attribute validation: unknown, wrong length or type, nests, missing; offsets
. /vac/tests/lib.sh

vac_load
run vac-proto-test attrs
