#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Stage Debian's QEMU for the test VM (tests/vm/qemu/README.md):
#
#   stage-qemu.sh VM_ROOT QEMU GUEST_BIN LIST
#
# copies into VM_ROOT (BUILD/vm-root, which run-vm.sh copies into the VM's
# root as it is)
#
#   /bin/qemu-system-x86_64          QEMU (the VM's /usr/bin is /bin)
#   /lib/x86_64-linux-gnu/*, /lib64/ every shared library it needs (ldd)
#   /usr/share/qemu/kvmvapic.bin     the only firmware file it loads here
#   /vac/qemu/guest.bin              the test guest (-bios)
#
# and writes the staged paths (relative to VM_ROOT) to LIST.  Only these
# files are written: other targets stage into VM_ROOT too.
set -eu

[ $# = 4 ] || { echo "usage: $0 VM_ROOT QEMU GUEST_BIN LIST" >&2; exit 2; }
root=$1 qemu=$2 guest=$3 list=$4

# QEMU refuses a -bios image whose size is not a multiple of 64 KiB.
size=$(stat -c %s "$guest")
[ $((size % 65536)) = 0 ] && [ "$size" -gt 0 ] ||
	{ echo "stage-qemu: $guest is $size bytes, not a multiple of 64 KiB" >&2; exit 1; }

tmp=$list.tmp
: >"$tmp"
# put SRC DST: copy SRC (following links) to VM_ROOT/DST.
put() {
	mkdir -p "$root/${2%/*}"
	cp -L "$1" "$root/$2"
	echo "$2" >>"$tmp"
}

ldd "$qemu" >"$list.ldd"
if grep -q 'not found' "$list.ldd"; then
	echo "stage-qemu: $qemu: missing libraries:" >&2
	grep 'not found' "$list.ldd" >&2
	exit 1
fi
put "$qemu" bin/qemu-system-x86_64
# "libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)": into the
# loader's default directory, which the VM's other programs use as well.
for lib in $(awk '$2 == "=>" && $3 ~ /^\// { print $3 }' "$list.ldd"); do
	put "$lib" "lib/x86_64-linux-gnu/${lib##*/}"
done
# The loader itself, at the path the binary names.
for ld in $(awk '$1 ~ /^\// { print $1 }' "$list.ldd"); do
	put "$ld" "${ld#/}"
done
rm -f "$list.ldd"

# With -nodefaults there is no VGA or NIC, hence no option ROM, and with
# -bios no SeaBIOS; QEMU still adds kvmvapic.bin (the TPR patching ROM of
# its APIC) to every x86 machine and warns if it is missing.
fw=/usr/share/qemu/kvmvapic.bin
[ -r "$fw" ] || { echo "stage-qemu: $fw missing (package qemu-system-data)" >&2; exit 1; }
put "$fw" "${fw#/}"
put "$guest" vac/qemu/guest.bin

mv "$tmp" "$list"
kib=$(cd "$root" && xargs du -cLk <"$list" | tail -n 1 | cut -f1)
echo "stage-qemu: $(wc -l <"$list") files, $((kib / 1024)) MiB into $root"
