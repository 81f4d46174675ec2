#!/bin/sh
# notifications: subscribe, groups, unsubscribe, no event on failure
. /vac/tests/lib.sh

vac_load
run vac-proto-test notify
