// SPDX-License-Identifier: GPL-2.0
/*
 * Guest code of vmm-test: 16-bit real mode, copied to guest physical
 * address VMM_CODE_GPA and entered at its first byte with
 *   EBX = seed, CX = length (1..8192), DS = this vCPU's data segment,
 *   ES = the MMIO segment (no memory slot behind it).
 * One pass makes exactly these exits, in this order:
 *   1. OUT  port 0x10, 4 bytes: the seed
 *   2. OUT  port 0x11, 4 bytes: checksum of DS:[0, CX)
 *      (c = rol(c, 5) + byte, from 0)
 *   3. MMIO write ES:0, 4 bytes: the checksum again
 *   4. MMIO read  ES:4, 4 bytes: a value the host picks
 *   5. OUT  port 0x12, 4 bytes: that value, echoed
 *   6. HLT
 * and it writes DS:[0x2000 + i] = (3 * i + seed) & 0xff for i < CX,
 * which the host checks after the HLT.
 */

/* Top-level asm: the project builds C only, no assembler language. */
__asm__(
	"\t.pushsection .rodata\n"
	"\t.globl\tvmm_guest_code\n"
	"\t.globl\tvmm_guest_code_end\n"
	"\t.code16\n"
	"vmm_guest_code:\n"
	"\tmovl\t%ebx, %eax\n"
	"\tmovw\t$0x10, %dx\n"
	"\toutl\t%eax, %dx\n"
	"\txorl\t%esi, %esi\n"
	"\txorl\t%edi, %edi\n"
	"1:\tmovzbl\t(%si), %eax\n"
	"\troll\t$5, %edi\n"
	"\taddl\t%eax, %edi\n"
	"\tincw\t%si\n"
	"\tcmpw\t%cx, %si\n"
	"\tjb\t1b\n"
	"\tmovl\t%edi, %eax\n"
	"\tmovw\t$0x11, %dx\n"
	"\toutl\t%eax, %dx\n"
	"\txorw\t%si, %si\n"
	"2:\timulw\t$3, %si, %ax\n"
	"\taddb\t%bl, %al\n"
	"\tmovb\t%al, 0x2000(%si)\n"
	"\tincw\t%si\n"
	"\tcmpw\t%cx, %si\n"
	"\tjb\t2b\n"
	"\tmovl\t%edi, %es:0\n"
	"\tmovl\t%es:4, %eax\n"
	"\tmovw\t$0x12, %dx\n"
	"\toutl\t%eax, %dx\n"
	"\thlt\n"
	"\tjmp\tvmm_guest_code\n"
	"vmm_guest_code_end:\n"
	"\t.code64\n"
	"\t.popsection\n"
);
