#!/bin/sh
# read(): EAGAIN, EMSGSIZE keeps the message, EFAULT, poll, EINTR, wakeups
. /vac/tests/lib.sh

vac_load
run vac-proto-test read
