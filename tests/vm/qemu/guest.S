/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VAC QEMU test guest: a 64 KiB firmware image for `qemu-system-x86_64
 * -bios guest.bin` (i440fx "pc" machine), 16-bit real mode, no BIOS under
 * it.  It prints
 *
 *	vac-guest: up
 *	count=00000001
 *	count=00000002
 *	...
 *
 * on COM1 (port 0x3f8), one "count=" line every TICKS_PER_LINE ticks of
 * the PIT (18.2 Hz), for ever.  The counter is a 32-bit word in guest RAM
 * (COUNTER), not in a register, so that a copy of the guest's memory and
 * device state (live migration) carries it on: the next line after a
 * migration is the next number.
 *
 * It also fills RAM from PATTERN_START to PATTERN_END (576 KiB) with a
 * pattern, and before each line reads every word of it back and writes it
 * again: a page that a migration lost or mixed up stops the guest with
 * "vac-guest: memory changed at SSSS:OOOO", and the rewrite dirties all of
 * it a few times a second, so that a migration that copies memory has
 * something to copy while the guest runs.
 *
 * Given more than 16 MiB of RAM (-m 512 and up, for bench/move), it also
 * fills all RAM above 16 MiB with pseudo-random data (xorshift32) and then
 * keeps writing it, DIRTY_PAGES pages per tick, round and round: the
 * first word of each page holds a tag of its page number and of how often
 * it was rewritten, checked before each rewrite ("memory changed at
 * AAAAAAAA").  That is the large guest whose memory is non-zero and being
 * written while it moves, which a copying migration has to chase and a
 * shared-memory move does not.  It reaches that memory from real mode
 * through FS with a 4 GiB limit ("unreal mode").
 *
 * Why this shape: it runs under KVM nested in QEMU TCG, where each exit to
 * the VMM costs a lot, so it makes few of them (one OUT per character, an
 * EOI per tick) and sleeps in HLT between ticks instead of spinning, which
 * leaves the test VM's CPUs to the test and to a second guest.  It also
 * exercises the KVM instance's in-kernel PIT and PIC (QEMU's default
 * kernel-irqchip).
 *
 * QEMU maps the image at 0xf0000-0xfffff (and at the top of 4 GiB, where
 * the CPU starts: offset 0xfff0 in segment 0xf000 holds the reset jump),
 * so the code is linked at offset 0 of segment 0xf000.  QEMU wants a
 * multiple of 64 KiB; the image is exactly that.
 */

#define COM1			0x3f8
#define PIC1_CMD		0x20
#define PIC1_DATA		0x21
#define PIC_EOI			0x20
#define PIT_CH0			0x40
#define PIT_MODE		0x43
#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	0x800

#define IRQ0_VECTOR		0x08	/* the PC's traditional one */
#define COUNTER			0x500	/* free RAM above the IVT */
#define STACK_TOP		0x7000
#define TICKS_PER_LINE		4	/* about 4.5 lines a second */
#define PATTERN_START		0x1000	/* segments: 0x10000-0x9ffff */
#define PATTERN_END		0xa000

#define CMOS_INDEX		0x70
#define CMOS_DATA		0x71
#define CMOS_EXT16_LO		0x34	/* RAM above 16 MiB, 64 KiB units */
#define CMOS_EXT16_HI		0x35
#define HIGH_START		0x1000000	/* 16 MiB */
#define HIGH_END		0x504	/* dword: its end, 0 if no such RAM */
#define HIGH_CURSOR		0x508	/* dword: next page to rewrite */
#define HIGH_GEN		0x50c	/* dword: rounds of rewriting done */
#define DIRTY_PAGES		256	/* pages rewritten per tick: 18 MiB/s */
#define FLAT_DATA		0x08	/* GDT selector of the 4 GiB segment */

	.code16
	.text
	.globl	_start
