#!/bin/sh
# The last suite of `make check-debug`: after the vac, kvm and lib suites
# loaded and unloaded vac.ko, the instances and the test modules hundreds
# of times, kmemleak finds no unreferenced object.  init.sh cleared what
# the boot itself left (kmemleak reports objects older than 5 s, once
# they are seen unreferenced in two scans).
. /vac/tests/lib.sh

km=/sys/kernel/debug/kmemleak
[ -w $km ] || fail "$km missing: not the debug kernel of make check-debug"
for m in $(cut -d' ' -f1 /proc/modules | grep -E '^(kvm_|vac)'); do
	unload_module "$m"
done
sleep 6
echo scan >$km
sleep 6
echo scan >$km
n=$(grep -c '^unreferenced object' $km)
if [ "$n" -gt 0 ]; then
	head -n 100 $km
	fail "kmemleak: $n unreferenced object(s)"
fi
echo "kmemleak: no unreferenced object"
