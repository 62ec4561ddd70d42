/* Handover from a platform's boot code to the portable kernel. */
#ifndef UK_PLAT_BOOTSTRAP_H
#define UK_PLAT_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

#define UKPLAT_MEMRF_FREE 0x1 /* usable RAM, not holding the kernel */
#define UKPLAT_MEMRF_KERNEL 0x2 /* the loaded kernel image */
#define UKPLAT_MEMRF_RESERVED 0x4 /* firmware, MMIO or otherwise unusable */

struct ukplat_memregion {
	uint64_t pbase;
	uint64_t len;
	uint32_t flags;
};

#define UKPLAT_MEMREGION_MAX 64

/*
 * Protocol-neutral boot information. The boot protocol code (multiboot,
 * device tree) fills it; nothing after it depends on the protocol.
 */
struct ukplat_bootinfo {
	const char *cmdline; /* kernel command line, never NULL */
	/*
	 * 1 if the command line's first word names the program (multiboot
	 * loaders put the kernel's path first); otherwise main() gets
	 * argv[0] = "tessera" and the command line's words after it, so
	 * that the same -append gives the same arguments everywhere.
	 */
	int cmdline_has_program;
	unsigned int mrd_count;
	struct ukplat_memregion mrd[UKPLAT_MEMREGION_MAX];
	uint64_t rsdp; /* x86_64: ACPI RSDP physical address, 0 if unknown */
	uint64_t dtb; /* arm64: device tree physical address, 0 if unknown */
};

/*
 * Entry into the portable kernel (core/boot), called once on the boot CPU
 * by the platform after its early CPU setup, with a stack and the console
 * working. Never returns.
 */
void uk_boot_entry(struct ukplat_bootinfo *bi) __noreturn;

/*
 * Powers the machine off so that the VMM exits reporting status (0..255):
 * isa-debug-exit on x86_64, semihosting or PSCI SYSTEM_OFF on arm64.
 */
void ukplat_terminate(int status) __noreturn;

/*
 * The line ukplat_terminate() writes to the VMM's side channel (QEMU's
 * isa-debugcon on x86_64, the semihosting console on arm64) just before
 * powering off: "exit N\n" with N = status & 0xff. tools/qemu_run.sh
 * reads it to tell a guest's exit from QEMU's own failure, which may end
 * with the same process status.
 */
#define UKPLAT_EXIT_LINE_SIZE 10

static inline void ukplat_exit_line(char buf[UKPLAT_EXIT_LINE_SIZE], int status)
{
	unsigned int n = (unsigned int)status & 0xff;
	unsigned int div;
	char *p = buf;

	*p++ = 'e';
	*p++ = 'x';
	*p++ = 'i';
	*p++ = 't';
	*p++ = ' ';
	for (div = 100; div > 1 && n < div; div /= 10)
		;
	for (; div; div /= 10)
		*p++ = (char)('0' + n / div % 10);
	*p++ = '\n';
	*p = '\0';
}

#endif /* UK_PLAT_BOOTSTRAP_H */
