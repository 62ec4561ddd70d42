/* arm64 per-CPU state, stacks and the secondary CPU entry. */
#ifndef ARM64_LCPU_H
#define ARM64_LCPU_H

#include <uk/config.h>

#define ARM64_LCPU_MAX CONFIG_UKPLAT_LCPU_MAXCOUNT

/*
 * Exception stack of each CPU (SP_EL1): exceptions, IRQ handlers and the
 * functions that ukplat_lcpu_run() queues run on it. A crash report needs
 * about 1 KiB of it.
 */
#define ARM64_EXC_STACK_SIZE 0x4000

/* Offsets in struct arm64_lcpu, for lcpu_entry.S. */
#define LCPU_OFF_EXC_SP 0
#define LCPU_OFF_SP 8

/* Offsets in struct arm64_mmu_state, for lcpu_entry.S. */
#define MMU_OFF_MAIR 0
#define MMU_OFF_TCR 8
#define MMU_OFF_TTBR0 16
#define MMU_OFF_TTBR1 24
#define MMU_OFF_SCTLR 32

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>

/* Life cycle of a CPU (arm64_lcpu.state). */
#define ARM64_LCPU_OFFLINE 0 /* described by firmware, never started */
#define ARM64_LCPU_STARTING 1 /* PSCI CPU_ON done, not initialised yet */
#define ARM64_LCPU_BUSY 2 /* running main() or its entry function */
#define ARM64_LCPU_IDLE 3 /* in the idle loop */

/* Why a CPU halts (arm64_lcpu.halted). */
#define ARM64_HALT_WAIT 1 /* ukplat_lcpu_halt(): until any IRQ */
#define ARM64_HALT_TO 2 /* ukplat_lcpu_halt_to(): the timer is its deadline's */

struct arm64_lcpu {
	unsigned long exc_sp; /* top of the exception stack (SP_EL1) */
	unsigned long sp; /* first SP_EL0 of a secondary CPU */
	__lcpuidx idx;
	int state; /* ARM64_LCPU_*, atomic */
	uint64_t mpidr; /* MPIDR_EL1 affinity fields */
	ukplat_lcpu_entry_t entry;
	int crashing; /* in arm64_crash() */
	int halted; /* ARM64_HALT_*, or 0: not halted */
	int tick_on; /* ukplat_tick_start() ran here: the timer ticks */

	/*
	 * Queue of ukplat_lcpu_run() functions: other CPUs append under
	 * qlock and bump queued; this CPU runs entry done % LEN and bumps
	 * done. Both only grow.
	 */
	int qlock;
	unsigned long queued, done;
	struct ukplat_lcpu_func q[UKPLAT_LCPU_QUEUE_LEN];

	/* Interrupt controller, filled by the GIC driver on this CPU. */
	uint32_t gicv2_mask; /* GICv2: this CPU interface's target bit */
	uintptr_t gicr; /* GICv3: this CPU's redistributor (RD_base) */
} __aligned(64);

_Static_assert(__builtin_offsetof(struct arm64_lcpu, exc_sp) == LCPU_OFF_EXC_SP,
	       "lcpu_entry.S offsets");
_Static_assert(__builtin_offsetof(struct arm64_lcpu, sp) == LCPU_OFF_SP,
	       "lcpu_entry.S offsets");

/* MMU registers of the boot CPU, loaded by secondaries with the MMU off. */
struct arm64_mmu_state {
	uint64_t mair, tcr, ttbr0, ttbr1, sctlr;
};

_Static_assert(__builtin_offsetof(struct arm64_mmu_state, sctlr) ==
		       MMU_OFF_SCTLR,
	       "lcpu_entry.S offsets");

extern struct arm64_lcpu arm64_lcpus[ARM64_LCPU_MAX];
extern unsigned int arm64_lcpu_num; /* entries of arm64_lcpus in use */
extern struct arm64_mmu_state arm64_lcpu_mmu;
/*
 * The boot CPU's exception stack; secondary CPUs' come from the heap when
 * they first start (ukplat_lcpu_start), so an image pays for the CPUs it
 * runs, not for lcpu_maxcount of them.
 */
extern char arm64_boot_exc_stack[ARM64_EXC_STACK_SIZE];

/* The calling CPU's state (TPIDR_EL1, set before any C code runs). */
static inline struct arm64_lcpu *arm64_lcpu_self(void)
{
	struct arm64_lcpu *l;

	__asm__ __volatile__("mrs %0, tpidr_el1" : "=r"(l));
	return l;
}

/* MPIDR_EL1 affinity fields Aff3..Aff0 (bits 39:32 and 23:0). */
#define ARM64_MPIDR_AFF_MASK 0xff00ffffffUL

/*
 * Finds the CPUs in the device tree at fdt (/cpus, device_type "cpu",
 * reg = MPIDR affinity), makes the calling CPU index 0 and keeps at most
 * ARM64_LCPU_MAX, logging the others. Returns the number of CPUs.
 */
unsigned int arm64_lcpu_discover(const void *fdt);

/*
 * Issues PSCI CPU_ON for lcpu (state STARTING, sp set) at
 * arm64_lcpu_entry. Returns 0, -EBUSY, -EINVAL or -EIO.
 */
int arm64_lcpu_power_on(struct arm64_lcpu *lcpu);

/*
 * The C side of a secondary CPU (lcpu_entry.S): per-CPU GIC and timer
 * set-up, the entry function, then the idle loop.
 */
void arm64_lcpu_secondary_main(struct arm64_lcpu *lcpu) __noreturn;

/*
 * Puts the calling secondary CPU online: runs its entry function (state
 * BUSY) if it has one, then idles (state IDLE) in wfi, running queued
 * functions from the wake-up SGI.
 */
void arm64_lcpu_idle(struct arm64_lcpu *self) __noreturn;

/* Runs the calling CPU's queued functions (from the wake-up SGI). */
void arm64_lcpu_run_queue(struct __regs *regs);

/* PSCI CPU_ON entry point (lcpu_entry.S), MMU off, x0 = struct lcpu *. */
void arm64_lcpu_entry(void);

#endif /* !__ASSEMBLER__ */
#endif /* ARM64_LCPU_H */
