#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The `check-debug` target: suites vac, kvm and lib on the debug kernel of
# scripts/debug-kernel.sh (KASAN, lockdep with PROVE_RCU, atomic-sleep
# checks, DEBUG_OBJECTS, KMEMLEAK), with the modules built against that
# kernel, then suite debug: a kmemleak scan must find nothing.  The
# harness fails on any report on the console (KASAN and lockdep print
# "BUG:" or "WARNING:").  Arguments are passed to run-vm.sh (the Makefile
# passes the debug kernel and its module tree).
here=$(cd "$(dirname "$0")" && pwd)

# KASAN's shadow takes an eighth of the memory, and kmemleak keeps its
# own objects.  vac/30-fuzz sends 1,800-2,500 messages/s on this kernel
# under TCG (57,000 on Debian's), and under 700 when the host runs other
# emulators: 300,000 instead of check-vm's 2 million, and scripts get
# twice the usual time.  The whole boot takes 35-50 minutes (the vac
# suite alone 20), over run-vm's default limit of 30.
exec "$here/run-vm.sh" --mem "${VAC_VM_DEBUG_MEM:-2048}" \
	--script-timeout "${VAC_VM_DEBUG_SCRIPT_TIMEOUT:-1200}" \
	--timeout "${VAC_VM_DEBUG_TIMEOUT:-5400}" \
	--append "vmtest.fuzz=${VAC_DEBUG_FUZZ_MESSAGES:-300000}" "$@" \
	vac kvm lib debug
