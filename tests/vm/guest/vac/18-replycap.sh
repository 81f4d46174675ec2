#!/bin/sh
# a writer that never reads gets ENOBUFS, not unbounded kernel memory
. /vac/tests/lib.sh

vac_load
run vac-proto-test replycap