_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %ss
	movw	$STACK_TOP, %sp

	/*
	 * The local APIC comes out of reset enabled with LVT0 masked, which
	 * keeps the PIC's interrupts from the CPU (a BIOS would set LVT0 to
	 * ExtINT, through MMIO at 0xfee00000, out of real mode's reach).
	 * Disabled, the APIC lets the PIC interrupt the CPU directly.
	 */
	movl	$MSR_APIC_BASE, %ecx
	rdmsr
	andw	$~APIC_BASE_ENABLE, %ax
	wrmsr

	movw	$irq0, IRQ0_VECTOR * 4
	movw	%cs, IRQ0_VECTOR * 4 + 2

	/*
	 * Mask the PIC before programming it.  KVM's PIC only kicks the vCPU
	 * when its output rises while the APIC accepts PIC interrupts, and
	 * ICW1 clears the requests without lowering the output: a PIT tick
	 * that came before the APIC was disabled would leave the output high
	 * for good, no interrupt would ever be injected and every HLT would
	 * return at once.  Masking lowers it; unmasking IRQ0 below raises it
	 * again with the APIC disabled.
	 */
	movb	$0xff, %al		/* OCW1: mask all */
	outb	%al, $PIC1_DATA

	/* Master PIC: edge triggered, vectors 8-15, only IRQ0 unmasked. */
	movb	$0x11, %al		/* ICW1: ICW4 follows, cascade */
	outb	%al, $PIC1_CMD
	movb	$IRQ0_VECTOR, %al	/* ICW2: vector base */
	outb	%al, $PIC1_DATA
	movb	$0x04, %al		/* ICW3: slave on IR2 */
	outb	%al, $PIC1_DATA
	movb	$0x01, %al		/* ICW4: 8086 mode, normal EOI */
	outb	%al, $PIC1_DATA
	movb	$0xfe, %al		/* OCW1: mask all but IRQ0 */
	outb	%al, $PIC1_DATA

	/* PIT channel 0: rate generator, divisor 65536 (18.2 Hz). */
	movb	$0x34, %al
	outb	%al, $PIT_MODE
	xorb	%al, %al
	outb	%al, $PIT_CH0
	outb	%al, $PIT_CH0

	movl	$0, COUNTER
	xorw	%bp, %bp		/* fill */
	call	pattern
	movw	$banner, %si
	call	puts
	call	high_fill
	sti

	/*
	 * Only IRQ0 can end a HLT, so each HLT is one tick; each tick
	 * rewrites DIRTY_PAGES pages of high memory.
	 */
1:	movw	$TICKS_PER_LINE, %cx
2:	hlt
	call	high_dirty
	loop	2b
	movw	$1, %bp			/* check and rewrite */
	call	pattern
	incl	COUNTER
	movw	$count, %si
	call	puts
	movl	COUNTER, %eax
	call	puthex
	movb	$'\n', %al
	call	putc
	jmp	1b

/*
 * pattern: the word at SEG:OFF of the pattern area holds SEG ^ OFF.  With
 * BP 0, write it; otherwise check each word, stopping the guest at the
 * first that differs, and write it again.
 */
pattern:
	movw	$PATTERN_START, %dx
1:	movw	%dx, %es
	xorw	%di, %di
2:	movw	%dx, %ax
	xorw	%di, %ax
	testw	%bp, %bp
	jz	3f
	cmpw	%es:(%di), %ax
	jne	changed
3:	movw	%ax, %es:(%di)
	addw	$2, %di
	jnz	2b
	addw	$0x1000, %dx
	cmpw	$PATTERN_END, %dx
	jb	1b
	ret

/* The pattern differs at ES:DI: say where, and stop for good. */
changed:
	cli
	movw	$memory, %si
	call	puts
	movw	%es, %ax
	call	puthex16
	movb	$':', %al
	call	putc
	movw	%di, %ax
	call	puthex16
	movb	$'\n', %al
	call	putc
1:	hlt
	jmp	1b

/*
 * high_fill: find the RAM above 16 MiB (QEMU's CMOS says how much), and if
 * there is any, make FS reach it, fill it and tag each page (generation 0).
 */
high_fill:
	movl	$0, HIGH_END
	movl	$0, HIGH_CURSOR
	movl	$0, HIGH_GEN
	movb	$CMOS_EXT16_HI, %al
	outb	%al, $CMOS_INDEX
	inb	$CMOS_DATA, %al
	movb	%al, %ah
	movb	$CMOS_EXT16_LO, %al
	outb	%al, $CMOS_INDEX
	inb	$CMOS_DATA, %al
	movzwl	%ax, %eax
	testl	%eax, %eax
	jz	9f
	shll	$16, %eax
	addl	$HIGH_START, %eax
	movl	%eax, HIGH_END

	/*
	 * Unreal mode: load FS with a flat 4 GiB data segment in protected
	 * mode and go back to real mode; FS keeps its limit (nothing here
	 * reloads FS, not even the interrupt handler).
	 */
	lgdtl	%cs:gdt_ptr
	movl	%cr0, %eax
	orb	$1, %al
	movl	%eax, %cr0
	movw	$FLAT_DATA, %bx
	movw	%bx, %fs
	andb	$0xfe, %al
	movl	%eax, %cr0
	xorw	%bx, %bx
	movw	%bx, %fs

	/* xorshift32, from a fixed seed: never zero, never repeating. */
	movl	$HIGH_START, %edi
	movl	$0x2545f491, %edx
