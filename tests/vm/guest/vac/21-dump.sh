#!/bin/sh
# dumps: NLM_F_MULTI parts, NLMSG_DONE, EBUSY, no attributes
. /vac/tests/lib.sh

vac_load
run vac-proto-test dump
