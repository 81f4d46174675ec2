#!/bin/sh
# A message left first in line by a too-small read() still counts against
# the reply cap and the notification cap.
. /vac/tests/lib.sh

vac_load
run vac-proto-test pending
