/* Trap and IRQ handler registration, and the crash exit status. */
#ifndef UK_PLAT_TRAP_H
#define UK_PLAT_TRAP_H

#include <uk/essentials.h>

/* The architecture's register frame, defined in <uk/asm/regs.h>. */
struct __regs;

/*
 * A trap or IRQ handler. Runs with IRQs disabled, on the interrupted stack
 * for exceptions and on the CPU's IRQ stack for interrupts. regs is the
 * interrupted context and may be modified (the trap returns into it);
 * error_code is the CPU's error code (0 when the vector has none).
 * Returns non-zero when it handled the trap, 0 to let the next handler
 * (and finally the platform) deal with it.
 */
typedef int (*ukplat_trap_handler_t)(struct __regs *regs,
				     unsigned long error_code, void *arg);

/* Number of vectors: x86_64 IDT vectors 0..255 (0..31 exceptions). */
#define UKPLAT_TRAP_VECTORS 256
/* Handlers per vector (shared IRQ lines, several interested libraries). */
#define UKPLAT_TRAP_HANDLERS_MAX 4

/*
 * Registers handler(regs, error_code, arg) for a vector. On a trap the
 * vector's handlers run in slot order until one returns non-zero. An
 * exception that no handler claims is a crash: the platform prints a
 * crash report and powers off with UKPLAT_TRAP_CRASH_STATUS(vector).
 * Safe to call from any CPU with IRQs enabled or not, but not from a
 * trap handler.
 * Returns 0, -EINVAL if vector >= UKPLAT_TRAP_VECTORS or handler is NULL,
 * -EEXIST if the same handler and arg are already registered there, or
 * -EBUSY if the vector already has UKPLAT_TRAP_HANDLERS_MAX handlers.
 */
int ukplat_trap_register(unsigned int vector, ukplat_trap_handler_t handler,
			 void *arg) __must_check;

/*
 * Removes a handler registered with the same vector, handler and arg.
 * After it returns, the handler is no longer called for new traps; a call
 * already running on another CPU may still complete.
 * Returns 0, -EINVAL for a bad vector, or -ENOENT if not registered.
 */
int ukplat_trap_unregister(unsigned int vector, ukplat_trap_handler_t handler,
			   void *arg);

/*
 * x86_64: interrupt numbers are below this. 0..15 are the legacy (ISA)
 * lines, 16 and up the I/O APIC's GSIs of the same number (only with an
 * I/O APIC; the i8259 PIC pair delivers lines 0..15 where there is none).
 * Line 2 is the PIC cascade and cannot be registered.
 */
#define UKPLAT_IRQ_LINES 64

/*
 * Registers handler for interrupt irq and unmasks it. irq is the
 * platform's interrupt number: on x86_64 a legacy IRQ line or
 * an I/O APIC GSI (below UKPLAT_IRQ_LINES), on arm64 a
 * GIC INTID (16..31 a PPI of the calling CPU, 32 and up an SPI). The
 * platform acknowledges the interrupt controller after the handlers ran;
 * handlers only service their device and get irq as error_code. An
 * interrupt that no handler claims is acknowledged and ignored (one with
 * no handler at all is masked).
 * Returns 0, -EINVAL for a bad number or NULL handler, -EEXIST or -EBUSY
 * as for ukplat_trap_register().
 */
int ukplat_irq_register(unsigned int irq, ukplat_trap_handler_t handler,
			void *arg) __must_check;

/*
 * Trigger modes for ukplat_irq_set_trigger(): one of these. The values
 * are those of the device tree's interrupt flags (and Linux's IRQ_TYPE_*).
 */
#define UKPLAT_IRQ_EDGE_RISING 1
#define UKPLAT_IRQ_EDGE_FALLING 2
#define UKPLAT_IRQ_LEVEL_HIGH 4
#define UKPLAT_IRQ_LEVEL_LOW 8

/*
 * Configures how interrupt irq (numbered as for ukplat_irq_register()) is
 * signalled: edge or level, and its polarity, as the device's
 * description says. Call before registering a handler for it.
 * Returns 0, -EINVAL for a bad number or a trigger that is not one of
 * UKPLAT_IRQ_*, or -ENOTSUP when the interrupt controller cannot take
 * that trigger for that interrupt (e.g. a falling edge on a GIC SPI).
 */
int ukplat_irq_set_trigger(unsigned int irq, unsigned int trigger) __must_check;

/*
 * Removes a handler registered by ukplat_irq_register(); masks the line
 * when it was the last one. Returns 0, -EINVAL or -ENOENT.
 */
int ukplat_irq_unregister(unsigned int irq, ukplat_trap_handler_t handler,
			  void *arg);

/*
 * Exit status of the machine after an unhandled trap: 64 + vector for an
 * exception (vector < 32; e.g. 78 for a page fault, 72 for a double
 * fault), 96 for an unexpected interrupt, 97 for a fault inside the crash
 * handler. Kept below 128 because QEMU's isa-debug-exit reports
 * (status << 1) | 1 in an 8-bit process exit code.
 */
#define UKPLAT_TRAP_CRASH_STATUS(vector)                                       \
	((vector) < 32 ? 64 + (int)(vector) : 96)
#define UKPLAT_TRAP_CRASH_NESTED_STATUS 97

#endif /* UK_PLAT_TRAP_H */
