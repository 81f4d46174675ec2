#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The VAC demo (make demo): two KVMs side by side in one kernel.
#
# Runs inside the test VM (Debian's 6.1 kernel under QEMU); every command
# is printed before it runs, and any failure stops the demo with a
# non-zero status.
. /vac/tests/lib.sh

step() {
	echo
	echo "=== $* ==="
}
say() {
	echo "    $*"
}
# show CMD...: print and run a command whose output is the point.
show() {
	echo "\$ $*"
	"$@" || fail "command failed ($?): $*"
}

KVM=0
if [ -f "$VAC_MODULES/kvm-amd-a.ko" ] && [ -f "$VAC_MODULES/kvm-amd-b.ko" ]; then
	KVM=1
fi

step "1. Load vac.ko, the base module"
say "vac.ko owns everything two KVMs would fight over: turning on SVM on"
say "each CPU, the ASIDs that tag guest TLB entries, the perf and"
say "posted-interrupt hooks.  It never changes, so KVMs can come and go."
vac_load
show vacctl resource show
say "capacity 0 means this CPU lacks the space (no VMX or SEV under QEMU TCG)."

step "2. Carve quotas before any KVM loads"
say "Each KVM instance gets its own contiguous ASID range, so two KVMs can"
say "never hand the same tag to different guests."
show vacctl set-quota a svm_asid 7
show vacctl set-quota b svm_asid 7
show vacctl quota show

step "3. Load two KVM instances"
if [ $KVM = 1 ]; then
	say "kvm-amd-a.ko serves /dev/kvm-a, kvm-amd-b.ko serves /dev/kvm-b:"
	say "Debian's own KVM source, built twice with our patches."
	show modprobe kvm-amd-a
	show modprobe kvm-amd-b
	show ls -l /dev/kvm-a /dev/kvm-b
else
	say "kvm-amd-a.ko / kvm-amd-b.ko are not built (not in $VAC_MODULES):"
	say "using vac_test_instance.ko, a stand-in that registers with vac.ko"
	say "like a KVM instance does, but runs no guests."
	show insmod "$VAC_MODULES/vac_test_instance.ko" name=a
	show insmod "$VAC_MODULES/vac_test_instance2.ko" name=b
fi

step "4. Run a guest on each KVM, at the same time"
if [ $KVM = 1 ]; then
	say "vmm-test is an unmodified VMM: it opens /dev/kvm.  'vacctl exec'"
	say "gives it a private mount namespace where /dev/kvm is /dev/kvm-NAME."
	say "Each keeps its guests running until told to stop."
	rm -f /tmp/stop /tmp/progress-a /tmp/progress-b
	# guest NAME: run vmm-test on instance NAME in the background.
	guest() {
		echo "\$ vacctl exec $1 -- vmm-test -q -m 1 -c 2 -s /tmp/stop -p /tmp/progress-$1 &"
		vacctl exec "$1" -- vmm-test -q -m 1 -c 2 -s /tmp/stop \
			-p "/tmp/progress-$1" >"/tmp/vmm-$1.log" 2>&1 &
	}
	guest a
	pid_a=$!
	guest b
	pid_b=$!
	# Wait (up to a minute) until both guests have completed a pass.
	n=0
	while [ "$(cat /tmp/progress-a 2>/dev/null || echo 0)" -lt 1 ] ||
	      [ "$(cat /tmp/progress-b 2>/dev/null || echo 0)" -lt 1 ]; do
		n=$((n + 1))
		if [ $n -gt 600 ] || ! kill -0 "$pid_a" 2>/dev/null ||
		   ! kill -0 "$pid_b" 2>/dev/null; then
			touch /tmp/stop
			cat /tmp/vmm-a.log /tmp/vmm-b.log
			fail "the guests did not both start"
		fi
		sleep 0.1
	done
	say "Both guests are running now: a $(cat /tmp/progress-a) passes, b $(cat /tmp/progress-b)."
	say "Each CPU has SVM enabled once per KVM using it (vac.ko's refcount;"
	say "without it the second KVM's enable fails with EBUSY):"
	for f in /sys/kernel/vac/cpus/cpu*/enable_count; do
		printf '    %s = %s\n' "${f#/sys/kernel/vac/}" "$(cat "$f")"
	done
	touch /tmp/stop
	wait "$pid_a"
	ra=$?
	wait "$pid_b"
	rb=$?
	sed 's/^/    [a] /' /tmp/vmm-a.log
	sed 's/^/    [b] /' /tmp/vmm-b.log
	[ $ra = 0 ] || fail "guest on instance a failed (exit $ra)"
	[ $rb = 0 ] || fail "guest on instance b failed (exit $rb)"
	say "Both guests ran correctly, side by side, each on its own KVM."
