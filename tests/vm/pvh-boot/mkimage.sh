#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the Multiboot ELF that boots a bzImage's kernel through its PVH
# entry point without running its decompressor (pvh-boot.c says why).
#
#   tests/vm/pvh-boot/mkimage.sh BZIMAGE OUT.elf
#
# ISOLINUX: "kernel mboot.c32", "append OUT.elf CMDLINE --- INITRD".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# = 2 ] || { echo "usage: $0 BZIMAGE OUT.elf" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pvh-boot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 "$here/flatten.py" "$1" "$tmp/kernel.bin" >"$tmp/layout"
read -r paddr entry <"$tmp/layout"
cflags="-m32 -march=i686 -ffreestanding -fno-pic -fno-stack-protector
	-fno-asynchronous-unwind-tables -O2 -Wall -Werror"
# shellcheck disable=SC2086
gcc $cflags -c "$here/pvh-boot.c" -o "$tmp/pvh-boot.o"
# shellcheck disable=SC2086
gcc $cflags -c "$here/entry.S" -o "$tmp/entry.o"
(cd "$tmp" && objcopy -I binary -O elf32-i386 -B i386 \
	--rename-section .data=.kernel,alloc,load,contents \
	kernel.bin kernel.o)
ld -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments -T "$here/pvh-boot.lds" \
	--defsym KERNEL_PADDR="$paddr" --defsym pvh_entry="$entry" \
	-o "$2" "$tmp/entry.o" "$tmp/pvh-boot.o" "$tmp/kernel.o"
