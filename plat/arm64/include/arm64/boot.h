/* Boot-time handover between arm64 early code and its C side. */
#ifndef ARM64_BOOT_H
#define ARM64_BOOT_H

#include <stdint.h>
#include <uk/plat/bootstrap.h>

/* Where QEMU virt puts RAM, and so our link address. */
#define ARM64_RAM_BASE 0x40000000UL

/*
 * Called by entry.S at EL1 with the MMU, caches, FP/SIMD and VBAR_EL1 on,
 * on the boot stack, with the device tree address from x0 (0 if none).
 */
void _ukplat_entry_c(uint64_t dtb) __noreturn;

/*
 * Fills bi from the device tree at fdt (NULL if there is none usable, as
 * start.c checks it): command line, RAM, kernel image and reserved ranges.
 * Returns 0, or -EINVAL without a tree, when bi only holds defaults.
 */
int arm64_bootinfo_init(struct ukplat_bootinfo *bi, const void *fdt);

/* The loaded image, from link.ld. */
extern char _text[], _end[];

#endif /* ARM64_BOOT_H */
