/*
 * x86_64 platform init (inittab, after the heap): boot stack guard, CPUs
 * and local APICs from the MADT, lcpu IPIs, clock and timer, then W^X.
 */
#include <stdint.h>
#include <uk/config.h>
#include <uk/init.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <x86/apic.h>
#include <x86/lcpu.h>
#include <x86/paging.h>
#include <x86/tsc.h>

/* The page below the boot stack (multiboot.S). */
extern char x86_boot_stack_guard[];

uint64_t x86_boot_rsdp;

static int x86_plat_init(void)
{
	int rc;

	/* Page tables for the split come from the heap. */
	if (x86_page_unmap_4k((uintptr_t)x86_boot_stack_guard) < 0)
		uk_pr_warn("no guard page below the boot stack\n");
	rc = x86_smp_init(x86_boot_rsdp);
	if (rc) {
		uk_pr_err("local APIC init failed: %d\n", rc);
		return rc;
	}
	/* Without a clock every sleep would last for ever: stop instead. */
	rc = ukplat_time_init();
	if (rc) {
		uk_pr_err("no clock or timer interrupt: %d\n", rc);
		return rc;
	}
	uk_pr_info("x86: %u CPUs, %s, %s timer, TSC %lu kHz (%s)\n",
		   ukplat_lcpu_count(), x86_apic_mode()->name,
		   x86_time_timer_mode(), (unsigned long)(x86_tsc_hz() / 1000),
		   x86_tsc_source());
	/* After x86_smp_init() copied the AP trampoline: W^X seals it. */
	if (CONFIG_ENFORCE_W_XOR_X) {
		rc = x86_paging_wxorx();
		if (rc) {
			uk_pr_err("w_xor_x: cannot protect the image: %d\n",
				  rc);
			return rc;
		}
	}
	/*
	 * Threads run with IRQs enabled, as on arm64: the preemption tick
	 * and device IRQs reach a busy thread, not only a halted CPU.
	 */
	ukplat_lcpu_enable_irq();
	return 0;
}

uk_plat_initcall(x86_plat_init);
