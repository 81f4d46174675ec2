#!/bin/sh
# notification overflow: cap, one OVERFLOW with the drop count
. /vac/tests/lib.sh

vac_load
run vac-proto-test overflow
