#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot the Debian kernel under QEMU TCG (AMD SVM) or Bochs (Intel VMX) with
# an initramfs holding busybox, every module of build/modules, every
# program of build/vm-tests and the guest test scripts, run the scripts of
# the given suites and report.
#
#   tests/vm/run-vm.sh [options] SUITE...
#
#   -b, --build-dir DIR   build tree (default: $VAC_BUILD_DIR or ./build)
#   -k, --kernel FILE     kernel image (default: $VAC_VMLINUZ, or the
#                         /boot/vmlinuz-* matching the newest headers)
#   --modroot DIR         where that kernel's lib/modules/RELEASE is
#                         (default: $VAC_VM_MODROOT, or /), for its stock
#                         KVM modules
#   -t, --timeout SECS    whole-boot timeout (default: $VAC_VM_TIMEOUT, 1800)
#   -s, --script-timeout SECS
#                         per-script timeout (default: $VAC_VM_SCRIPT_TIMEOUT,
#                         600)
#   --silence SECS        a console silent this long is a hung VM: kill it
#                         (default: $VAC_VM_SILENCE, 180; 0: never)
#   -m, --mem MIB         guest memory (default: $VAC_VM_MEM, 1024)
#   -c, --cpus N          guest CPUs (default: $VAC_VM_CPUS, 2)
#   --bochs               boot under Bochs, CPU broadwell_ult with VMX
#                         (also: VAC_VM_EMULATOR=bochs); see below
#   -d, --demo            demo mode: no kernel noise on the console
#                         (loglevel=1), the scripts' output shown as is
#   -a, --append WORDS    more kernel command-line words, e.g. options of
#                         the guest scripts such as vmtest.fuzz=... (also:
#                         $VAC_VM_APPEND)
#   -v, --verbose         stream the whole console (also: VAC_VM_VERBOSE=1)
#
# Inside the guest (see tests/vm/init.sh): modules under /vac/modules (and
# /lib/modules/$KVER/extra, with Debian's stock kvm, kvm-amd, kvm-intel,
# irqbypass and ccp under /lib/modules/$KVER/kernel, so modprobe works),
# programs under /vac/bin (on PATH), scripts under /vac/tests/<suite>/,
# helpers in /vac/tests/lib.sh.  Debian's msr.ko is there too (modprobe
# msr: /dev/cpu/N/msr).  Whatever the build staged under BUILD/vm-root/
# is copied into the root as it is (files a target prepares for the VM,
# e.g. programs with their own libraries or firmware).  For privilege
# tests, user "vmm" is in group kvm (a VMM's user on a host) and "nobody"
# is in no group (su -s /bin/sh USER -c CMD).
#
# Prints "VMTEST PASS|FAIL suite/name" per script and "N passed, M failed";
# the whole console goes to BUILD/vm-logs/<suites>.log.  Exits non-zero on
# any failure, on a missing summary (crash, hang: the console tail is
# printed), or on any kernel WARNING/BUG/Oops/Call Trace/general protection
# fault/panic on the console.  The VM's CPU is $VAC_VM_CPU (default
# qemu64,+svm,+rdtscp: SVM for KVM, RDTSCP so that host TSC_AUX is
# observable); S3 is enabled in its ACPI tables.  Extra QEMU arguments:
# $VAC_VM_QEMU_ARGS.
#
# Bochs (TCG has no VMX): Debian's bochs 2.7 with CPU model broadwell_ult
# (VMX with EPT, VPID, unrestricted guest, VMCS shadowing; no posted
# interrupts).  It cannot load a kernel directly, so the kernel (already
# decompressed, with a PVH boot stub: tests/vm/pvh-boot) and the
# initramfs go on an ISOLINUX CD; the serial console reaches a local
# listener over TCP.  Files matching the globs of tests/vm/bochs.prune
# (AMD-only modules, large staged files no Intel suite needs) are left out
# of its initramfs: Bochs reads the CD and unpacks it at emulated speed.
# The guest sees vmtest.emulator=bochs on its command line.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

