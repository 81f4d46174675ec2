/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot header and entry of the PVH boot stub (pvh-boot.c).  The
 * loader enters in 32-bit protected mode with flat segments, paging and
 * interrupts off, %eax = magic and %ebx = Multiboot information.
 */
#define MB_MAGIC	0x1badb002
/* Page-aligned modules, and the memory map. */
#define MB_FLAGS	0x00000003

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	cli
	cld
	movl	$stack_top, %esp
	pushl	%ebx
	pushl	%eax
	call	pvh_boot

	.bss
	.balign 16
	.skip 4096
stack_top:
