#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the VAC test VM (packed by tests/vm/run-vm.sh).
#
# Reads from the kernel command line:
#   vmtest.suites=a,b,c   suites to run, in order (tests/vm/guest/<suite>/)
#   vmtest.timeout=SECS   per-script timeout (default 600)
#   vmtest.demo=1         demo mode: only the scripts' output is of interest
#
# Runs every /vac/tests/<suite>/*.sh in name order with busybox sh and
# prints, per script, "VMTEST BEGIN suite/name" then "VMTEST PASS suite/name"
# or "VMTEST FAIL suite/name", and at the end "N passed, M failed".  The
# kernel log of each script is checked for WARNING/BUG/Oops/Call Trace
# (the console runs quiet, so they would not reach it otherwise): such a
# line fails the script and is echoed to the console, where the host-side
# harness fails the whole run as well.  Then it powers off, or reboots if
# a script left /tmp/vmtest.reboot (run with sh after the summary).

export PATH=/vac/bin:/bin:/sbin
export HOME=/root
export VAC_MODULES=/vac/modules
export VAC_TESTS=/vac/tests

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
chmod 1777 /tmp /dev/shm
hostname vac-vm
ip link set lo up 2>/dev/null
# A kmemleak kernel (make check-debug): forget what the boot left, so that
# suite debug's scan shows only what happened under the tests.
[ ! -w /sys/kernel/debug/kmemleak ] || echo clear >/sys/kernel/debug/kmemleak

arg() {
	for w in $(cat /proc/cmdline); do
		case $w in
		vmtest.$1=*) echo "${w#*=}" ;;
		esac
	done
}

suites=$(arg suites | tr , ' ')
tmo=$(arg timeout)
[ -n "$tmo" ] || tmo=600
demo=$(arg demo)

BADRE='WARNING:|BUG:|Oops|Call Trace|general protection|kernel panic|Kernel panic'

# Kernel messages since the last call.  In normal mode all of them go to the
# console (the host keeps the log); in demo mode only the bad ones.
# Returns 1 if one of them is a kernel warning or crash.
kcheck() {
	dmesg -c >/tmp/.kmsg 2>/dev/null
	if [ "$demo" != 1 ]; then
		sed 's/^/kmsg: /' /tmp/.kmsg
	fi
	if grep -Eq "$BADRE" /tmp/.kmsg; then
		[ "$demo" = 1 ] && grep -E "$BADRE" /tmp/.kmsg | sed 's/^/kmsg: /'
		return 1
	fi
	return 0
}

# session_pids SID: the processes of session SID.  (The fields after the
# command name, which may hold spaces: state ppid pgrp session ...)
session_pids() {
	for st in /proc/[0-9]*/stat; do
		cat "$st" 2>/dev/null
	done | awk -v sid="$1" '{ pid = $1; sub(/^.*\) /, "");
		if ($4 == sid && $1 != "Z") print pid }'
}

# reap_session SID: SIGKILL what is left of a timed-out script's session
# and wait (up to 20 s) for it to be gone; prints " (killed N left
# behind)" for the verdict line.
reap_session() {
	_left=$(session_pids "$1")
	[ -n "$_left" ] || return 0
	kill -KILL $_left 2>/dev/null
	for _ in $(seq 20); do
		[ -n "$(session_pids "$1")" ] || break
		sleep 1
	done
	echo " (killed $(echo $_left | wc -w) left behind)"
}

pass=0
fail=0
kcheck || echo "VMTEST kernel log of the boot has warnings"
# preempt_notifier_key held on for the whole boot, before any test, so
# that no module load or first VM live-patches the context switch: QEMU
# TCG now and then wedges a CPU on such a patch (vac_test_preempt_key.c).
# It stays loaded across suites, as a module of the base.
if [ -f "$VAC_MODULES/vac_test_preempt_key.ko" ]; then
	insmod "$VAC_MODULES/vac_test_preempt_key.ko" ||
		echo "VMTEST cannot pin preempt_notifier_key"
fi
base_mods=$(cut -d' ' -f1 /proc/modules)

# (On a line of its own: the firmware's last line has no newline.)
echo
echo "VMTEST START suites: $suites"
for s in $suites; do
	found=0
	for t in /vac/tests/"$s"/*.sh; do
		[ -f "$t" ] || continue
		found=1
		name=$s/$(basename "$t" .sh)
		echo "VMTEST BEGIN $name"
		t0=$(date +%s)
		# In a session of its own, so that a timeout can end what the
		# script started in the background too (busybox timeout
		# signals only its child): a fuzzer left with /dev/vac open
		# would fail every later script at "rmmod vac".
		(cd /tmp && exec setsid timeout -k 10 "$tmo" sh "$t" \
			</dev/null) &
		sid=$!
		wait $sid
		rc=$?
		why=" ($(($(date +%s) - t0))s)"
		case $rc in
		0) ;;
		137|143) why="$why (timeout ${tmo}s)$(reap_session $sid)" ;;
		*) why="$why (exit $rc)" ;;
		esac
		if ! kcheck; then
			rc=1
			why="$why (kernel warning)"
		fi
		if [ $rc -eq 0 ]; then
			pass=$((pass + 1))
			echo "VMTEST PASS $name$why"
		else
			fail=$((fail + 1))
			echo "VMTEST FAIL $name$why"
		fi
	done
	if [ $found = 0 ]; then
		echo "VMTEST FAIL $s/no-scripts (suite has no scripts)"
		fail=$((fail + 1))
	fi
	# Isolation between suites: unload modules the suite left behind,
	# newest first (as /proc/modules lists them), retrying for stacks.
	for _ in 1 2 3 4; do
		for m in $(cut -d' ' -f1 /proc/modules); do
			case " $(echo $base_mods) " in
			*" $m "*) ;;
			*) rmmod "$m" 2>/dev/null ;;
			esac
		done
	done
	kcheck || { echo "VMTEST FAIL $s/cleanup (kernel warning)"; \
		fail=$((fail + 1)); }
done

echo "$pass passed, $fail failed"
sync
# A suite may end the boot with a reboot instead (tests/vm/guest/reboot):
# run-vm.sh checks what the kernel prints on the way down.
if [ -f /tmp/vmtest.reboot ]; then
	echo "VMTEST REBOOT"
	sh /tmp/vmtest.reboot
fi
poweroff -f