build=${VAC_BUILD_DIR:-$top/build}
kernel=${VAC_VMLINUZ:-}
modroot=${VAC_VM_MODROOT:-/}
timeout=${VAC_VM_TIMEOUT:-1800}
stimeout=${VAC_VM_SCRIPT_TIMEOUT:-600}
silence=${VAC_VM_SILENCE:-180}
mem=${VAC_VM_MEM:-1024}
cpus=${VAC_VM_CPUS:-2}
cpu=${VAC_VM_CPU:-qemu64,+svm,+rdtscp}
emulator=${VAC_VM_EMULATOR:-qemu}
demo=0
verbose=${VAC_VM_VERBOSE:-0}
extra=${VAC_VM_APPEND:-}

usage() {
	sed -n '/^#   tests/,/^#   -v/p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	-b|--build-dir) build=$2; shift 2 ;;
	-k|--kernel) kernel=$2; shift 2 ;;
	--modroot) modroot=$2; shift 2 ;;
	-t|--timeout) timeout=$2; shift 2 ;;
	-s|--script-timeout) stimeout=$2; shift 2 ;;
	--silence) silence=$2; shift 2 ;;
	-m|--mem) mem=$2; shift 2 ;;
	-c|--cpus) cpus=$2; shift 2 ;;
	--bochs) emulator=bochs; shift ;;
	-d|--demo) demo=1; shift ;;
	-a|--append) extra="${extra:+$extra }$2"; shift 2 ;;
	-v|--verbose) verbose=1; shift ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) echo "run-vm: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || usage
build=$(cd "$build" && pwd)

if [ -z "$kernel" ]; then
	kdir=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
	kernel=/boot/vmlinuz-${kdir##*/linux-headers-}
fi
[ -r "$kernel" ] || { echo "run-vm: cannot read kernel $kernel" >&2; exit 2; }
kver=${kernel##*/vmlinuz-}

for s in "$@"; do
	[ -d "$here/guest/$s" ] || {
		echo "run-vm: no suite $s ($here/guest/$s)" >&2
		exit 2
	}
done

suites=$(echo "$*" | tr ' ' ,)
logdir=$build/vm-logs
mkdir -p "$logdir"
case $emulator in
qemu) log=$logdir/$(echo "$*" | tr ' ' -).log ;;
bochs) log=$logdir/bochs-$(echo "$*" | tr ' ' -).log ;;
*) echo "run-vm: unknown emulator $emulator (qemu, bochs)" >&2; exit 2 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/vac-vm.XXXXXX")
qpid="" wdpid=""
cleanup() {
	[ -z "$wdpid" ] || kill "$wdpid" 2>/dev/null || true
	# Interrupted: stop QEMU itself (not only the shell waiting for it).
	if [ -n "$qpid" ] && [ -f "$work/emu.pid" ]; then
		p=$(cat "$work/emu.pid")
		case $(cat "/proc/$p/comm" 2>/dev/null) in
		qemu*|bochs*) kill "$p" ;;
		esac
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- initramfs --------------------------------------------------------------
st=$work/root
mkdir -p "$st"
cd "$st"
mkdir -p bin etc proc sys dev tmp root run usr \
	vac/modules vac/bin vac/tests lib/x86_64-linux-gnu lib64 \
	"lib/modules/$kver/extra"
ln -s ../bin usr/bin
ln -s bin sbin
ln -s ../bin usr/sbin

bb=$(command -v busybox)
cp "$bb" bin/busybox
for a in $(bin/busybox --list); do
	[ "$a" = busybox ] || ln -s busybox "bin/$a"
done

cp "$here/init.sh" init
chmod 755 init
cat >etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/sh
vmm:x:1000:1000:VMM user:/nonexistent:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
EOF
cat >etc/group <<'EOF'
root:x:0:
kvm:x:994:vmm
vmm:x:1000:
nogroup:x:65534:
EOF
echo /bin/sh >etc/shells