1:	movl	%edx, %eax
	shll	$13, %eax
	xorl	%eax, %edx
	movl	%edx, %eax
	shrl	$17, %eax
	xorl	%eax, %edx
	movl	%edx, %eax
	shll	$5, %eax
	xorl	%eax, %edx
	movl	%edx, %fs:(%edi)
	addl	$4, %edi
	cmpl	HIGH_END, %edi
	jb	1b

	xorl	%ebx, %ebx
	xorl	%edx, %edx
	movl	$HIGH_START, %edi
2:	call	tag
	movl	%eax, %fs:(%edi)
	incl	%ebx
	addl	$0x1000, %edi
	cmpl	HIGH_END, %edi
	jb	2b

	movw	$high, %si
	call	puts
	movl	HIGH_END, %eax
	call	puthex
	movb	$'\n', %al
	call	putc
9:	ret

/*
 * high_dirty: check and rewrite the next DIRTY_PAGES pages of high memory,
 * each with its tag of the next generation; after the last page, start
 * again at the first one generation on.  Keeps every register.
 */
high_dirty:
	cmpl	$0, HIGH_END
	je	9f
	pushal
	movw	$DIRTY_PAGES, %cx
	movl	HIGH_CURSOR, %ebx
	movl	HIGH_GEN, %edx
1:	movl	%ebx, %edi
	shll	$12, %edi
	addl	$HIGH_START, %edi
	cmpl	HIGH_END, %edi
	jb	2f
	xorl	%ebx, %ebx
	incl	%edx
	jmp	1b
2:	call	tag
	cmpl	%fs:(%edi), %eax
	jne	high_changed
	incl	%edx
	call	tag
	decl	%edx
	movl	%eax, %fs:(%edi)
	incl	%ebx
	loop	1b
	movl	%ebx, HIGH_CURSOR
	movl	%edx, HIGH_GEN
	popal
9:	ret

/* tag: EAX = the first word of page EBX in generation EDX. */
tag:
	pushl	%edx
	imull	$0x85ebca6b, %edx, %edx
	imull	$0x9e3779b1, %ebx, %eax
	xorl	%edx, %eax
	xorl	$0x5a5a5a5a, %eax
	popl	%edx
	ret

/* The tag of the page at FS:EDI is not what it should be: stop. */
high_changed:
	cli
	movw	$memory, %si
	call	puts
	movl	%edi, %eax
	call	puthex
	movb	$'\n', %al
	call	putc
1:	hlt
	jmp	1b

irq0:
	pushw	%ax
	movb	$PIC_EOI, %al
	outb	%al, $PIC1_CMD
	popw	%ax
	iret

/* putc: AL to COM1.  QEMU's UART takes a byte whenever it is written. */
putc:
	pushw	%dx
	movw	$COM1, %dx
	outb	%al, %dx
	popw	%dx
	ret

/* puts: the NUL-terminated string at CS:SI (the strings live in the ROM). */
puts:
	movb	%cs:(%si), %al
	testb	%al, %al
	jz	1f
	call	putc
	incw	%si
	jmp	puts
1:	ret

/* puthex: EAX as eight lower-case hex digits. */
puthex:
	movw	$8, %cx
	jmp	1f
/* puthex16: AX as four hex digits. */
puthex16:
	shll	$16, %eax
	movw	$4, %cx
1:	movl	%eax, %ebx
2:	roll	$4, %ebx
	movb	%bl, %al
	andb	$0x0f, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	3f
	addb	$'a' - '9' - 1, %al
3:	call	putc
	loop	2b
	ret

banner:	.asciz	"vac-guest: up\n"
count:	.asciz	"count="
memory:	.asciz	"vac-guest: memory changed at "
high:	.asciz	"vac-guest: high memory filled up to "

	/* The flat segment of unreal mode (high_fill). */
	.balign	8
gdt:	.quad	0
	/*
	 * Data, writable, base 0, 4 GiB, and accessed: the CPU would
	 * otherwise set the accessed bit, a write to the ROM, which QEMU
	 * drops, and the segment load would be retried for ever.
	 */
	.quad	0x00cf93000000ffff
gdt_ptr:
	.word	gdt_ptr - gdt - 1
	.long	0xf0000 + gdt

	/* The CPU starts at 0xfffffff0: 16 bytes below the image's end. */
	.org	0xfff0
reset:
	ljmp	$0xf000, $_start
	.org	0x10000

	.section .note.GNU-stack, "", @progbits
