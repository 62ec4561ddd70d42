/* Logical CPUs: start secondary CPUs, run functions on them, IRQ state. */
#ifndef UK_PLAT_LCPU_H
#define UK_PLAT_LCPU_H

#include <uk/asm/regs.h>
#include <uk/essentials.h>

/*
 * Logical CPUs are numbered by index (__lcpuidx): 0 is the boot CPU, then
 * the other CPUs that firmware describes (ACPI MADT on x86_64, device tree
 * /cpus on arm64) in firmware order, at most CONFIG_UKPLAT_LCPU_MAXCOUNT
 * (the `lcpu_maxcount` image setting); further CPUs are ignored with a log
 * line at boot. Every CPU other than the boot CPU starts offline.
 *
 * Index arrays: functions taking (idx, num) act on the num CPUs listed in
 * idx[], in order. idx == NULL means every CPU except the calling one that
 * the function applies to (for ukplat_lcpu_start(): the offline ones; for
 * the others: the started ones); num may then be NULL. When num is not
 * NULL it returns how many entries were processed: all of them on success,
 * the position of the failing entry on error. An entry naming the
 * calling CPU is skipped by ukplat_lcpu_wait() and ukplat_lcpu_wakeup().
 *
 * Errors, the same on every architecture:
 *   -EINVAL     an index >= ukplat_lcpu_count(), a NULL sp[] entry or
 *               fn, or idx != NULL with num == NULL;
 *   -EBUSY      ukplat_lcpu_start() on a CPU that is already started,
 *               starting, or the calling CPU;
 *   -ENODEV     run/wait/wakeup on a CPU that was never started;
 *   -EAGAIN     ukplat_lcpu_run() with UKPLAT_LCPU_RFLG_DONOTBLOCK and a
 *               full queue on a target CPU;
 *   -ETIMEDOUT  ukplat_lcpu_wait() ran out of time;
 *   -EIO        firmware refused to start a CPU.
 */

/*
 * A function to run on a CPU. fn runs on the target CPU in interrupt
 * context (IRQs disabled, on that CPU's exception/IRQ stack) from the
 * wake-up IPI; regs is the context the IPI interrupted (never NULL).
 * fn must not block on the caller of ukplat_lcpu_run().
 */
struct ukplat_lcpu_func {
	void (*fn)(struct __regs *regs, void *arg);
	void *arg;
};

/*
 * Optional function that a newly started CPU runs after its own CPU
 * initialisation, with IRQs enabled, on the stack given to
 * ukplat_lcpu_start(). While it runs the CPU is busy (ukplat_lcpu_wait()
 * waits for it); when it returns, the CPU idles.
 */
typedef void (*ukplat_lcpu_entry_t)(void);

/* Do not wait for the function to complete on the target CPUs. */
#define UKPLAT_LCPU_RFLG_DONOTBLOCK 0x1

/* Functions that can be queued on one CPU before ukplat_lcpu_run waits. */
#define UKPLAT_LCPU_QUEUE_LEN 8

/* Hardware id of the calling CPU: APIC id on x86_64, MPIDR affinity
 * (Aff3 << 32 | Aff2 << 16 | Aff1 << 8 | Aff0) on arm64. */
__lcpuid ukplat_lcpu_id(void);

/* Index of the calling CPU (0 is the boot CPU). */
__lcpuidx ukplat_lcpu_idx(void);

/* Number of logical CPUs the platform manages, started or not. */
unsigned int ukplat_lcpu_count(void);

/*
 * Starts the offline CPUs in idx[0..*num) (NULL: all offline CPUs except
 * the caller). The i-th CPU started runs on the stack whose top is sp[i]
 * (16-byte aligned, at least 8 KiB recommended; the caller keeps it
 * allocated while the CPU lives) and then runs entry[i] if entry and
 * entry[i] are not NULL, or idles. Returns once the firmware accepted every
 * start request: use ukplat_lcpu_wait() to know when the CPUs are idle.
 * flags must be 0.
 * Returns 0 or a negative errno (see above); *num = number started.
 */
int ukplat_lcpu_start(const __lcpuidx idx[], unsigned int *num, void *sp[],
		      const ukplat_lcpu_entry_t entry[],
		      unsigned long flags) __must_check;

/*
 * Waits until every CPU in idx[0..*num) (NULL: every other started CPU)
 * is idle: started, out of its entry function and with no queued
 * function left. The boot CPU is never idle while main() runs.
 * timeout_ns is relative; 0 waits forever.
 * Returns 0, -ETIMEDOUT when a CPU was still busy at the timeout, or
 * -EINVAL/-ENODEV for a bad entry.
 */
int ukplat_lcpu_wait(const __lcpuidx idx[], unsigned int *num,
		     __nsec timeout_ns);

/*
 * Queues fn (copied) on every CPU in idx[0..*num) (NULL: every other
 * started CPU) and wakes each one with an IPI; each CPU runs its queue in
 * order. Unless flags has UKPLAT_LCPU_RFLG_DONOTBLOCK, waits until fn
 * completed on all of them (then call it with IRQs enabled: a CPU that
 * runs fn may itself wait for the caller). An entry naming the calling
 * CPU runs fn directly, before returning, with regs of the call site
 * unavailable (regs points to a zeroed frame).
 * Returns 0 or a negative errno (see above).
 */
int ukplat_lcpu_run(const __lcpuidx idx[], unsigned int *num,
		    const struct ukplat_lcpu_func *fn, unsigned long flags);

/*
 * Sends the wake-up IPI to every CPU in idx[0..*num) (NULL: every other
 * started CPU): a CPU halted in ukplat_lcpu_halt()/ukplat_lcpu_halt_to()
 * returns from it. Returns 0 or a negative errno (see above).
 */
int ukplat_lcpu_wakeup(const __lcpuidx idx[], unsigned int *num);

/*
 * Sets the thread pointer (see ukplat_tlsp_set() in <uk/plat/thread.h>)
 * with which CPU idx runs its code outside the scheduler: its entry
 * function and the functions of ukplat_lcpu_run(). A C library that keeps
 * per-thread state (errno, lock owners) behind the thread pointer needs
 * one per CPU. Call before ukplat_lcpu_start() starts the CPU; a CPU
 * without one runs with the thread pointer its starter had.
 * Returns 0, -EINVAL for idx >= ukplat_lcpu_count() or the boot CPU (idx
 * 0, whose thread pointer is its running thread's), or -EBUSY if the CPU
 * is already started.
 */
int ukplat_lcpu_set_tlsp(__lcpuidx idx, unsigned long tlsp);

/* IRQ state of the calling CPU. Usable in any context. */
void ukplat_lcpu_enable_irq(void);
void ukplat_lcpu_disable_irq(void);
/* Non-zero when IRQs are disabled on the calling CPU. */
int ukplat_lcpu_irqs_disabled(void);
/* Disables IRQs and returns the previous state for restore_irqf. */
unsigned long ukplat_lcpu_save_irqf(void);
/* Restores a state returned by ukplat_lcpu_save_irqf(). */
void ukplat_lcpu_restore_irqf(unsigned long flags);

/*
 * Halts the calling CPU until an interrupt arrives; the interrupt's
 * handler has run when it returns. Callable with IRQs enabled or
 * disabled (without a lost wake-up: an interrupt already pending ends the
 * halt at once); the IRQ state on return is the one on entry.
 */
void ukplat_lcpu_halt(void);

#endif /* UK_PLAT_LCPU_H */
