/* Platform time: the monotonic clock and halting until a deadline. */
#ifndef UK_PLAT_TIME_H
#define UK_PLAT_TIME_H

#include <uk/essentials.h>

/*
 * Sets up the clock source (x86_64: TSC; arm64: generic timer, CNTVCT_EL0
 * at CNTFRQ_EL0) and the calling CPU's timer interrupt (arm64: the virtual
 * timer PPI from the device tree). The platform calls it on the boot CPU
 * during boot, before main(), and sets up every secondary CPU's timer
 * itself; a second call does nothing.
 * Returns 0 or a negative errno (-ENODEV without a usable clock).
 */
int ukplat_time_init(void);

/*
 * Nanoseconds since a fixed point at or before boot (the counter's reset
 * on QEMU). Monotonic, the same timeline on every CPU, never wraps in
 * practice (2^64 ns is 584 years). Usable in any context, also before
 * ukplat_time_init() on arm64 (the counter runs from reset).
 */
__nsec ukplat_monotonic_clock(void);

/*
 * Halts the calling CPU until an interrupt arrives or the monotonic clock
 * reaches deadline, whichever comes first; the handler of a wake-up
 * interrupt has run when it returns. deadline == 0 means no deadline
 * (halt until an interrupt). Callable with IRQs enabled or disabled (an
 * interrupt already pending ends the halt at once); the IRQ state on
 * return is the one on entry. Uses the CPU's one-shot timer: the previous
 * deadline of this CPU is forgotten.
 * Returns 0 when deadline has passed (at once if it already had), or
 * -EINTR when another interrupt (or, for deadline 0, any interrupt) woke
 * the CPU first.
 */
int ukplat_lcpu_halt_to(__nsec deadline);

#endif /* UK_PLAT_TIME_H */
