#!/bin/sh
# NLM_F_ACK: capped acks, data then ack, full echo on errors
. /vac/tests/lib.sh

vac_load
run vac-proto-test ack
