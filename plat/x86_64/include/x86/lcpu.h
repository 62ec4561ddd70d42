/* x86_64 logical CPUs: per-CPU state, SMP bring-up and the AP trampoline. */
#ifndef X86_LCPU_H
#define X86_LCPU_H

/*
 * Physical page the real-mode AP trampoline is copied to (STARTUP IPI
 * vector X86_TRAMPOLINE_ADDR >> 12). multiboot.c keeps it out of the
 * free memory map.
 */
#define X86_TRAMPOLINE_ADDR 0x8000

/* GDT selectors of the trampoline's own GDT (trampoline.S). */
#define X86_TRAMPOLINE_CODE32 0x08
#define X86_TRAMPOLINE_DATA 0x10
#define X86_TRAMPOLINE_CODE64 0x18

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>
#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/spinlock.h>

/* Life cycle of a CPU (struct x86_lcpu.state). */
#define X86_LCPU_OFFLINE 0 /* described by the MADT, never started */
#define X86_LCPU_STARTING 1 /* INIT-SIPI-SIPI sent, not in C yet */
#define X86_LCPU_BUSY 2 /* running main() or its entry function */
#define X86_LCPU_IDLE 3 /* in the idle loop */

/* Why a CPU halts (struct x86_lcpu.halted). */
#define X86_HALT_WAIT 1 /* ukplat_lcpu_halt(): until any IRQ */
#define X86_HALT_TO 2 /* ukplat_lcpu_halt_to(): the timer is its deadline's */

struct x86_lcpu {
	uint32_t apic_id;
	int state; /* X86_LCPU_*, atomic */
	ukplat_lcpu_entry_t entry;

	/*
	 * Queue of ukplat_lcpu_run() functions: other CPUs append under
	 * qlock and bump queued; the CPU itself runs slot done % LEN and
	 * bumps done. Both only grow.
	 */
	struct uk_spinlock qlock;
	unsigned long queued, done;
	struct ukplat_lcpu_func q[UKPLAT_LCPU_QUEUE_LEN];

	/* Set by the timer interrupt, cleared when the timer is armed. */
	int timer_fired;
	/*
	 * Set by every other interrupt (IPIs, devices), cleared with
	 * timer_fired: a halt_to() woken by both at once ends (a stale tick
	 * must not hide the wake-up that came with it).
	 */
	int irq_other;
	/* X86_HALT_*: in ukplat_lcpu_halt() or halt_to(), if not 0. */
	int halted;
	/* ukplat_tick_start() ran on this CPU: the timer ticks when not halted. */
	int tick_on;
} __aligned(64);

extern struct x86_lcpu x86_lcpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];
extern unsigned int x86_lcpu_num; /* entries of x86_lcpus in use */

/*
 * Read by trampoline.S: the APIC ids of the x86_lcpu_num CPUs (index =
 * CPU index), each started CPU's first stack pointer, and the boot CPU's
 * CR3 and EFER for the secondaries.
 */
extern uint32_t x86_lcpu_apic_ids[CONFIG_UKPLAT_LCPU_MAXCOUNT];
extern uint64_t x86_lcpu_boot_sp[CONFIG_UKPLAT_LCPU_MAXCOUNT];
extern uint64_t x86_ap_cr3, x86_ap_efer, x86_ap_fsbase;

/* trampoline.S: the real-mode part, copied to X86_TRAMPOLINE_ADDR. */
extern char x86_trampoline_start[], x86_trampoline_end[];

/*
 * The ACPI RSDP from the boot protocol, or 0 to search the BIOS areas
 * (multiboot v1 carries none). Set before uk_boot_entry().
 */
extern uint64_t x86_boot_rsdp;

/*
 * Finds the CPUs (ACPI MADT through the RSDP at rsdp, or found by search
 * when 0), keeps the first CONFIG_UKPLAT_LCPU_MAXCOUNT with the boot CPU
 * as index 0 and logs the ignored ones, enables the boot CPU's local
 * APIC, registers the IPI vector and copies the AP trampoline. Without
 * ACPI (or without heap memory for the parsed MADT) the machine runs on
 * the boot CPU alone. Call once on the boot CPU after x86_cpu_init(0) and
 * the heap, with IRQs disabled, before ukplat_time_init().
 * Returns 0 or a negative errno (no usable local APIC).
 */
int x86_smp_init(uint64_t rsdp);

/* The calling CPU's entry in x86_lcpus (index 0 before x86_cpu_init). */
struct x86_lcpu *x86_lcpu_self(void);

/*
 * C entry of a secondary CPU (from trampoline.S, on its sp[] stack):
 * CPU init, APIC, timer, then the entry function and the idle loop. The
 * CPU takes the FS base (thread pointer) of the CPU that called
 * ukplat_lcpu_start(), so that libc calls in its functions find a
 * thread; it shares that thread's TLS until a scheduler gives it its own.
 */
void x86_lcpu_entry64(unsigned int idx) __noreturn;

/* Registers the IPI vector's handler (lcpu.c). Returns 0 or -errno. */
int x86_lcpu_ipi_init(void);

/* Sets up this CPU's timer interrupt (time.c); every CPU calls it once. */
void x86_time_cpu_init(void);

/* "TSC-deadline", "one-shot" or "none": the timer mode time.c uses. */
const char *x86_time_timer_mode(void);

#endif /* !__ASSEMBLER__ */
#endif /* X86_LCPU_H */