# Our modules, without debug info (22 MB -> a few MB for KVM instances).
for ko in "$build"/modules/*.ko; do
	[ -f "$ko" ] || continue
	strip --strip-debug -o "vac/modules/${ko##*/}" "$ko"
	ln "vac/modules/${ko##*/}" "lib/modules/$kver/extra/${ko##*/}"
done

# Debian's stock KVM and what it depends on, for the stock suite and for
# instance modules' dependencies (irqbypass, ccp); msr for host MSR reads.
mods=$modroot/lib/modules/$kver
if [ -d "$mods" ]; then
	# (One module per call: further arguments would be its parameters.)
	for m in $(for d in kvm-amd kvm-intel msr; do
			modprobe -d "$modroot" -S "$kver" --show-depends "$d" \
				2>/dev/null
		   done | awk '$1 == "insmod" { print $2 }' | sort -u); do
		rel=${m#"$mods"/}
		mkdir -p "lib/modules/$kver/${rel%/*}"
		cp "$m" "lib/modules/$kver/$rel"
	done
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		[ -f "$mods/$f" ] && cp "$mods/$f" "lib/modules/$kver/"
	done
fi

# Programs and the shared libraries they need.
if [ -d "$build/vm-tests" ]; then
	for f in "$build"/vm-tests/*; do
		[ -e "$f" ] || continue
		cp -a "$f" vac/bin/
		[ -f "$f" ] || continue
		ldd "$f" >"$work/ldd" 2>/dev/null || continue
		if grep -q 'not found' "$work/ldd"; then
			echo "run-vm: $f: missing libraries:" >&2
			grep 'not found' "$work/ldd" >&2
			exit 1
		fi
		awk '$2 == "=>" && $3 ~ /^\// { print $3 }' "$work/ldd" |
		while read -r lib; do
			cp -L "$lib" "lib/x86_64-linux-gnu/${lib##*/}"
		done
		awk '$1 ~ /^\// { print $1 }' "$work/ldd" |
		while read -r ld; do
			mkdir -p ".${ld%/*}"
			cp -L "$ld" ".$ld"
		done
	done
fi

cp -a "$here/guest/." vac/tests/
[ ! -d "$build/vm-root" ] || cp -a "$build/vm-root/." .
if [ "$emulator" = bochs ]; then
	# shellcheck disable=SC2013,SC2086
	for g in $(sed -e 's/#.*//' "$here/bochs.prune"); do
		rm -rf ./$g
	done
	# Shared libraries that only pruned programs needed.
	find . -type f -perm -u+x ! -name '*.so*' | while read -r f; do
		ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'
	done | sed 's,.*/,,' | sort -u >"$work/libs.needed"
	for l in lib/x86_64-linux-gnu/*; do
		[ -e "$l" ] || continue
		grep -qxF "${l##*/}" "$work/libs.needed" || rm -f "$l"
	done
fi
chmod -R a+rX vac
depmod -b "$st" "$kver" 2>"$work/depmod.err" ||
	{ cat "$work/depmod.err" >&2; exit 1; }

