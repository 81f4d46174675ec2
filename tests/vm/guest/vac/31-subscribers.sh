#!/bin/sh
# At most VAC_SUBSCRIBERS_MAX (64) files opened without CAP_SYS_ADMIN are
# subscribed at once, host-wide: the next SUBSCRIBE fails with ENOSPC and
# a message; closing or unsubscribing one frees a place.  Files root
# opened are not counted (vac-proto-test subscribers).
. /vac/tests/lib.sh

vac_load
as_vmm vac-proto-test subscribers ||
	fail "vac-proto-test subscribers as vmm"
run vac-proto-test subscribers
