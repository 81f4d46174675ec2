#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The `fuzz` target: one boot under QEMU TCG that runs only the fuzz test
# (suite fuzz, i.e. vac/30-fuzz.sh: vac-fuzz, then the state, books, slab
# and reload checks), for much longer than check-vm does.  Configured from
# the environment, passed to the guest as vmtest.fuzz=M,S,SEED,T:
#
#   VAC_FUZZ_MESSAGES   stop after this many messages (default 0: no limit)
#   VAC_FUZZ_SECONDS    stop after this many seconds of fuzzing (default
#                       1800; 0: no limit, then VAC_FUZZ_MESSAGES must be set)
#   VAC_FUZZ_SEED       seed of vac-fuzz's PRNG (default: from the clock;
#                       the seed used is printed, to replay a failure)
#   VAC_FUZZ_THREADS    worker threads, half of them as user vmm (default 4)
#
# Arguments are passed to run-vm.sh (e.g. --build-dir, --kernel, -v).  The
# per-script and whole-boot timeouts follow VAC_FUZZ_SECONDS.  The console
# is kept in BUILD/vm-logs/fuzz.log.
here=$(cd "$(dirname "$0")" && pwd)

messages=${VAC_FUZZ_MESSAGES:-0}
seconds=${VAC_FUZZ_SECONDS:-1800}
seed=${VAC_FUZZ_SEED:-}
threads=${VAC_FUZZ_THREADS:-4}

for v in "$messages" "$seconds" "$threads" ${seed:+"$seed"}; do
	case $v in
	''|*[!0-9]*) echo "fuzz-vm: not a number: '$v'" >&2; exit 2 ;;
	esac
done
if [ "$messages" = 0 ] && [ "$seconds" = 0 ]; then
	echo "fuzz-vm: set VAC_FUZZ_MESSAGES or VAC_FUZZ_SECONDS" >&2
	exit 2
fi

# Without a time limit, allow a generous 2000 messages a second (TCG does
# about 15000).
budget=$seconds
[ "$budget" != 0 ] || budget=$((messages / 2000))
echo "fuzz-vm: messages ${messages} (0: no limit), seconds ${seconds}" \
	"(0: no limit), seed ${seed:-random}, threads ${threads}"
exec "$here/run-vm.sh" -s $((budget + 600)) -t $((budget + 1200)) \
	--append "vmtest.fuzz=$messages,$seconds,$seed,$threads" "$@" fuzz