(find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$work/initrd"
cd "$top"

# --- boot -------------------------------------------------------------------
append="console=ttyS0 panic=-1 oops=panic"
# The first soft lockup, RCU stall or hung task (blocked for 60 s, before
# the silence watchdog below) panics, and a panic prints every task's state
# and every CPU's backtrace (panic_print bits 0 and 6, what sysrq t and l
# give): a wedged kernel otherwise keeps printing lockup reports until the
# whole-boot timeout.
append="$append softlockup_panic=1 hung_task_panic=1"
append="$append sysctl.kernel.hung_task_timeout_secs=60"
append="$append sysctl.kernel.panic_on_rcu_stall=1 panic_print=0x41"
# A console that stays silent is a kernel that takes no timer interrupt
# (every CPU spinning with interrupts off) or a wedged emulator: the
# watchdog then injects an NMI through QEMU's monitor, which panics the
# kernel with the same backtraces if it still runs.
append="$append unknown_nmi_panic=1"
append="$append vmtest.suites=$suites vmtest.timeout=$stimeout"
[ -z "$extra" ] || append="$append $extra"
if [ $demo = 1 ]; then
	append="$append quiet loglevel=1 vmtest.demo=1"
else
	append="$append quiet"
fi

BADRE='WARNING:|BUG:|Oops|Call Trace|general protection|[Kk]ernel panic'
# Signs of a wedged guest kernel (see the watchdog).
STALLRE='soft lockup|self-detected stall|detected stalls on CPUs|blocked for more than'

# A guest whose console stays silent for $silence seconds is wedged (no
# test runs longer than a few tens of seconds, and every script prints as
# it goes); so is one whose kernel reported a soft lockup, an RCU stall or
# a hung task (it then panics, see $append; under Bochs the panic would
# reboot into the CD again).  QEMU TCG's nested SVM sometimes wedges this
# way even with Debian's stock kvm-amd alone (tests/vm/README.md), so
# run-vm boots once more after a hang; the hang is still reported.
watchdog() {
	_size=-1 _quiet=0 _stalled=0
	while sleep 5; do
		_now=$(wc -c <"$log" 2>/dev/null || echo 0)
		if [ "$_now" = "$_size" ]; then
			_quiet=$((_quiet + 5))
		else
			_size=$_now _quiet=0
		fi
		# Bochs resets on reboot and would boot the CD again.
		if grep -aq '^VMTEST REBOOT' "$log" &&
		   grep -aq 'reboot: Restarting system' "$log"; then
			sleep 2
			_p=$(cat "$work/emu.pid" 2>/dev/null) || return
			case $(cat "/proc/$_p/comm" 2>/dev/null) in
			bochs*) kill -9 "$_p" ;;
			esac
			return
		fi
		if grep -aqE "$STALLRE" "$log"; then
			: >"$work/hung"
			# The kernel prints every CPU's backtrace, then panics.
			_stalled=$((_stalled + 5))
			grep -aq 'Kernel panic - not syncing' "$log" ||
				[ $_stalled -ge 60 ] || continue
		elif [ "$_quiet" -ge "$silence" ]; then
			: >"$work/hung"
			nmi_backtraces
		elif ! grep -aq 'Kernel panic - not syncing' "$log"; then
			continue
		fi
		# Hung, or panicked (a crash: no second boot).
		sleep 2
		_p=$(cat "$work/emu.pid" 2>/dev/null) || return
		case $(cat "/proc/$_p/comm" 2>/dev/null) in
		qemu*|bochs*) kill -9 "$_p" ;;
		esac
		return
	done
}

# nmi_backtraces: ask QEMU (not Bochs: no monitor) to inject an NMI into
# every vCPU and give the kernel time to print its panic with every CPU's
# backtrace (unknown_nmi_panic, panic_print).  Nothing comes if the
# emulator itself is wedged: the console tail says so.
nmi_backtraces() {
	[ -S "$work/qemu.mon" ] || return 0
	echo "run-vm: console silent for ${silence}s: injecting an NMI" >&2
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(b"nmi\n")
time.sleep(1)
' "$work/qemu.mon" 2>/dev/null || return 0
	_w=0
	while [ $_w -lt 30 ] && ! grep -aq 'Kernel panic - not syncing' "$log"; do
		sleep 2
		_w=$((_w + 2))
	done
	sleep 2
}

# Live view of the console.
view() {
	if [ "$verbose" = 1 ]; then
		cat
	elif [ $demo = 1 ]; then
		awk -v bad="$BADRE" '/VMTEST START/ { on = 1; next }
		     /^VMTEST (BEGIN|kernel)/ { next }
		     /^\[ *[0-9]+\.[0-9]+\] / && $0 !~ bad { next }
		     on { print; fflush() }
		     /^[0-9]+ passed, [0-9]+ failed$/ { on = 0 }'
	else
		grep --line-buffered -E \
			"VMTEST (PASS|FAIL) |^[0-9]+ passed, [0-9]+ failed|$BADRE"
	fi
}

# The emulators.  Each runs in a subshell: the emulator's pid goes to
# $work/emu.pid (the watchdog kills it), the console without escape
# sequences to $log.
CLEAN='s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g; s/\r//g'

