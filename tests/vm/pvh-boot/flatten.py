#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Flatten a bzImage's kernel for the PVH boot stub.

  flatten.py BZIMAGE OUT.bin

Decompresses the payload of a bzImage (boot protocol 2.08 or later: the
setup header names the payload's offset and length), lays the vmlinux's
PT_LOAD segments out at their physical addresses relative to the lowest
one, writes that to OUT.bin and prints "PADDR ENTRY": the image's load
address and the 32-bit PVH entry point from the Xen ELF note
XEN_ELFNOTE_PHYS32_ENTRY (18).
"""
import gzip
import lzma
import struct
import sys

XEN_ELFNOTE_PHYS32_ENTRY = 18


def payload(image):
    if image[0x202:0x206] != b"HdrS":
        sys.exit("flatten: not a bzImage")
    if struct.unpack_from("<H", image, 0x206)[0] < 0x208:
        sys.exit("flatten: boot protocol older than 2.08")
    setup_sects = image[0x1f1] or 4
    offset, length = struct.unpack_from("<II", image, 0x248)
    start = (setup_sects + 1) * 512 + offset
    data = image[start:start + length]
    if data.startswith(b"\xfd7zXZ\x00"):
        # The kernel's build appends the relocations after the ELF;
        # decompress the first stream only.
        return lzma.LZMADecompressor().decompress(data)
    if data.startswith(b"\x1f\x8b"):
        return gzip.decompress(data)
    sys.exit("flatten: payload is neither XZ nor gzip")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    elf = payload(open(sys.argv[1], "rb").read())
    if elf[:5] != b"\x7fELF\x02":
        sys.exit("flatten: payload is not a 64-bit ELF")
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    loads, entry = [], None
    for i in range(phnum):
        (p_type, _, p_offset, _, p_paddr, p_filesz, p_memsz,
         _) = struct.unpack_from("<IIQQQQQQ", elf, phoff + i * phentsize)
        if p_type == 1:
            loads.append((p_paddr, p_offset, p_filesz, p_memsz))
        elif p_type == 4:
            pos, end = p_offset, p_offset + p_filesz
            while pos + 12 <= end:
                namesz, descsz, ntype = struct.unpack_from("<III", elf, pos)
                name = elf[pos + 12:pos + 12 + namesz].rstrip(b"\0")
                desc = pos + 12 + (namesz + 3 & ~3)
                if name == b"Xen" and ntype == XEN_ELFNOTE_PHYS32_ENTRY:
                    entry = struct.unpack_from("<I", elf, desc)[0]
                pos = desc + (descsz + 3 & ~3)
    if entry is None:
        sys.exit("flatten: no PVH entry note (kernel built without CONFIG_PVH)")
    base = min(p[0] for p in loads)
    size = max(p[0] + p[3] for p in loads) - base
    flat = bytearray(size)
    for paddr, offset, filesz, _ in loads:
        flat[paddr - base:paddr - base + filesz] = elf[offset:offset + filesz]
    open(sys.argv[2], "wb").write(flat)
    print("%#x %#x" % (base, entry))


main()
