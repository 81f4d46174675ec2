#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# GET_VECTOR: the dump of pmi, pi_wakeup and ga_log, one by name, and the
# refusals (unknown name, dump with attributes, dump during a dump).
. /vac/tests/lib.sh

vac_load
run vac-proto-test vectors
