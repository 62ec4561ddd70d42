/*
 * Multiboot v1, PVH or Linux boot protocol information to struct
 * ukplat_bootinfo, then the kernel.
 * Before the heap only what crash reports and the memory map need: the
 * console, the boot CPU's GDT/TSS/IDT, the PIC masked, the RAM check.
 */
#include <stdbool.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <uk/print.h>
#include <x86/lcpu.h>
#include <x86/linux_boot.h>
#include <x86/multiboot.h>
#include <x86/paging.h>
#include <x86/percpu.h>
#include <x86/pic8259.h>
#include <x86/pvh.h>
#include <x86/virtio_mmio.h>

#include "serial16550.h"

#define X86_CMDLINE_MAX 4096

/* The loaded image, from link.ld. */
extern char _text[], _end[];
/*
 * Which entry ran: MULTIBOOT_BOOTLOADER_MAGIC, X86_PVH_BOOT_MAGIC,
 * X86_LINUX_BOOT_MAGIC or X86_LINUX64_BOOT_MAGIC.
 */
extern uint32_t x86_boot_magic;

/*
 * The loader leaves the multiboot info and the command line in memory that
 * the map reports free, so keep a copy of what must outlive the allocator.
 */
static char cmdline[X86_CMDLINE_MAX];
static struct ukplat_bootinfo bi;

/* Regions beyond UKPLAT_MEMREGION_MAX are dropped (memory is lost, no harm). */
static void mrd_add(uint64_t pbase, uint64_t len, uint32_t flags)
{
	struct ukplat_memregion *m;

	if (len == 0 || bi.mrd_count >= UKPLAT_MEMREGION_MAX)
		return;
	m = &bi.mrd[bi.mrd_count++];
	m->pbase = pbase;
	m->len = len;
	m->flags = flags;
}

/* Adds [start, end) minus the ranges holes[0..n) as free memory. */
static void mrd_add_free_except(uint64_t start, uint64_t end,
				const uint64_t (*holes)[2], unsigned int n)
{
	if (start >= end)
		return;
	if (n == 0) {
		mrd_add(start, end - start, UKPLAT_MEMRF_FREE);
		return;
	}
	if (end <= holes[0][0] || start >= holes[0][1]) {
		mrd_add_free_except(start, end, holes + 1, n - 1);
		return;
	}
	mrd_add_free_except(start, holes[0][0], holes + 1, n - 1);
	mrd_add_free_except(holes[0][1], end, holes + 1, n - 1);
}

/*
 * Adds usable RAM [base, base + len) as whole pages, minus the AP
 * trampoline page, the kernel image and page 0 (so that no allocation is
 * ever the NULL pointer).
 */
static void mrd_add_free(uint64_t base, uint64_t len)
{
	const uint64_t holes[][2] = {
		{ X86_TRAMPOLINE_ADDR, X86_TRAMPOLINE_ADDR + __PAGE_SIZE },
		{ (uintptr_t)_text,
		  UK_ALIGN_UP((uint64_t)(uintptr_t)_end, __PAGE_SIZE) },
	};
	uint64_t start = UK_ALIGN_UP(UK_MAX(base, __PAGE_SIZE), __PAGE_SIZE);
	uint64_t end = UK_ALIGN_DOWN(base + len, __PAGE_SIZE);

	if (base + len < base) /* wraps: clamp to the top page boundary */
		end = UK_ALIGN_DOWN(UINT64_MAX, __PAGE_SIZE);
	mrd_add_free_except(start, end, holes, UK_ARRAY_SIZE(holes));
}

static void mrd_from_mmap(const struct multiboot_info *mi)
{
	uintptr_t p = mi->mmap_addr;
	uintptr_t end = p + mi->mmap_length;
	const struct multiboot_mmap_entry *e;

	/* Entries are size-prefixed; size excludes the size field itself. */
	for (; p + sizeof(*e) <= end; p += e->size + sizeof(e->size)) {
		e = (const struct multiboot_mmap_entry *)p;
		if (e->type == MULTIBOOT_MEMORY_AVAILABLE)
			mrd_add_free(e->addr, e->len);
		else
			mrd_add(e->addr, e->len, UKPLAT_MEMRF_RESERVED);
	}
}

/*
 * True if [start, end) lies in RAM the boot loader reports available. The
 * image's .bss is not in the ELF file, so a loader puts the image in any
 * RAM big enough for the file alone: with too little memory, .bss (and
 * the boot stack in it) overlaps firmware data or nothing at all.
 */