boot_qemu() {
	# shellcheck disable=SC2086
	exec timeout -s KILL "$timeout" qemu-system-x86_64 -accel tcg \
		-cpu "$cpu" -smp "$cpus" -m "$mem" -nographic -no-reboot \
		-net none -global PIIX4_PM.disable_s3=0 \
		-kernel "$kernel" -initrd "$work/initrd" -append "$append" \
		-pidfile "$work/emu.pid" \
		-monitor "unix:$work/qemu.mon,server=on,wait=off" \
		${VAC_VM_QEMU_ARGS:-} </dev/null 2>&1 | sed -u "$CLEAN" >"$log"
}

# An ISOLINUX CD with the kernel and the initramfs: Bochs has no -kernel.
# The bzImage's own decompressor would take a minute of emulated time, so
# mboot.c32 loads the decompressed kernel with a stub that enters it at
# its PVH entry point (tests/vm/pvh-boot).
bochs_iso() {
	mkdir -p "$work/iso/isolinux"
	"$here/pvh-boot/mkimage.sh" "$kernel" "$work/iso/vmlinux.elf"
	mv "$work/initrd" "$work/iso/initrd"
	for f in isolinux.bin ldlinux.c32 mboot.c32 libcom32.c32; do
		for d in /usr/lib/ISOLINUX /usr/lib/syslinux/modules/bios; do
			[ ! -f "$d/$f" ] || cp "$d/$f" "$work/iso/isolinux/"
		done
	done
	cat >"$work/iso/isolinux/isolinux.cfg" <<EOF
default vac
prompt 0
timeout 0
label vac
  kernel mboot.c32
  append /vmlinux.elf console=ttyS0,115200 ${append#console=ttyS0 } vmtest.emulator=bochs --- /initrd
EOF
	xorriso -as mkisofs -quiet -o "$work/boot.iso" \
		-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
		-boot-load-size 4 -boot-info-table "$work/iso" \
		2>"$work/xorriso.err" ||
		{ cat "$work/xorriso.err" >&2; exit 1; }
	rm -rf "$work/iso"
}

# The serial console: Bochs's file mode buffers, so Bochs connects to a
# listener on an ephemeral local port, which copies to stdout as it comes.
bochs_listen() {
	python3 -c '
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
c, _ = s.accept()
while True:
    d = c.recv(65536)
    if not d:
        break
    sys.stdout.buffer.write(d)
    sys.stdout.buffer.flush()
' "$work/port"
}

boot_bochs() {
	rm -f "$work/port"
	bochs_listen | sed -u "$CLEAN" >"$log" &
	_lpid=$!
	while [ ! -s "$work/port" ]; do
		kill -0 $_lpid 2>/dev/null ||
			{ echo "run-vm: console listener died" >&2; exit 1; }
		sleep 0.1
	done
	# ips sets what the guest clock takes for a second; KVM probes MSRs
	# Bochs does not model (ignore_bad_msrs).
	cat >"$work/bochsrc" <<EOF
megs: $mem
cpu: model=broadwell_ult, count=$cpus, ips=150000000, reset_on_triple_fault=1, ignore_bad_msrs=1
clock: sync=none, time0=local
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
display_library: rfb, options="timeout=0"
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=cdrom, path=$work/boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=socket-client, dev=127.0.0.1:$(cat "$work/port")
log: $work/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
EOF
	echo c >"$work/bochs.rc"
	# (Not under timeout(1): the watchdog must find Bochs itself.)
	sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$work/emu.pid" \
		bochs -f "$work/bochsrc" -q -rc "$work/bochs.rc" \
		</dev/null >"$work/bochs.out" 2>&1 &
	_bpid=$!
	( sleep "$timeout"; kill -9 $_bpid 2>/dev/null ) &
	_tpid=$!
	wait $_bpid || true
	kill $_tpid 2>/dev/null || true
	wait $_lpid || true
}

[ "$emulator" != bochs ] || bochs_iso

start=$(date +%s)
attempt=1
while :; do
	rm -f "$work/hung"
	: >"$log"
	( "boot_$emulator" ) &
	qpid=$!
	wdpid=""
	if [ "$silence" -gt 0 ]; then
		watchdog &
		wdpid=$!
	fi

	tail -n +1 -s 0.2 -f --pid="$qpid" "$log" 2>/dev/null | view &
	vpid=$!
	# (wait, unlike a foreground pipeline, lets the INT/TERM trap run at once.)
	wait "$qpid" || true
	qpid=""
	[ -z "$wdpid" ] || kill "$wdpid" 2>/dev/null || true
	wdpid=""
	wait "$vpid" || true
	# (QEMU exits at the panic, maybe before the watchdog looked.)
	! grep -aqE "$STALLRE" "$log" || : >"$work/hung"
	[ -e "$work/hung" ] || break
	_in=$(sed -n 's/^VMTEST BEGIN //p' "$log" | tail -n 1)
	if grep -aqE "$STALLRE" "$log"; then
		echo "run-vm: the VM hung in ${_in:-its boot}: the kernel" \
			"reported a stall; its report and every CPU's backtrace:"
		awk -v re="$STALLRE" '$0 ~ re { on = 1 } on' "$log" |
			head -n 150 | sed 's/^/  | /'
	else
		echo "run-vm: the VM hung in ${_in:-its boot}: console silent" \
			"for ${silence}s; console tail:"
		tail -n 30 "$log" | sed 's/^/  | /'
	fi
	[ $attempt -lt 2 ] || break
	cp "$log" "$log.hung"
	echo "run-vm: booting again (the hung console is in $log.hung)"
	attempt=$((attempt + 1))
done
secs=$(($(date +%s) - start))

# --- verdict ----------------------------------------------------------------
rc=0
summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
if [ -z "$summary" ]; then
	echo "run-vm: no summary: the VM crashed or hung (timeout ${timeout}s)."
	echo "run-vm: console tail ($log):"
	tail -n 60 "$log" | sed 's/^/  | /'
	rc=1
fi
# (VMTEST lines are matched anywhere: a script's last line may lack its
# newline.)
if grep -aq 'VMTEST FAIL ' "$log"; then
	rc=1
	if [ $demo = 0 ] && [ "$verbose" != 1 ]; then
		# Show the output of each failed script.
		for t in $(sed -n 's/.*VMTEST FAIL \([^ ]*\).*/\1/p' "$log"); do
			echo "run-vm: ---- output of $t ----"
			awk -v t="$t" '$0 == "VMTEST BEGIN " t { on = 1; next }
			     on && /VMTEST (PASS|FAIL) / { exit }
			     on { print "  | " $0 }' "$log"
		done
	fi
fi
# A suite asked for a reboot after the summary: it must go through VAC's
# reboot notifier and every instance's, then restart.
if grep -aq '^VMTEST REBOOT' "$log"; then
	down=$(sed -n '/^VMTEST REBOOT/,$p' "$log")
	ninst=$(printf '%s\n' "$down" | grep -c 'kvm: exiting hardware virtualization')
	if ! printf '%s\n' "$down" | grep -q 'vac: exiting hardware virtualization' ||
	   [ "$ninst" -lt 2 ] ||
	   ! printf '%s\n' "$down" | grep -q 'reboot: Restarting system'; then
		echo "run-vm: the reboot did not go through VAC and both instances ($ninst instance(s) said so):"
		printf '%s\n' "$down" | tail -n 30 | sed 's/^/  | /'
		rc=1
	else
		echo "run-vm: reboot went through VAC and $ninst instances, then restarted"
	fi
fi
if grep -aEq "$BADRE" "$log"; then
	echo "run-vm: kernel warning or crash on the console:"
	grep -aEn -B2 -A12 "$BADRE" "$log" | head -n 80 | sed 's/^/  | /'
	rc=1
fi
echo "run-vm: [$*] ${summary:-no summary} in ${secs}s; log: $log"
exit $rc
