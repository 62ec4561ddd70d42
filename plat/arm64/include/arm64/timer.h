/* Arm generic timer: the clock and the per-CPU one-shot virtual timer. */
#ifndef ARM64_TIMER_H
#define ARM64_TIMER_H

/* Virtual timer PPI on every Arm platform we know (SBSA), as a fallback. */
#define ARM64_TIMER_VIRT_INTID 27

/*
 * Enables the calling CPU's timer interrupt at the GIC (the PPI is
 * banked per CPU). The boot CPU does it in ukplat_time_init().
 */
void arm64_timer_cpu_init(void);

/* Deadline timer interrupts the calling CPU has taken (not ticks). */
unsigned long arm64_timer_irq_count(void);

/* The virtual timer's INTID (from the device tree) and CNTFRQ_EL0. */
unsigned int arm64_timer_intid(void);
unsigned long arm64_timer_freq(void);

#endif /* ARM64_TIMER_H */