static bool image_in_ram(const struct multiboot_info *mi, uint64_t start,
			 uint64_t end)
{
	uintptr_t p = mi->mmap_addr;
	uintptr_t mend = p + mi->mmap_length;
	const struct multiboot_mmap_entry *e;

	if (!(mi->flags & MULTIBOOT_INFO_MEM_MAP))
		return !(mi->flags & MULTIBOOT_INFO_MEMORY) ||
		       end <= (1UL << 20) + ((uint64_t)mi->mem_upper << 10);
	for (; p + sizeof(*e) <= mend; p += e->size + sizeof(e->size)) {
		e = (const struct multiboot_mmap_entry *)p;
		if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->addr <= start &&
		    end - e->addr <= e->len)
			return true;
	}
	return false;
}

/* Copies the command line at physical address pa (0: none). */
static void cmdline_copy(uint64_t pa)
{
	const char *s = (const char *)(uintptr_t)pa;
	unsigned int i = 0;

	while (s && i < X86_CMDLINE_MAX - 1 && s[i] != '\0') {
		cmdline[i] = s[i];
		i++;
	}
	cmdline[i] = '\0';
}

/* True if [start, end) lies in one RAM entry of the PVH memory map. */
static bool pvh_image_in_ram(const struct hvm_start_info *si, uint64_t start,
			     uint64_t end)
{
	const struct hvm_memmap_table_entry *e =
		(const void *)(uintptr_t)si->memmap_paddr;
	uint32_t i;

	for (i = 0; si->version >= 1 && i < si->memmap_entries; i++)
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM &&
		    e[i].addr <= start && end <= e[i].addr + e[i].size)
			return true;
	return false;
}

static void mrd_from_pvh(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *e =
		(const void *)(uintptr_t)si->memmap_paddr;
	uint32_t i;

	for (i = 0; si->version >= 1 && i < si->memmap_entries; i++) {
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM)
			mrd_add_free(e[i].addr, e[i].size);
		else
			mrd_add(e[i].addr, e[i].size, UKPLAT_MEMRF_RESERVED);
	}
}

/* struct boot_params (the zero page) fields by their offsets. */
static uint8_t bp_u8(uintptr_t bp, unsigned int off)
{
	return *(const uint8_t *)(bp + off);
}

static uint32_t bp_u32(uintptr_t bp, unsigned int off)
{
	return *(const uint32_t *)(bp + off);
}

static uint64_t bp_u64(uintptr_t bp, unsigned int off)
{
	return *(const uint64_t *)(bp + off);
}

static const struct linux_e820_entry *bp_e820(uintptr_t bp, unsigned int *n)
{
	*n = UK_MIN(bp_u8(bp, LINUX_BP_E820_ENTRIES), LINUX_E820_MAX);
	return (const void *)(bp + LINUX_BP_E820_TABLE);
}

/* True if [start, end) lies in one RAM entry of the boot_params E820 map. */
static bool linux_image_in_ram(uintptr_t bp, uint64_t start, uint64_t end)
{
	unsigned int i, n;
	const struct linux_e820_entry *e = bp_e820(bp, &n);

	for (i = 0; i < n; i++)
		if (e[i].type == LINUX_E820_RAM && e[i].addr <= start &&
		    end <= e[i].addr + e[i].size)
			return true;
	return false;
}

/*
 * The Linux boot protocol: the E820 map, the command line (cmd_line_ptr,
 * its high half in ext_cmd_line_ptr) and the RSDP a VMM may give in
 * acpi_rsdp_addr. The initrd fields are ignored: the kernel takes none.
 */
static bool bootinfo_from_linux(uintptr_t bp, uint64_t kstart, uint64_t kend)
{
	unsigned int i, n;
	const struct linux_e820_entry *e = bp_e820(bp, &n);

	if (bp_u32(bp, LINUX_BP_HDR_MAGIC) != LINUX_HDR_MAGIC ||
	    !linux_image_in_ram(bp, kstart, kend))
		return false;
	cmdline_copy((uint64_t)bp_u32(bp, LINUX_BP_EXT_CMD_LINE_PTR) << 32 |
		     bp_u32(bp, LINUX_BP_CMD_LINE_PTR));
	mrd_add(kstart, kend - kstart, UKPLAT_MEMRF_KERNEL);
	for (i = 0; i < n; i++) {
		if (e[i].type == LINUX_E820_RAM)
			mrd_add_free(e[i].addr, e[i].size);
		else
			mrd_add(e[i].addr, e[i].size, UKPLAT_MEMRF_RESERVED);
	}
	bi.rsdp = bp_u64(bp, LINUX_BP_ACPI_RSDP);
	uk_pr_info("x86: booted by the Linux boot protocol (%s-bit entry), "
		   "%u E820 entries\n",
		   x86_boot_magic == X86_LINUX64_BOOT_MAGIC ? "64" : "32", n);
	return true;
}

