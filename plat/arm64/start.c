/* arm64 C entry: console, PSCI conduit, boot information, then the kernel. */
#include <uk/plat/bootstrap.h>
#include <uk/plat/console.h>
#include <arm64/boot.h>
#include <libfdt.h>
#include <arm64/fdt.h>
#include <arm64/mmu.h>
#include <arm64/pl011.h>
#include <arm64/psci.h>

static struct ukplat_bootinfo bi;
static const char no_pt_msg[] = "arm64: cannot build the page tables\n";

void _ukplat_entry_c(uint64_t dtb)
{
	const void *fdt = (const void *)(uintptr_t)dtb;

	arm64_pl011_init();

	/*
	 * QEMU passes the DTB in x0 to Linux-style Images only; an ELF gets
	 * x0 = 0 and the DTB at the base of RAM. Past this point fdt is a
	 * tree that arm64_fdt_usable() accepted, or NULL.
	 */
	if (!fdt)
		fdt = (const void *)ARM64_RAM_BASE;
	if (!arm64_fdt_usable(fdt))
		fdt = NULL;

	arm64_fdt = fdt; /* for drivers: GIC, timer, CPUs (plat_init.c) */
	arm64_psci_init(fdt);
	arm64_bootinfo_init(&bi, fdt);
	if (arm64_mmu_init(&bi) < 0) {
		ukplat_coutk(no_pt_msg, sizeof(no_pt_msg) - 1);
		ukplat_terminate(1);
	}
	uk_boot_entry(&bi);
}