else
	say "Skipped: the stand-in instances have no /dev/kvm-NAME."
fi

step "5. What VAC sees"
show vacctl resource show
show vacctl instance show
say "The same, as JSON for scripts (vacctl -j; -p indents it):"
show vacctl -jp instance show b
echo
say "/sys/kernel/vac (read-only, one value per file; spaces this CPU"
say "lacks, capacity 0, left out):"
absent=$(for s in vpid svm_asid sev_asid sev_es_asid ga_vm_id; do
	[ "$(cat /sys/kernel/vac/resources/$s/capacity)" = 0 ] && echo "/$s/"
done)
find /sys/kernel/vac -type f | sort | while read -r f; do
	skip=0
	for a in $absent; do
		case $f in *"$a"*) skip=1 ;; esac
	done
	[ $skip = 1 ] && continue
	printf '    %s = %s\n' "${f#/sys/kernel/vac/}" "$(head -n 1 "$f")"
done

step "6. Upgrade KVM under a running VM: drain a, move its VM to b, unload a"
if [ $KVM = 1 ] && command -v qemu-system-x86_64 >/dev/null; then
	. /vac/tests/lib-qemu
	trap 'rc=$?; qemu_kill_all; [ $rc = 0 ] || tail -n 30 /tmp/demo-qemu.log' EXIT
	say "Debian's QEMU runs a guest on instance a, its RAM in a shared file."
	say "The guest prints a counter and checks 576 KiB of its memory."
	mem=/dev/shm/demo-vm.mem
	rm -f $mem
	QEMU_OPTS="-object memory-backend-file,id=mem,size=16M,mem-path=$mem,share=on -machine memory-backend=mem"
	qemu_start vm vacctl exec a -- >/tmp/demo-qemu.log
	qemu_wait_count vm 3 >>/tmp/demo-qemu.log
	show vacctl instance show a
	say "Stop new VMs on a; the running one goes on:"
	show vacctl instance drain a
	echo "\$ vacctl exec a -- qemu-system-x86_64 -accel kvm ..."
	vacctl exec a -- qemu-system-x86_64 -accel kvm -machine pc -m 16 \
		-nodefaults -display none -L /usr/share/qemu \
		-bios /vac/qemu/guest.bin 2>&1 | sed 's/^/    /'
	say "A QEMU on b takes the guest over: with x-ignore-shared the RAM stays"
	say "in the file, only device state travels."
	QEMU_OPTS="$QEMU_OPTS -incoming defer"
	qemu_start vm-b vacctl exec b -- >>/tmp/demo-qemu.log
	qemu_migrate vm vm-b shared >>/tmp/demo-qemu.log ||
		{ cat /tmp/demo-qemu.log; fail "the move failed"; }
	say "Moved: the guest stood still for $MIG_DOWNTIME ms ($MIG_TOTAL ms in all, $MIG_RAM_KB kB of RAM sent)."
	qemu_quit vm >>/tmp/demo-qemu.log
	show vacctl instance show
	say "Nothing runs on a any more: unload it."
	show rmmod kvm_amd_a
	c=$(qemu_count vm-b)
	qemu_wait_count vm-b $((c + 3)) >>/tmp/demo-qemu.log
	qemu_assert_continuous vm vm-b >/dev/null
	say "The guest counts on, on b: $(qemu_counts vm vm-b | tail -n 1) with none missed."
	qemu_quit vm-b >>/tmp/demo-qemu.log
	rm -f $mem
else
	say "Skipped: needs kvm-amd-a.ko / kvm-amd-b.ko and QEMU in the VM."
fi

step "7. Unload the KVMs; the quotas stay for the next load"
if [ $KVM = 1 ]; then
	show rmmod kvm_amd_b
else
	show rmmod vac_test_instance vac_test_instance2
fi
show vacctl quota show
echo
echo "Demo done."