/*
 * The memory map, command line and RSDP of the boot information at info.
 * Returns false if the image does not lie in the RAM it reports.
 */
static bool bootinfo_from(uintptr_t info, uint64_t kstart, uint64_t kend)
{
	const struct multiboot_info *mi = (const void *)info;
	const struct hvm_start_info *si = (const void *)info;

	/* Multiboot v1 carries no RSDP: smp.c searches the BIOS areas. */
	bi.rsdp = 0;
	if (x86_boot_magic == X86_LINUX_BOOT_MAGIC ||
	    x86_boot_magic == X86_LINUX64_BOOT_MAGIC)
		return bootinfo_from_linux(info, kstart, kend);
	if (x86_boot_magic == X86_PVH_BOOT_MAGIC) {
		if (si->magic != XEN_HVM_START_MAGIC_VALUE ||
		    !pvh_image_in_ram(si, kstart, kend))
			return false;
		cmdline_copy(si->cmdline_paddr);
		mrd_add(kstart, kend - kstart, UKPLAT_MEMRF_KERNEL);
		mrd_from_pvh(si);
		bi.rsdp = si->rsdp_paddr;
		uk_pr_info("x86: booted by PVH\n");
		return true;
	}
	if (!image_in_ram(mi, kstart, kend))
		return false;
	cmdline_copy(mi->flags & MULTIBOOT_INFO_CMDLINE ? mi->cmdline : 0);
	/* QEMU and GRUB put the kernel's path before the arguments. */
	bi.cmdline_has_program = 1;
	mrd_add(kstart, kend - kstart, UKPLAT_MEMRF_KERNEL);
	if (mi->flags & MULTIBOOT_INFO_MEM_MAP) {
		mrd_from_mmap(mi);
	} else if (mi->flags & MULTIBOOT_INFO_MEMORY) {
		mrd_add_free(0, (uint64_t)mi->mem_lower << 10);
		mrd_add_free(1UL << 20, (uint64_t)mi->mem_upper << 10);
	}
	return true;
}

/*
 * Called by multiboot.S in long mode on the boot stack with the physical
 * address of the multiboot, PVH or Linux boot information; never returns.
 */
void _ukplat_multiboot_entry(uintptr_t info) __noreturn;

void _ukplat_multiboot_entry(uintptr_t info)
{
	uint64_t kstart = (uintptr_t)_text;
	uint64_t kend = UK_ALIGN_UP((uint64_t)(uintptr_t)_end, __PAGE_SIZE);

	x86_serial16550_init();
	/* Crash reports from here on; the PIC leaves vectors 8..15 alone. */
	if (x86_cpu_init(0) < 0) {
		uk_pr_err("boot CPU init failed\n");
		ukplat_terminate(1);
	}
	x86_pic_init();
	if (!bootinfo_from(info, kstart, kend)) {
		uk_pr_err("the kernel image [0x%lx, 0x%lx) does not fit in the "
			  "RAM the boot loader reports: give the VM more "
			  "memory (QEMU -m)\n",
			  (unsigned long)kstart, (unsigned long)kend);
		ukplat_terminate(1);
	}

	x86_virtio_mmio_take(cmdline);
	bi.cmdline = cmdline;
	mrd_add(X86_TRAMPOLINE_ADDR, __PAGE_SIZE, UKPLAT_MEMRF_RESERVED);
	/* The heap gets all of it: the page tables must reach it first. */
	if (x86_paging_map_ram(&bi) < 0) {
		uk_pr_err("no free page below 4 GiB for the page tables of "
			  "the RAM above\n");
		ukplat_terminate(1);
	}

	bi.dtb = 0;
	x86_boot_rsdp = bi.rsdp;
	/* Everything else is platform init (plat_init.c), after the heap. */
	uk_boot_entry(&bi);
}
