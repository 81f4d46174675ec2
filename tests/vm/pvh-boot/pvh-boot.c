// SPDX-License-Identifier: GPL-2.0
/*
 * A Multiboot stub that enters Linux at its PVH entry point.
 *
 * Bochs has no direct kernel loader, and a bzImage spends about a minute
 * of emulated time decompressing itself.  This stub is linked together
 * with the kernel's already decompressed image (at its physical load
 * address) into one Multiboot ELF that ISOLINUX's mboot.c32 loads; the
 * first module is the initramfs.  The stub turns the Multiboot
 * information into an hvm_start_info and jumps to the 32-bit entry point
 * the kernel advertises in its XEN_ELFNOTE_PHYS32_ENTRY note
 * (CONFIG_PVH), in the state the PVH boot ABI asks for: protected mode,
 * paging off, flat segments, interrupts off, %ebx pointing at the start
 * info.  Documentation: docs/x86/boot.rst, xen/include/public/arch-x86/
 * hvm/start_info.h, and the Multiboot 0.6.96 specification.
 */
#include <stdint.h>

#define __packed		__attribute__((packed))
#define __noreturn		__attribute__((noreturn))

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002
#define MB_INFO_CMDLINE			(1 << 2)
#define MB_INFO_MODS			(1 << 3)
#define MB_INFO_MMAP			(1 << 6)

#define HVM_START_MAGIC			0x336ec578
#define MEMMAP_MAX			64

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
} __packed;

struct mb_module {
	uint32_t start, end, string, reserved;
} __packed;

struct mb_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __packed;

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries, reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

/* Set by the linker (mkimage.sh reads the kernel's note). */
extern char pvh_entry[];

static struct hvm_start_info start_info;
static struct hvm_modlist_entry initrd;
static struct hvm_memmap_table_entry memmap[MEMMAP_MAX];

static void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

/* Polled COM1, for the one thing that can go wrong before Linux prints. */
static void say(const char *s)
{
	for (; *s; s++)
		outb(0x3f8, *s);
}

static __noreturn void halt(const char *why)
{
	say("pvh-boot: ");
	say(why);
	say("\n");
	for (;;)
		asm volatile("cli; hlt");
}

/*
 * mboot.c32 passes the stub's own file name first: the kernel's command
 * line starts after it.
 */
static uint32_t kernel_cmdline(uint32_t cmdline)
{
	const char *s = (const char *)cmdline;

	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return (uint32_t)s;
}

void __noreturn pvh_boot(uint32_t magic, struct mb_info *mbi)
{
	uint32_t off, n = 0;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		halt("not started by a Multiboot loader");
	if (!(mbi->flags & MB_INFO_MMAP))
		halt("no memory map from the loader");

	for (off = 0; off < mbi->mmap_length && n < MEMMAP_MAX; n++) {
		struct mb_mmap *e = (struct mb_mmap *)(mbi->mmap_addr + off);

		/* Multiboot's types are the E820 ones the kernel expects. */
		memmap[n].addr = e->addr;
		memmap[n].size = e->len;
		memmap[n].type = e->type;
		off += e->size + sizeof(e->size);
	}

	start_info.magic = HVM_START_MAGIC;
	start_info.version = 1;
	start_info.memmap_paddr = (uint32_t)memmap;
	start_info.memmap_entries = n;
	/* 0: Linux finds the RSDP in the BIOS area itself. */
	start_info.rsdp_paddr = 0;
	if (mbi->flags & MB_INFO_CMDLINE)
		start_info.cmdline_paddr = kernel_cmdline(mbi->cmdline);
	if ((mbi->flags & MB_INFO_MODS) && mbi->mods_count) {
		struct mb_module *m = (struct mb_module *)mbi->mods_addr;

		/* Linux takes the first module for the initramfs. */
		initrd.paddr = m->start;
		initrd.size = m->end - m->start;
		start_info.modlist_paddr = (uint32_t)&initrd;
		start_info.nr_modules = 1;
	}

	asm volatile("jmp *%0" : : "r"(pvh_entry), "b"(&start_info));
	__builtin_unreachable();
}
