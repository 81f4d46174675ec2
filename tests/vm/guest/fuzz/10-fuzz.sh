#!/bin/sh
# `make fuzz`: vac/30-fuzz.sh alone, for as long as vmtest.fuzz says
# (tests/vm/fuzz-vm.sh sets it from VAC_FUZZ_*).
exec sh /vac/tests/vac/30-fuzz.sh
